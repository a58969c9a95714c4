package dev.vigil.scanning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The kept results of analyses. */
@ApplicationScoped
public class AnalysisResultRepository
    implements PanacheRepositoryBase<AnalysisResultEntity, AnalysisResultEntity.Key> {

  public Uni<List<AnalysisResultEntity>> forAnalysis(long analysisId) {
    return find("analysisId", Sort.by("ordinal"), analysisId).list();
  }
}
