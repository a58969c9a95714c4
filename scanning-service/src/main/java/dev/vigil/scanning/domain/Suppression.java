package dev.vigil.scanning.domain;

/**
 * A SARIF {@code suppression}.
 *
 * @param kind {@code inSource} or {@code external}.
 * @param status {@code accepted}, {@code underReview}, {@code rejected}, or null (= accepted).
 * @param justification free text, or null.
 */
public record Suppression(String kind, String status, String justification) {

  /** Bounds the strings (see {@link SarifStrings}). */
  public Suppression {
    kind = SarifStrings.identifier("suppression kind", kind);
    status = SarifStrings.identifier("suppression status", status);
    justification = SarifStrings.text(justification);
  }

  /** True when this suppression takes effect (SARIF: absent status means accepted). */
  public boolean effective() {
    return status == null || status.equals("accepted");
  }
}
