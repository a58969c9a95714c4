package dev.vigil.repoconfig.api;

/**
 * Result of {@code POST /internal/v1/credentials/rewrap}.
 *
 * @param remaining envelopes still under another key; 0 means the old keys can be dropped
 */
public record RewrapView(String activeKeyId, int rewrapped, int failed, long remaining) {}
