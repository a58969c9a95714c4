package dev.vigil.repoconfig.api;

/** {@code data} of a 201 from {@code POST /v1/config/repos}, exactly as the seed shows it. */
public record ConnectionCreated(String id, String platform) {}
