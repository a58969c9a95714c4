package dev.vigil.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

/**
 * The exact {@code Content-Type} each vendor sends with a JSON answer, as its clients compare it:
 * GitHub {@code application/json; charset=utf-8} (octokit decodes a type without {@code
 * charset=utf-8} that is not plain JSON, such as the SARIF view, as raw bytes), GitGuardian exactly
 * {@code application/json} (py-gitguardian treats a 200 of any other type as a failure). Kept here,
 * apart from the product's own table, so that the tests check the product against the vendors.
 */
public enum FamilyContentTypes {
  GITHUB("application/json; charset=utf-8"),
  GITGUARDIAN("application/json"),
  SIGSENTRY("application/json"),
  SCANNER("application/json"),
  VIGIL("application/json");

  private final String json;

  FamilyContentTypes(String json) {
    this.json = json;
  }

  /** The content type of a plain JSON answer of this family. */
  public String json() {
    return json;
  }

  /**
   * Asserts the content type of a JSON answer ({@code mediaType} as the endpoint documents it, such
   * as {@code application/json} or {@code application/sarif+json}): exact for the families whose
   * clients compare it, the media type for the others.
   */
  public void check(String where, String mediaType, String actual) {
    switch (this) {
      case GITHUB ->
          assertThat(actual)
              .as("%s: GitHub's content type", where)
              .isEqualTo(mediaType + "; charset=utf-8");
      case GITGUARDIAN ->
          assertThat(actual).as("%s: GitGuardian's content type", where).isEqualTo(mediaType);
      default ->
          assertThat(actual == null ? "" : actual.toLowerCase(Locale.ROOT))
              .as("%s: content type", where)
              .startsWith(mediaType);
    }
  }

  /** As {@link #check(String, String, String)} for a plain JSON answer. */
  public void check(String where, String actual) {
    check(where, "application/json", actual);
  }
}
