package dev.vigil.sync.domain.repo;

import java.util.List;
import java.util.Map;

/**
 * The YAML files of a repository at one revision, read from its archive.
 *
 * @param yamlFiles repository-relative path to text of every {@code .yml}/{@code .yaml} file within
 *     the size limit
 * @param oversizeRuleFiles paths of rule files (they carry the schema header) above the limit
 */
public record RepositorySnapshot(Map<String, String> yamlFiles, List<String> oversizeRuleFiles) {}
