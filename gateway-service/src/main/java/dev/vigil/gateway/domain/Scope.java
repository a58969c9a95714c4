package dev.vigil.gateway.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every scope an API token can carry, spelled as the API it comes from spells it. One token may mix
 * scopes of several families (a CI token with {@code scan} and {@code security_events}).
 *
 * <p>The bootstrap operator's power to manage tenants is deliberately not a scope: no API token can
 * ever be granted it (see {@link Principal.Operator}).
 */
public enum Scope {
  // GitGuardian: the token API's scope enum (seed 002), plus scan:create-incidents, which
  // GitGuardian's /v1/api_tokens/self returns to ggshield, and sources:*.
  SCAN("scan"),
  SCAN_CREATE_INCIDENTS("scan:create-incidents"),
  INCIDENTS_READ("incidents:read"),
  INCIDENTS_WRITE("incidents:write"),
  INCIDENTS_SHARE("incidents:share"),
  MEMBERS_READ("members:read"),
  MEMBERS_WRITE("members:write"),
  TEAMS_READ("teams:read"),
  TEAMS_WRITE("teams:write"),
  AUDIT_LOGS_READ("audit_logs:read"),
  HONEYTOKENS_READ("honeytokens:read"),
  HONEYTOKENS_WRITE("honeytokens:write"),
  API_TOKENS_READ("api_tokens:read"),
  API_TOKENS_WRITE("api_tokens:write"),
  SOURCES_READ("sources:read"),
  SOURCES_WRITE("sources:write"),

  // GitHub classic-token scopes. security_events:read is Vigil's read-only split of
  // security_events (GitHub has it only as an app permission).
  SECURITY_EVENTS("security_events"),
  SECURITY_EVENTS_READ("security_events:read"),
  WRITE_ORG("write:org"),
  ADMIN_ORG("admin:org"),
  ADMIN_ENTERPRISE("admin:enterprise"),

  // SigSentry.
  CONFIG_READ("config:read"),
  CONFIG_WRITE("config:write"),

  // Scanner.dev.
  DETECTION_RULES_SYNC("detection_rules:sync"),
  DETECTION_RULES_READ("detection_rules:read"),

  // Vigil's own administration API (members use GitGuardian's members:* scopes).
  PROJECTS_READ("projects:read"),
  PROJECTS_WRITE("projects:write");

  private static final Map<String, Scope> BY_VALUE = new HashMap<>();
  private static final Map<Scope, Set<Scope>> CLOSURE = new EnumMap<>(Scope.class);

  static {
    for (Scope scope : values()) {
      BY_VALUE.put(scope.value, scope);
    }
    // Direct implications: a write scope includes its read scope. GitGuardian documents
    // incidents:share as "share, read and write", so it includes incidents:write.
    Map<Scope, Set<Scope>> direct = new EnumMap<>(Scope.class);
    direct.put(INCIDENTS_SHARE, EnumSet.of(INCIDENTS_WRITE));
    direct.put(INCIDENTS_WRITE, EnumSet.of(INCIDENTS_READ));
    direct.put(MEMBERS_WRITE, EnumSet.of(MEMBERS_READ));
    direct.put(TEAMS_WRITE, EnumSet.of(TEAMS_READ));
    direct.put(HONEYTOKENS_WRITE, EnumSet.of(HONEYTOKENS_READ));
    direct.put(API_TOKENS_WRITE, EnumSet.of(API_TOKENS_READ));
    direct.put(SOURCES_WRITE, EnumSet.of(SOURCES_READ));
    direct.put(SECURITY_EVENTS, EnumSet.of(SECURITY_EVENTS_READ));
    direct.put(ADMIN_ORG, EnumSet.of(WRITE_ORG));
    direct.put(CONFIG_WRITE, EnumSet.of(CONFIG_READ));
    direct.put(PROJECTS_WRITE, EnumSet.of(PROJECTS_READ));
    direct.put(DETECTION_RULES_SYNC, EnumSet.of(DETECTION_RULES_READ));
    for (Scope scope : values()) {
      EnumSet<Scope> reached = EnumSet.of(scope);
      EnumSet<Scope> frontier = EnumSet.of(scope);
      while (!frontier.isEmpty()) {
        EnumSet<Scope> next = EnumSet.noneOf(Scope.class);
        for (Scope s : frontier) {
          next.addAll(direct.getOrDefault(s, Set.of()));
        }
        next.removeAll(reached);
        reached.addAll(next);
        frontier = next;
      }
      CLOSURE.put(scope, Collections.unmodifiableSet(reached));
    }
  }

  private final String value;

  Scope(String value) {
    this.value = value;
  }

  /** The wire spelling, e.g. {@code incidents:read}. */
  public String value() {
    return value;
  }

  public static Optional<Scope> fromValue(String value) {
    return Optional.ofNullable(value == null ? null : BY_VALUE.get(value));
  }

  /** Whether holding this scope grants {@code other} (every scope implies itself). */
  public boolean implies(Scope other) {
    return CLOSURE.get(this).contains(other);
  }

  /** This scope and everything it implies, transitively. */
  public Set<Scope> withImplied() {
    return CLOSURE.get(this);
  }

  @Override
  public String toString() {
    return value;
  }
}
