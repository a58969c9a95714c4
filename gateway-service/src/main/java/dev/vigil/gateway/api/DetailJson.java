package dev.vigil.gateway.api;

/** GitGuardian's {@code {"detail": ...}} body. */
public record DetailJson(String detail) {}
