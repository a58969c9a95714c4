package dev.vigil.gateway.domain;

import java.util.Optional;

/**
 * What {@link ApiTokenFormat#parse(String)} concluded about a presented string. Neither failure
 * carries the string itself, so a result can be logged.
 */
public sealed interface TokenParseResult {

  /** The three outcomes, for metrics and switch statements. */
  enum Outcome {
    OK,
    MALFORMED,
    BAD_CHECKSUM
  }

  Outcome outcome();

  /** The token when the outcome is {@link Outcome#OK}. */
  default Optional<PresentedToken> presented() {
    return this instanceof Ok ok ? Optional.of(ok.token()) : Optional.empty();
  }

  /** Well formed and the checksum matches: worth a database lookup. */
  record Ok(PresentedToken token) implements TokenParseResult {
    @Override
    public Outcome outcome() {
      return Outcome.OK;
    }
  }

  /** Not a Vigil token at all (another vendor's key, truncated paste, stray characters). */
  record Malformed(Reason reason) implements TokenParseResult {

    /** Which structural check failed first. */
    public enum Reason {
      BAD_PREFIX,
      BAD_LENGTH,
      BAD_ALPHABET
    }

    @Override
    public Outcome outcome() {
      return Outcome.MALFORMED;
    }
  }

  /** Looks like a Vigil token but the checksum disagrees: a typo or a forged string. */
  record BadChecksum() implements TokenParseResult {
    @Override
    public Outcome outcome() {
      return Outcome.BAD_CHECKSUM;
    }
  }
}
