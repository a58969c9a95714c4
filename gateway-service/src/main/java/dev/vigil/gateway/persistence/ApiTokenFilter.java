package dev.vigil.gateway.persistence;

import dev.vigil.gateway.domain.TokenStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The filters and order of {@code GET /v1/api_tokens}.
 *
 * @param scopes tokens holding at least one of these (wire names); empty for no filter
 * @param search a case-insensitive substring of the name
 * @param now the instant statuses are evaluated at
 */
public record ApiTokenFilter(
    Optional<TokenStatus> status,
    Optional<Long> memberId,
    Optional<Long> creatorId,
    List<String> scopes,
    Optional<String> search,
    Ordering ordering,
    Instant now) {

  public ApiTokenFilter {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(memberId, "memberId");
    Objects.requireNonNull(creatorId, "creatorId");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(ordering, "ordering");
    Objects.requireNonNull(now, "now");
  }

  /** GitGuardian's {@code ordering} values; ascending unless prefixed with '-'. */
  public record Ordering(Field field, boolean descending) {

    public static final Ordering DEFAULT = new Ordering(Field.CREATED_AT, false);

    public enum Field {
      CREATED_AT("created_at", "createdAt"),
      LAST_USED_AT("last_used_at", "lastUsedAt"),
      EXPIRE_AT("expire_at", "expireAt"),
      REVOKED_AT("revoked_at", "revokedAt");

      private final String wireName;
      private final String property;

      Field(String wireName, String property) {
        this.wireName = wireName;
        this.property = property;
      }

      public String wireName() {
        return wireName;
      }

      String property() {
        return property;
      }
    }

    public static Optional<Ordering> parse(String value) {
      if (value == null || value.isEmpty()) {
        return Optional.of(DEFAULT);
      }
      boolean descending = value.startsWith("-");
      String name = descending ? value.substring(1) : value;
      for (Field field : Field.values()) {
        if (field.wireName.equals(name)) {
          return Optional.of(new Ordering(field, descending));
        }
      }
      return Optional.empty();
    }
  }
}
