package dev.vigil.repoconfig.api;

/** {@code data} of {@code DELETE /v1/config/repos/{id}}. */
public record ConnectionDeleted(String id, boolean deleted) {}
