package dev.vigil.kit.errors;

import java.util.Locale;

/**
 * The public API families Vigil speaks. Each has its own error body shape (rendered by {@link
 * ErrorBodies}) and the exact {@code Content-Type} its vendor sends, which real clients compare:
 * the one place both the gateway and the services take it from.
 */
public enum ApiFamily {
  /**
   * GitHub REST: {@code {"message","documentation_url","status"}}. GitHub sends {@code
   * application/json; charset=utf-8}; octokit decodes a body of any other type that lacks {@code
   * charset=utf-8} (such as the SARIF view, {@code application/sarif+json}) as raw bytes.
   */
  GITHUB("application/json; charset=utf-8", true),
  /**
   * GitGuardian API v1: {@code {"detail"}}. Exactly {@code application/json}: py-gitguardian (and
   * so ggshield) treats a 200 of any other type, even with a charset, as a failure.
   */
  GITGUARDIAN("application/json", true),
  /** SigSentry: {@code {"success":false,"error":{"code","message","details"}}}. */
  SIGSENTRY("application/json; charset=utf-8", false),
  /** Scanner.dev: {@code {"error"}}. */
  SCANNER("application/json; charset=utf-8", false),
  /** Vigil's own administration API: {@code {"error":{"code","message"}}}. */
  VIGIL("application/json; charset=utf-8", false);

  private final String contentType;
  private final boolean pinned;

  ApiFamily(String contentType, boolean pinned) {
    this.contentType = contentType;
    this.pinned = pinned;
  }

  /** The {@code Content-Type} of this family's JSON answers, errors included. */
  public String contentType() {
    return contentType;
  }

  /**
   * Whether clients of this family compare the content type, so that every JSON answer is rewritten
   * to the vendor's exact form; the other families keep what their resources declare.
   */
  public boolean pinsContentType() {
    return pinned;
  }

  /**
   * The content type to send for a JSON answer the resource declared as {@code declared} ({@code
   * application/json} or a {@code +json} type such as {@code application/sarif+json}, with or
   * without parameters), or null when the declared type is not JSON and stays as it is.
   */
  public String contentTypeFor(String declared) {
    if (declared == null) {
      return null;
    }
    int semicolon = declared.indexOf(';');
    String essence =
        (semicolon < 0 ? declared : declared.substring(0, semicolon))
            .strip()
            .toLowerCase(Locale.ROOT);
    if (essence.equals("application/json")) {
      return contentType;
    }
    if (essence.startsWith("application/") && essence.endsWith("+json")) {
      return this == GITGUARDIAN ? essence : essence + "; charset=utf-8";
    }
    return null;
  }
}
