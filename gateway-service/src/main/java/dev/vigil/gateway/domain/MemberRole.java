package dev.vigil.gateway.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A member's access level in a tenant: GitGuardian's four workspace roles, highest first. A role
 * bounds what its member's tokens can do: a token's scopes are intersected with {@link
 * #allowedScopes()} when it is minted and again on every request, so a demoted member's tokens lose
 * at once what the new role forbids. Who may act on whom is decided by {@link #outranks} and {@link
 * #mayManage}; the role × action table is in the gateway README.
 */
public enum MemberRole {
  OWNER("owner"),
  MANAGER("manager"),
  MEMBER("member"),
  RESTRICTED("restricted");

  /** What only managers and owners may hold: managing people, projects and the organisation. */
  private static final Set<Scope> MANAGEMENT =
      EnumSet.of(
          Scope.MEMBERS_WRITE,
          Scope.TEAMS_WRITE,
          Scope.AUDIT_LOGS_READ,
          Scope.PROJECTS_WRITE,
          Scope.WRITE_ORG,
          Scope.ADMIN_ORG,
          Scope.ADMIN_ENTERPRISE);

  /**
   * A restricted member scans, reads incidents and code-scanning results, and manages their own
   * tokens; nothing else.
   */
  private static final Set<Scope> RESTRICTED_SCOPES =
      EnumSet.of(
          Scope.SCAN,
          Scope.SCAN_CREATE_INCIDENTS,
          Scope.INCIDENTS_READ,
          Scope.SECURITY_EVENTS_READ,
          Scope.SOURCES_READ,
          Scope.API_TOKENS_READ,
          Scope.API_TOKENS_WRITE);

  private final String value;

  MemberRole(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static Optional<MemberRole> fromValue(String value) {
    return Arrays.stream(values()).filter(r -> r.value.equals(value)).findFirst();
  }

  /** The scopes a token of a member with this role may use (implied scopes included). */
  public ScopeSet allowedScopes() {
    return switch (this) {
      case OWNER, MANAGER -> ScopeSet.of(Scope.values());
      case MEMBER -> {
        EnumSet<Scope> scopes = EnumSet.allOf(Scope.class);
        scopes.removeAll(MANAGEMENT);
        yield ScopeSet.of(scopes);
      }
      case RESTRICTED -> ScopeSet.of(RESTRICTED_SCOPES);
    };
  }

  /**
   * What a token holding {@code tokenScopes} may do for a member with this role: its scopes with
   * their implications, less what the role does not allow.
   */
  public ScopeSet effective(ScopeSet tokenScopes) {
    ScopeSet allowed = allowedScopes();
    return ScopeSet.of(tokenScopes.expanded().asSet().stream().filter(allowed::contains).toList());
  }

  /** Strictly higher than {@code other}. */
  public boolean outranks(MemberRole other) {
    return ordinal() < other.ordinal();
  }

  /** At least as high as {@code other}. */
  public boolean atLeast(MemberRole other) {
    return ordinal() <= other.ordinal();
  }

  /**
   * Whether a member with this role may see and act on other members' tokens, and mint tokens for
   * them: managers and owners.
   */
  public boolean managesOthers() {
    return atLeast(MANAGER);
  }

  /**
   * Whether a member with this role may act on a member (or their tokens) holding {@code target}: a
   * manager or owner, on members at most as high as themselves.
   */
  public boolean mayManage(MemberRole target) {
    return managesOthers() && atLeast(target);
  }

  @Override
  public String toString() {
    return value;
  }
}
