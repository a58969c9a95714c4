package dev.vigil.contracts.identity;

/**
 * The gateway-signed internal JWT every backend request carries (RS256, short-lived, audience =
 * backend service name). Claim names live here because the gateway mints, the services verify and
 * the test kit mints for tests.
 */
public final class InternalJwt {

  /** {@code iss} of every internal token. */
  public static final String ISSUER = "vigil-gateway";

  /** Tenant uuid (string). */
  public static final String TENANT_ID = "tenant_id";

  /**
   * Tenant slug (string), which is also the tenant's GitHub enterprise slug; absent for service
   * identities.
   */
  public static final String TENANT_SLUG = "tenant_slug";

  /** Member id (integer); absent for service identities. */
  public static final String MEMBER_ID = "member_id";

  /** API token uuid the caller authenticated with; absent for service identities. */
  public static final String TOKEN_ID = "token_id";

  /** Project uuid the request is bound to (pinned token or X-Project-Id); absent when none. */
  public static final String PROJECT_ID = "project_id";

  /** Tenant plan name (free, team, enterprise, unlimited). */
  public static final String PLAN = "plan";

  /** Scopes, as a JSON array; also what Quarkus maps to roles, so {@code @RolesAllowed} works. */
  public static final String SCOPES = "groups";

  /** Set to the calling service's name when the token is a service identity, not a user's. */
  public static final String SERVICE = "service";

  /** Lifetime of a per-request token, in seconds. */
  public static final int TTL_SECONDS = 60;

  private InternalJwt() {}
}
