package dev.vigil.secrets.service;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.FieldViolation;
import dev.vigil.secrets.api.PatternConfiguration;
import dev.vigil.secrets.detect.DetectorCatalogue;
import dev.vigil.secrets.domain.ProviderPattern;
import dev.vigil.secrets.domain.PushSetting;
import dev.vigil.secrets.persistence.PushProtectionStore;
import dev.vigil.secrets.persistence.PushProtectionStore.BlockCounts;
import dev.vigil.secrets.persistence.PushProtectionStore.CustomPatternRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * GitHub's pattern configurations of the enterprise (the tenant) and its organizations: the
 * settings each level sets, the statistics of every pattern from real incidents and bypasses, and
 * updates guarded by {@code pattern_config_version} / {@code custom_pattern_version}.
 */
@ApplicationScoped
public class PatternConfigService {

  private final PushProtectionStore store;
  private final Instance<IncidentRecorder> incidents;
  private final Map<String, ProviderPattern> providers =
      ProviderPattern.catalogue(DetectorCatalogue.all());

  public PatternConfigService(PushProtectionStore store, Instance<IncidentRecorder> incidents) {
    this.store = store;
    this.incidents = incidents;
  }

  public Map<String, ProviderPattern> providers() {
    return providers;
  }

  /** The level: the enterprise ({@code org} null) or one of the tenant's organizations. */
  public record Level(String org) {
    public static final Level ENTERPRISE = new Level(null);

    public String scope() {
      return org == null ? PushProtectionStore.ENTERPRISE : org.toLowerCase(Locale.ROOT);
    }

    public boolean enterprise() {
      return org == null;
    }
  }

  /** One requested change of a provider pattern's setting. */
  public record ProviderChange(String tokenType, PushSetting setting) {}

  /** One requested change of a custom pattern's setting; {@code version} null skips the check. */
  public record CustomChange(String tokenType, String version, PushSetting setting) {}

  public PatternConfiguration view(UUID tenant, Level level) {
    try (Connection c = store.connection()) {
      requireKnown(c, tenant, level);
      String version = store.configVersion(c, tenant, level.scope()).orElse(null);
      Map<String, PushSetting> own = store.settings(c, tenant, level.scope());
      Map<String, PushSetting> enterprise =
          level.enterprise() ? Map.of() : store.settings(c, tenant, PushProtectionStore.ENTERPRISE);
      Statistics stats = statistics(c, tenant);
      List<PatternConfiguration.Override> provider = new ArrayList<>(providers.size());
      for (ProviderPattern p : providers.values()) {
        provider.add(
            stats.override(
                p.tokenType(),
                null,
                p.slug(),
                p.displayName(),
                p.defaultSetting(),
                own.getOrDefault(p.tokenType(), PushSetting.NOT_SET),
                level.enterprise()
                    ? null
                    : enterprise.getOrDefault(p.tokenType(), PushSetting.NOT_SET)));
      }
      List<PatternConfiguration.Override> custom = new ArrayList<>();
      for (CustomPatternRow row : store.customPatterns(c, tenant, List.of(level.scope()))) {
        custom.add(
            stats.override(
                row.tokenType(),
                row.version(),
                row.slug(),
                row.name(),
                PushSetting.DISABLED,
                row.pushProtection(),
                null));
      }
      return new PatternConfiguration(version, provider, custom);
    } catch (SQLException e) {
      throw new IllegalStateException("pattern configuration not read", e);
    }
  }

