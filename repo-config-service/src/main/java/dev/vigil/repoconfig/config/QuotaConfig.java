package dev.vigil.repoconfig.config;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/**
 * Repositories-per-project quota overrides, e.g. {@code vigil.repo-config.quota.repos.team=100}
 * (env {@code VIGIL_REPO_CONFIG_QUOTA_REPOS_TEAM=100}). Plans not listed keep the defaults of
 * {@code Plans} (free 5, team 50, enterprise and unlimited without limit); {@code -1} means
 * unlimited.
 */
@ConfigMapping(prefix = "vigil.repo-config.quota")
public interface QuotaConfig {

  /** Plan name to the largest number of repositories a project may connect. */
  Map<String, Integer> repos();
}
