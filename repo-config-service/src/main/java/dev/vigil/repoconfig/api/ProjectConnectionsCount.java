package dev.vigil.repoconfig.api;

/** How many repository connections a project has. */
public record ProjectConnectionsCount(String projectId, long connections) {}
