package dev.vigil.repoconfig.domain;

/**
 * One entry of {@code serviceMappings}: which part of which repository a service's code lives in.
 * Components are nullable as received; see {@link ConnectionValidator}.
 */
public record ServiceMapping(
    String serviceName, String repo, String pathPrefix, String defaultBranch) {}
