package dev.vigil.kit.auth;

import dev.vigil.contracts.identity.InternalJwt;
import dev.vigil.kit.errors.ApiException;
import jakarta.enterprise.context.RequestScoped;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The request's {@link VigilPrincipal}, read once from the verified internal JWT. Inject it into
 * resources; never read tenant or member from headers.
 */
@RequestScoped
public class CurrentPrincipal {

  private final JsonWebToken jwt;
  private VigilPrincipal principal;

  public CurrentPrincipal(JsonWebToken jwt) {
    this.jwt = jwt;
  }

  public VigilPrincipal get() {
    if (principal == null) {
      principal = fromJwt(jwt);
    }
    return principal;
  }

  public UUID tenantId() {
    return get().tenantId();
  }

  /** Fails with 403 unless the caller has at least one of the scopes. */
  public VigilPrincipal require(String... anyOfScopes) {
    VigilPrincipal current = get();
    if (!current.hasAnyScope(anyOfScopes)) {
      throw ApiException.forbidden("Missing scope: " + String.join(" or ", anyOfScopes));
    }
    return current;
  }

  static VigilPrincipal fromJwt(JsonWebToken jwt) {
    if (jwt == null || jwt.getRawToken() == null) {
      throw ApiException.unauthorized("Requires authentication");
    }
    UUID tenant = uuidClaim(jwt, InternalJwt.TENANT_ID);
    if (tenant == null) {
      throw ApiException.unauthorized("Token carries no tenant");
    }
    Set<String> scopes = new HashSet<>(jwt.getGroups() == null ? Set.of() : jwt.getGroups());
    Object member = jwt.getClaim(InternalJwt.MEMBER_ID);
    Optional<Long> memberId =
        member instanceof Number number
            ? Optional.of(number.longValue())
            : Optional.ofNullable(member).map(Object::toString).map(Long::valueOf);
    return new VigilPrincipal(
        tenant,
        memberId,
        Optional.ofNullable(uuidClaim(jwt, InternalJwt.TOKEN_ID)),
        scopes,
        Optional.ofNullable(uuidClaim(jwt, InternalJwt.PROJECT_ID)),
        Optional.ofNullable(stringClaim(jwt, InternalJwt.PLAN)).orElse("free"),
        Optional.ofNullable(stringClaim(jwt, InternalJwt.SERVICE)));
  }

  private static String stringClaim(JsonWebToken jwt, String name) {
    Object value = jwt.getClaim(name);
    if (value == null) {
      return null;
    }
    String text = value.toString();
    // JSON string claims arrive as JsonString, whose toString keeps the quotes.
    if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
      text = text.substring(1, text.length() - 1);
    }
    return text;
  }

  private static UUID uuidClaim(JsonWebToken jwt, String name) {
    String text = stringClaim(jwt, name);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.unauthorized("Malformed " + name + " claim");
    }
  }
}
