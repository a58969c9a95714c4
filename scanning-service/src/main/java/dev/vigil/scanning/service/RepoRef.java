package dev.vigil.scanning.service;

import java.util.UUID;

/**
 * A repository the caller's tenant has connected.
 *
 * @param tenantId the tenant
 * @param fullName {@code owner/repo} as repo-config spells it
 * @param defaultBranch the default branch, or null when unknown
 * @param repoId code scanning's id of the repository, or null before its first upload
 * @param serviceMappingsJson the connection's service mappings (JSON array)
 */
public record RepoRef(
    UUID tenantId, String fullName, String defaultBranch, Long repoId, String serviceMappingsJson) {

  public RepoRef withRepoId(long id) {
    return new RepoRef(tenantId, fullName, defaultBranch, id, serviceMappingsJson);
  }
}
