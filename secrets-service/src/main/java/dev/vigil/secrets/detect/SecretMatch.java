package dev.vigil.secrets.detect;

/**
 * One part of a finding, positioned as GitGuardian positions it: {@code indexStart} and {@code
 * indexEnd} are character (code point) indices into the document, the end inclusive; lines count
 * from 1.
 */
public record SecretMatch(
    String type, String match, int indexStart, int indexEnd, int lineStart, int lineEnd) {}
