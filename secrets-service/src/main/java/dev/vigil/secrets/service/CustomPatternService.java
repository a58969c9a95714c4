package dev.vigil.secrets.service;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.FieldViolation;
import dev.vigil.secrets.detect.SecretScanner;
import dev.vigil.secrets.domain.CompiledCustomPattern;
import dev.vigil.secrets.domain.CustomPatternCompiler;
import dev.vigil.secrets.domain.CustomPatternDefinition;
import dev.vigil.secrets.domain.InvalidCustomPattern;
import dev.vigil.secrets.domain.PushSetting;
import dev.vigil.secrets.domain.TenantScanner;
import dev.vigil.secrets.persistence.PushProtectionStore;
import dev.vigil.secrets.persistence.PushProtectionStore.CustomPatternRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's custom patterns: saved only once they compile within the cost limits, numbered {@code
 * cp_N}, and compiled once per version for every scan of the tenant.
 */
@ApplicationScoped
public class CustomPatternService {

  /** Most custom patterns per tenant. */
  public static final int MAX_PATTERNS = 100;

  /** What a compiled pattern depends on; equal definitions of any tenant share one. */
  private record CacheKey(
      int number,
      String name,
      String secretFormat,
      String beforeSecret,
      String afterSecret,
      List<String> mustMatch,
      List<String> mustNotMatch) {}

  private final PushProtectionStore store;
  private final Map<CacheKey, CompiledCustomPattern> compiled = new ConcurrentHashMap<>();

  public CustomPatternService(PushProtectionStore store) {
    this.store = store;
  }

  /** A pattern to create, at the enterprise ({@code org} empty) or an organization's level. */
  public record NewPattern(
      CustomPatternDefinition definition, Optional<String> org, PushSetting pushProtection) {}

  public CustomPatternRow create(UUID tenant, NewPattern request) {
    String scope =
        request.org().map(o -> o.toLowerCase(Locale.ROOT)).orElse(PushProtectionStore.ENTERPRISE);
    try {
      CustomPatternCompiler.compile("cp_0", request.definition());
    } catch (InvalidCustomPattern e) {
      throw ApiException.unprocessable(
          e.getMessage(), List.of(FieldViolation.invalid(e.field(), e.getMessage())));
    }
    CustomPatternDefinition d = request.definition();
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      try {
        if (request.org().isPresent() && !store.organizationKnown(c, tenant, scope)) {
          throw ApiException.notFound("Not Found");
        }
        if (store.customPatterns(c, tenant, List.of()).size() >= MAX_PATTERNS) {
          throw ApiException.unprocessable(
              "A tenant may have at most " + MAX_PATTERNS + " custom patterns",
              List.of(FieldViolation.invalid("name", "too many custom patterns")));
        }
        int number = store.nextCustomPatternNumber(c, tenant);
        CustomPatternRow row =
            new CustomPatternRow(
                number,
                scope,
                d.name().strip(),
                slug(d.name()),
                d.secretFormat(),
                d.beforeSecret().orElse(null),
                d.afterSecret().orElse(null),
                d.mustMatch(),
                d.mustNotMatch(),
                request.pushProtection(),
                Versions.next(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        store.insertCustomPattern(c, tenant, row);
        c.commit();
        return row;
      } catch (RuntimeException | SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("custom pattern not saved", e);
    }
  }

  public List<CustomPatternRow> list(UUID tenant) {
    try (Connection c = store.connection()) {
      return store.customPatterns(c, tenant, List.of());
    } catch (SQLException e) {
      throw new IllegalStateException("custom patterns not read", e);
    }
  }

  public Optional<CustomPatternRow> find(UUID tenant, String tokenType) {
    Optional<Integer> number = number(tokenType);
    if (number.isEmpty()) {
      return Optional.empty();
    }
    try (Connection c = store.connection()) {
      return store.customPattern(c, tenant, number.get());
    } catch (SQLException e) {
      throw new IllegalStateException("custom pattern not read", e);
    }
  }

  public boolean delete(UUID tenant, int number) {
    try (Connection c = store.connection()) {
      return store.deleteCustomPattern(c, tenant, number);
    } catch (SQLException e) {
      throw new IllegalStateException("custom pattern not deleted", e);
    }
  }

  /** {@code cp_N} → N. */
  public static Optional<Integer> number(String tokenType) {
    if (tokenType == null || !tokenType.startsWith("cp_") || tokenType.length() > 12) {
      return Optional.empty();
    }
    try {
      int n = Integer.parseInt(tokenType.substring(3));
      return n > 0 ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The engine plus every custom pattern of the tenant (for {@code /v1/scan}). */
  public TenantScanner scannerFor(UUID tenant) {
    return new TenantScanner(SecretScanner.standard(), compiledAll(list(tenant)));
  }

  /** Compiled patterns for rows; a stored pattern that no longer compiles is left out. */
  public List<CompiledCustomPattern> compiledAll(List<CustomPatternRow> rows) {
    List<CompiledCustomPattern> patterns = new ArrayList<>(rows.size());
    for (CustomPatternRow row : rows) {
      compiledOf(row).ifPresent(patterns::add);
    }
    return patterns;
  }

  private Optional<CompiledCustomPattern> compiledOf(CustomPatternRow row) {
    CacheKey key =
        new CacheKey(
            row.number(),
            row.name(),
            row.secretFormat(),
            row.beforeSecret(),
            row.afterSecret(),
            row.mustMatch(),
            row.mustNotMatch());
    CompiledCustomPattern hit = compiled.get(key);
    if (hit != null) {
      return Optional.of(hit);
    }
    try {
      CompiledCustomPattern p =
          CustomPatternCompiler.compile(
              row.tokenType(),
              new CustomPatternDefinition(
                  row.name(),
                  row.secretFormat(),
                  Optional.ofNullable(row.beforeSecret()),
                  Optional.ofNullable(row.afterSecret()),
                  row.mustMatch(),
                  row.mustNotMatch(),
                  List.of()));
      if (compiled.size() > 10_000) {
        compiled.clear();
      }
      compiled.put(key, p);
      return Optional.of(p);
    } catch (InvalidCustomPattern e) {
      return Optional.empty();
    }
  }

  static String slug(String name) {
    String slug =
        name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return slug.isEmpty() ? "custom-pattern" : slug;
  }
}
