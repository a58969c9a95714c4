package dev.vigil.scanning.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One kept result of an analysis, for the analysis' SARIF view. */
@Entity
@Table(name = "analysis_result")
@IdClass(AnalysisResultEntity.Key.class)
public class AnalysisResultEntity {

  @Id
  @Column(name = "analysis_id")
  public long analysisId;

  @Id public int ordinal;

  @Column(name = "alert_id", nullable = false)
  public long alertId;

  @Column(name = "rule_id")
  public String ruleId;

  @Column(nullable = false)
  public String level;

  @Column(nullable = false)
  public String message;

  public String path;

  @Column(name = "start_line")
  public Integer startLine;

  @Column(name = "end_line")
  public Integer endLine;

  @Column(name = "start_column")
  public Integer startColumn;

  @Column(name = "end_column")
  public Integer endColumn;

  @Column(nullable = false)
  public String fingerprint;

  /** JSON object. */
  @Column(name = "partial_fingerprints", nullable = false)
  public String partialFingerprints;

  /** Composite key. */
  public static class Key implements Serializable {
    public long analysisId;
    public int ordinal;

    public Key() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.analysisId == analysisId && k.ordinal == ordinal;
    }

    @Override
    public int hashCode() {
      return Objects.hash(analysisId, ordinal);
    }
  }
}
