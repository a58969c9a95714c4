package dev.vigil.scanning.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /repos/{owner}/{repo}/code-scanning/sarifs} body. Invalid values are
 * rejected with {@link SarifException.Reason#INVALID_FIELD} (422) naming the field. The payload
 * itself ({@code sarif}) is only checked for presence here; {@link SarifPayload} decodes it.
 *
 * @param commitSha 40 (SHA-1) or 64 (SHA-256) hex digits, lower-cased.
 * @param ref {@code refs/heads/<branch>}, {@code refs/tags/<tag>}, {@code refs/pull/<number>/merge}
 *     or {@code refs/pull/<number>/head}.
 * @param sarif base64 of the gzip-compressed SARIF.
 * @param checkoutUri absolute URI (or absolute path) of the analysed checkout, or null.
 * @param startedAt when the analysis began, or null.
 * @param toolName tool name for runs whose driver has none, or null.
 * @param validate whether the caller asked for validation only.
 */
public record SarifUploadRequest(
    String commitSha,
    String ref,
    String sarif,
    String checkoutUri,
    Instant startedAt,
    String toolName,
    boolean validate) {

  private static final Pattern COMMIT_SHA = Pattern.compile("[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?");
  private static final Pattern PULL_REF =
      Pattern.compile("refs/pull/[1-9][0-9]{0,18}/(merge|head)");

  /** Validates the fields. */
  public SarifUploadRequest {
    if (commitSha == null || commitSha.isEmpty()) {
      throw missing("commit_sha");
    }
    if (!COMMIT_SHA.matcher(commitSha).matches()) {
      throw invalid("commit_sha", "commit_sha must be 40 or 64 hexadecimal characters");
    }
    commitSha = commitSha.toLowerCase(Locale.ROOT);
    if (ref == null || ref.isEmpty()) {
      throw missing("ref");
    }
    if (!isValidRef(ref)) {
      throw invalid(
          "ref",
          "ref must be refs/heads/<branch>, refs/tags/<tag>, refs/pull/<number>/merge or"
              + " refs/pull/<number>/head");
    }
    if (sarif == null || sarif.isEmpty()) {
      throw missing("sarif");
    }
    if (checkoutUri != null && SourceRoot.parse(checkoutUri) == null) {
      throw invalid("checkout_uri", "checkout_uri must be an absolute URI");
    }
    if (toolName != null && toolName.isBlank()) {
      toolName = null;
    }
  }

  /**
   * Builds a request from the JSON body's values as they arrive (strings, nullable Boolean),
   * parsing {@code started_at} as an ISO 8601 date-time with offset ({@code YYYY-MM-DDTHH:MM:SSZ}).
   */
  public static SarifUploadRequest of(
      String commitSha,
      String ref,
      String sarif,
      String checkoutUri,
      String startedAt,
      String toolName,
      Boolean validate) {
    Instant started = null;
    if (startedAt != null) {
      try {
        started = OffsetDateTime.parse(startedAt).toInstant();
      } catch (DateTimeParseException e) {
        throw invalid(
            "started_at", "started_at must be an ISO 8601 timestamp such as 2024-01-31T12:00:00Z");
      }
    }
    return new SarifUploadRequest(
        commitSha, ref, sarif, checkoutUri, started, toolName, Boolean.TRUE.equals(validate));
  }

  /** The decoded payload as a replayable source, checked against GitHub's compressed-size limit. */
  public SarifSource payload() {
    return SarifPayload.source(sarif);
  }

  /** The whole ref is valid: refs/heads or refs/tags with a valid git ref name, or a pull ref. */
  static boolean isValidRef(String ref) {
    if (ref.startsWith("refs/pull/")) {
      return PULL_REF.matcher(ref).matches();
    }
    String name;
    if (ref.startsWith("refs/heads/")) {
      name = ref.substring("refs/heads/".length());
    } else if (ref.startsWith("refs/tags/")) {
      name = ref.substring("refs/tags/".length());
    } else {
      return false;
    }
    return isValidRefName(name);
  }

  /** The rules of git check-ref-format for the part after refs/heads/ or refs/tags/. */
  private static boolean isValidRefName(String name) {
    if (name.isEmpty()
        || name.equals("@")
        || name.endsWith("/")
        || name.endsWith(".")
        || name.contains("..")
        || name.contains("//")
        || name.contains("@{")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || " ~^:?*[\\".indexOf(c) >= 0) {
        return false;
      }
    }
    for (String component : name.split("/")) {
      if (component.startsWith(".") || component.endsWith(".lock")) {
        return false;
      }
    }
    return true;
  }

  private static SarifException missing(String field) {
    return new SarifException(SarifException.Reason.INVALID_FIELD, field, field + " is required");
  }

  private static SarifException invalid(String field, String message) {
    return new SarifException(SarifException.Reason.INVALID_FIELD, field, message);
  }

  /** Never prints the payload, only its length. */
  @Override
  public String toString() {
    return "SarifUploadRequest[commitSha="
        + commitSha
        + ", ref="
        + ref
        + ", sarif=<"
        + sarif.length()
        + " chars>, checkoutUri="
        + checkoutUri
        + ", startedAt="
        + startedAt
        + ", toolName="
        + toolName
        + ", validate="
        + validate
        + "]";
  }
}
