package dev.vigil.scanning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rule metadata, looked up by repository, tool and rule id. */
@ApplicationScoped
public class ScanRuleRepository
    implements PanacheRepositoryBase<ScanRuleEntity, ScanRuleEntity.Key> {

  /** Rules of the repository with these ids, keyed by {@link #key(String, String)}. */
  public Uni<Map<String, ScanRuleEntity>> find(long repoId, Collection<String> ruleIds) {
    if (ruleIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return find("repoId = ?1 and ruleId in ?2", repoId, List.copyOf(ruleIds))
        .list()
        .map(
            rules -> {
              Map<String, ScanRuleEntity> byKey = new HashMap<>();
              rules.forEach(r -> byKey.put(key(r.toolName, r.ruleId), r));
              return byKey;
            });
  }

  public static String key(String toolName, String ruleId) {
    return toolName + "\u0000" + ruleId;
  }
}
