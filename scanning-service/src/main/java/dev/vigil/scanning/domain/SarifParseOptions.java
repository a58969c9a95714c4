package dev.vigil.scanning.domain;

import java.util.Objects;

/**
 * Upload context the parser needs.
 *
 * @param checkoutUri the upload's {@code checkout_uri}, or null (then each run's {@code
 *     invocations[].workingDirectory.uri} is the source root, as GitHub documents).
 * @param toolName the upload's {@code tool_name}, or null; names runs whose driver has no name
 *     (GitHub: defaults to "API").
 * @param limits count limits.
 */
public record SarifParseOptions(String checkoutUri, String toolName, SarifLimits limits) {

  /** Name of a tool when neither the SARIF nor the upload names it (GitHub's default). */
  public static final String DEFAULT_TOOL_NAME = "API";

  /** Requires limits and a parsable checkout URI. */
  public SarifParseOptions {
    Objects.requireNonNull(limits, "limits");
    if (checkoutUri != null && SourceRoot.parse(checkoutUri) == null) {
      throw new IllegalArgumentException("checkoutUri is not an absolute URI or path");
    }
  }

  /** No checkout URI or tool name, GitHub's limits. */
  public static SarifParseOptions defaults() {
    return new SarifParseOptions(null, null, SarifLimits.GITHUB);
  }

  /** The options an upload implies, with GitHub's limits. */
  public static SarifParseOptions of(SarifUploadRequest request) {
    return new SarifParseOptions(request.checkoutUri(), request.toolName(), SarifLimits.GITHUB);
  }

  /** The checkout URI as a source root, or null. */
  public SourceRoot checkoutRoot() {
    return SourceRoot.parse(checkoutUri);
  }
}
