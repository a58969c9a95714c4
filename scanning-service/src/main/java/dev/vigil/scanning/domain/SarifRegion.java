package dev.vigil.scanning.domain;

/**
 * A location's region; every part is optional in SARIF, so each may be null.
 *
 * @param startLine 1-based first line.
 * @param startColumn 1-based first column.
 * @param endLine last line (SARIF default: startLine; see {@link #endLineOrStart()}).
 * @param endColumn column after the last character.
 * @param snippet {@code region.snippet.text}.
 * @param contextSnippet {@code contextRegion.snippet.text}.
 */
public record SarifRegion(
    Integer startLine,
    Integer startColumn,
    Integer endLine,
    Integer endColumn,
    String snippet,
    String contextSnippet) {

  /** A region with no information. */
  public static final SarifRegion EMPTY = new SarifRegion(null, null, null, null, null, null);

  /** endLine, defaulting to startLine as SARIF does. */
  public Integer endLineOrStart() {
    return endLine != null ? endLine : startLine;
  }

  /** The snippet used for fingerprinting: the region's own, else the context region's. */
  public String fingerprintSnippet() {
    return snippet != null ? snippet : contextSnippet;
  }
}
