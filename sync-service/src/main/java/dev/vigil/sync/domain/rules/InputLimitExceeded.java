package dev.vigil.sync.domain.rules;

/**
 * An input is beyond one of the safety limits (file size, YAML aliases, nesting or expansion, query
 * length, test events): it is refused as a whole request, never reported as a per-file rule
 * failure, so a hostile file in an upload stops the upload rather than riding along with it.
 */
public final class InputLimitExceeded extends RuntimeException {

  public InputLimitExceeded(String message) {
    super(message, null, false, false);
  }
}