  /**
   * Applies the changes if {@code expectedVersion} is the level's current version (null: never
   * configured) and every custom pattern's version matches; else 409 and nothing changes.
   */
  public String update(
      UUID tenant,
      Level level,
      String expectedVersion,
      List<ProviderChange> providerChanges,
      List<CustomChange> customChanges) {
    List<FieldViolation> unknown = new ArrayList<>();
    for (ProviderChange change : providerChanges) {
      if (!providers.containsKey(change.tokenType())) {
        unknown.add(
            FieldViolation.invalid(
                "provider_pattern_settings", "Unknown token_type: " + change.tokenType()));
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiException.unprocessable("Validation Failed", unknown);
    }
    String next = Versions.next();
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      try {
        requireKnown(c, tenant, level);
        if (!store.swapConfigVersion(c, tenant, level.scope(), expectedVersion, next)) {
          throw stale();
        }
        for (ProviderChange change : providerChanges) {
          store.putSetting(c, tenant, level.scope(), change.tokenType(), change.setting());
        }
        for (CustomChange change : customChanges) {
          int number =
              CustomPatternService.number(change.tokenType())
                  .orElseThrow(() -> unknownCustom(change));
          CustomPatternRow row =
              store
                  .customPattern(c, tenant, number)
                  .filter(r -> r.scope().equals(level.scope()))
                  .orElseThrow(() -> unknownCustom(change));
          if (!store.swapCustomPattern(
              c, tenant, row.number(), level.scope(), change.version(), change.setting(), next)) {
            throw stale();
          }
        }
        c.commit();
        return next;
      } catch (RuntimeException | SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("pattern configuration not updated", e);
    }
  }

  /** The effective settings for pushes to a repository of {@code org}. */
  public Map<String, PushSetting> effectiveProviderSettings(Connection c, UUID tenant, String org)
      throws SQLException {
    Map<String, PushSetting> enterprise = store.settings(c, tenant, PushProtectionStore.ENTERPRISE);
    Map<String, PushSetting> own = store.settings(c, tenant, org.toLowerCase(Locale.ROOT));
    Map<String, PushSetting> effective = new HashMap<>();
    for (ProviderPattern p : providers.values()) {
      effective.put(
          p.tokenType(),
          PushSetting.effective(
              own.get(p.tokenType()), enterprise.get(p.tokenType()), p.defaultSetting()));
    }
    return effective;
  }

  private void requireKnown(Connection c, UUID tenant, Level level) throws SQLException {
    if (!level.enterprise() && !store.organizationKnown(c, tenant, level.scope())) {
      throw ApiException.notFound("Not Found");
    }
  }

  private static ApiException stale() {
    return ApiException.conflict(
        "The pattern configuration was changed by someone else; read it again and retry with its"
            + " current version");
  }

  private static ApiException unknownCustom(CustomChange change) {
    return ApiException.unprocessable(
        "Validation Failed",
        List.of(
            FieldViolation.invalid(
                "custom_pattern_settings", "Unknown token_type: " + change.tokenType())));
  }

  private Statistics statistics(Connection c, UUID tenant) throws SQLException {
    Map<String, IncidentRecorder.TokenTypeCounts> counts = new HashMap<>();
    if (incidents.isResolvable()) {
      incidents
          .get()
          .countsByTokenType(tenant)
          .forEach((type, n) -> counts.merge(normalize(type), n, Statistics::add));
    }
    long all = counts.values().stream().mapToLong(IncidentRecorder.TokenTypeCounts::total).sum();
    return new Statistics(counts, all, store.blockCounts(c, tenant));
  }

  /** Provider token types compare in upper case (the engine names detectors in lower case). */
  static String normalize(String tokenType) {
    return tokenType.startsWith("cp_") ? tokenType : tokenType.toUpperCase(Locale.ROOT);
  }

  private record Statistics(
      Map<String, IncidentRecorder.TokenTypeCounts> counts,
      long allIncidents,
      Map<String, BlockCounts> blocks) {

    static IncidentRecorder.TokenTypeCounts add(
        IncidentRecorder.TokenTypeCounts a, IncidentRecorder.TokenTypeCounts b) {
      return new IncidentRecorder.TokenTypeCounts(
          a.total() + b.total(), a.falsePositives() + b.falsePositives());
    }

    PatternConfiguration.Override override(
        String tokenType,
        String customVersion,
        String slug,
        String displayName,
        PushSetting defaultSetting,
        PushSetting setting,
        PushSetting enterpriseSetting) {
      IncidentRecorder.TokenTypeCounts n =
          counts.getOrDefault(tokenType, new IncidentRecorder.TokenTypeCounts(0, 0));
      BlockCounts b = blocks.getOrDefault(tokenType, new BlockCounts(0, 0));
      return new PatternConfiguration.Override(
          tokenType,
          customVersion,
          slug,
          displayName,
          n.total(),
          percent(n.total(), allIncidents),
          n.falsePositives(),
          percent(n.falsePositives(), n.total()),
          percent(b.bypassed(), Math.max(b.blocked(), b.bypassed())),
          defaultSetting.value(),
          setting.value(),
          enterpriseSetting == null ? null : enterpriseSetting.value());
    }

    static long percent(long part, long whole) {
      return whole == 0 ? 0 : Math.round(100.0 * part / whole);
    }
  }
}
