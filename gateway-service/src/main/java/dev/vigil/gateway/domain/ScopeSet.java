package dev.vigil.gateway.domain;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** An immutable set of scopes, with the implication rules of {@link Scope#implies(Scope)}. */
public final class ScopeSet {

  private static final ScopeSet EMPTY = new ScopeSet(EnumSet.noneOf(Scope.class));

  private final Set<Scope> scopes;
  // Compared per proxied request (the internal JWT cache's key): EnumSet compares bit vectors,
  // where the unmodifiable view compares element by element; the hash is computed once.
  private final EnumSet<Scope> bits;
  private final int hash;

  private ScopeSet(EnumSet<Scope> scopes) {
    this.bits = scopes;
    this.scopes = Collections.unmodifiableSet(scopes);
    this.hash = scopes.hashCode();
  }

  public static ScopeSet empty() {
    return EMPTY;
  }

  public static ScopeSet of(Scope... scopes) {
    return of(Arrays.asList(scopes));
  }

  public static ScopeSet of(Collection<Scope> scopes) {
    EnumSet<Scope> set = EnumSet.noneOf(Scope.class);
    for (Scope scope : scopes) {
      set.add(Objects.requireNonNull(scope, "scope"));
    }
    return new ScopeSet(set);
  }

  /**
   * Parses wire names (a request body, a database {@code text[]}).
   *
   * @throws IllegalArgumentException naming the first unknown scope
   */
  public static ScopeSet parse(Collection<String> values) {
    EnumSet<Scope> set = EnumSet.noneOf(Scope.class);
    for (String value : values) {
      set.add(
          Scope.fromValue(value)
              .orElseThrow(() -> new IllegalArgumentException("unknown scope: " + value)));
    }
    return new ScopeSet(set);
  }

  /** Whether a holder of this set may call something that needs {@code required}. */
  public boolean satisfies(Scope required) {
    Objects.requireNonNull(required, "required");
    for (Scope held : scopes) {
      if (held.implies(required)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every scope here is covered by {@code creatorScopes}: a token may not be given more
   * than its creator holds. Implication counts, so a creator with {@code incidents:write} may grant
   * {@code incidents:read}.
   */
  public boolean isSubsetOf(ScopeSet creatorScopes) {
    for (Scope scope : scopes) {
      if (!creatorScopes.satisfies(scope)) {
        return false;
      }
    }
    return true;
  }

  /** The scopes not covered by {@code creatorScopes}, for a precise validation message. */
  public ScopeSet exceeding(ScopeSet creatorScopes) {
    EnumSet<Scope> extra = EnumSet.noneOf(Scope.class);
    for (Scope scope : scopes) {
      if (!creatorScopes.satisfies(scope)) {
        extra.add(scope);
      }
    }
    return new ScopeSet(extra);
  }

  /**
   * These scopes plus everything they imply. Put this in the internal JWT: backends then check
   * scopes by plain membership and never need the implication rules.
   */
  public ScopeSet expanded() {
    EnumSet<Scope> all = EnumSet.noneOf(Scope.class);
    for (Scope scope : scopes) {
      all.addAll(scope.withImplied());
    }
    return new ScopeSet(all);
  }

  public boolean contains(Scope scope) {
    return scopes.contains(scope);
  }

  public boolean isEmpty() {
    return scopes.isEmpty();
  }

  public int size() {
    return scopes.size();
  }

  /** Unmodifiable view, in declaration order. */
  public Set<Scope> asSet() {
    return scopes;
  }

  /** Wire names in declaration order: the stable order for JSON and {@code text[]}. */
  public List<String> values() {
    return scopes.stream().map(Scope::value).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof ScopeSet other && hash == other.hash && bits.equals(other.bits));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return values().toString();
  }
}
