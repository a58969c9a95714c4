package dev.vigil.secrets.service;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.secrets.config.IncidentConfig;
import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.detect.SecretMatch;
import dev.vigil.secrets.detect.SecretScanner;
import dev.vigil.secrets.domain.CompiledCustomPattern;
import dev.vigil.secrets.domain.ProviderPattern;
import dev.vigil.secrets.domain.PushSetting;
import dev.vigil.secrets.domain.SecretHasher;
import dev.vigil.secrets.domain.TenantScanner;
import dev.vigil.secrets.persistence.PushProtectionStore;
import dev.vigil.secrets.persistence.PushProtectionStore.CustomPatternRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The push-protection check: scans the files of a push with the engine and the custom patterns that
 * apply to the repository's organization, and blocks on every secret whose effective setting is
 * enabled unless it was bypassed in that repository. Bypasses open or update the secret's incident.
 */
@ApplicationScoped
public class PushProtectionService {

  private static final Logger LOG = Logger.getLogger(PushProtectionService.class);

  /** Why a developer may push a blocked secret anyway (GitHub's reasons). */
  public static final Set<String> REASONS =
      Set.of("false_positive", "used_in_tests", "will_fix_later");

  private final PushProtectionStore store;
  private final PatternConfigService configs;
  private final CustomPatternService customPatterns;
  private final SecretHasher hasher;
  private final PendingBypasses pending;
  private final Instance<IncidentRecorder> incidents;

  public PushProtectionService(
      PushProtectionStore store,
      PatternConfigService configs,
      CustomPatternService customPatterns,
      IncidentConfig incidentConfig,
      PendingBypasses pending,
      Instance<IncidentRecorder> incidents) {
    this.store = store;
    this.configs = configs;
    this.customPatterns = customPatterns;
    // The same keyed hash as the incidents' secret_hash, so a bypass names the same secret.
    this.hasher = new SecretHasher(incidentConfig.hashKey());
    this.pending = pending;
    this.incidents = incidents;
  }

  /** One file of a pushed commit, decoded. */
  public record PushedFile(String commit, String path, String content) {}

  /** Where a blocked secret was seen. */
  public record Location(String commit, String path, int line) {}

  /** One blocked secret and everywhere the push has it. */
  public record Blocked(
      String placeholderId, String tokenType, String displayName, List<Location> locations) {}

  public record Verdict(String repository, String ref, List<Blocked> blocked) {
    public boolean allowed() {
      return blocked.isEmpty();
    }
  }

  public Verdict check(UUID tenant, String repository, String ref, List<PushedFile> files) {
    String repo = repository.toLowerCase(Locale.ROOT);
    String org = repo.substring(0, repo.indexOf('/'));
    try (Connection c = store.connection()) {
      Map<String, PushSetting> settings = configs.effectiveProviderSettings(c, tenant, org);
      List<CustomPatternRow> rows =
          store.customPatterns(c, tenant, List.of(PushProtectionStore.ENTERPRISE, org));
      List<CompiledCustomPattern> enabledCustom =
          customPatterns.compiledAll(
              rows.stream().filter(r -> r.pushProtection() == PushSetting.ENABLED).toList());
      TenantScanner scanner = new TenantScanner(SecretScanner.standard(), enabledCustom);
      Set<String> bypassed = store.bypassedSecrets(c, tenant, repo);

      Map<String, BlockedBuilder> blocked = new LinkedHashMap<>();
      for (PushedFile file : files) {
        for (Finding finding : scanner.scan(file.content())) {
          String tokenType = tokenType(finding);
          boolean custom = tokenType.startsWith("cp_");
          if (!custom
              && settings.getOrDefault(tokenType, PushSetting.DISABLED) != PushSetting.ENABLED) {
            continue;
          }
          String secret = secret(finding);
          String hash = hasher.hash(tenant, secret);
          if (bypassed.contains(hash)) {
            continue;
          }
          SecretMatch first = finding.matches().get(0);
          BlockedBuilder b = blocked.get(hash);
          if (b == null) {
            String placeholder = placeholder(repo, hash);
            pending.remember(
                c,
                tenant,
                placeholder,
                new PushProtectionStore.PlaceholderRow(
                    repo,
                    hash,
                    SecretHasher.preview(secret),
                    tokenType,
                    finding.detector().displayName(),
                    file.path(),
                    file.commit(),
                    first.lineStart(),
                    first.indexStart(),
                    first.indexEnd() + 1));
            b =
                new BlockedBuilder(
                    placeholder, tokenType, finding.detector().displayName(), new ArrayList<>());
            blocked.put(hash, b);
          }
          Location location = new Location(file.commit(), file.path(), first.lineStart());
          if (!b.locations().contains(location) && b.locations().size() < 100) {
            b.locations().add(location);
          }
        }
      }
      if (!blocked.isEmpty()) {
        Map<String, Long> byType = new LinkedHashMap<>();
        blocked.values().forEach(b -> byType.merge(b.tokenType(), 1L, Long::sum));
        store.addBlocks(c, tenant, byType);
        pending.prune(c, tenant);
      }
      List<Blocked> result =
          blocked.values().stream()
              .map(
                  b ->
                      new Blocked(
                          b.placeholder(),
                          b.tokenType(),
                          b.displayName(),
                          List.copyOf(b.locations())))
              .toList();
      return new Verdict(repository, ref, result);
    } catch (SQLException e) {
      throw new IllegalStateException("push check failed", e);
    }
  }

  private record BlockedBuilder(
      String placeholder, String tokenType, String displayName, List<Location> locations) {}

  /** What a bypass did. */
  public record Bypass(
      String repository, String placeholderId, String tokenType, String reason, Long incidentId) {}

  public Bypass bypass(UUID tenant, String repository, String placeholderId, String reason) {
    String repo = repository.toLowerCase(Locale.ROOT);
    PushProtectionStore.PlaceholderRow p =
        pending
            .find(tenant, placeholderId)
            .filter(x -> x.repository().equals(repo))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "Unknown or expired placeholder_id for this repository: push again to get"
                            + " a current one"));
    Long incidentId = null;
    if (incidents.isResolvable()) {
      IncidentRecorder.Recorded recorded =
          incidents
              .get()
              .recordHashed(
                  tenant,
                  new IncidentRecorder.Sighting(
                      IncidentRecorder.Source.PUSH_PROTECTION,
                      p.tokenType(),
                      p.displayName(),
                      null,
                      Optional.of(repository),
                      p.path(),
                      Optional.ofNullable(p.commitSha()),
                      Optional.empty(),
                      Optional.empty(),
                      p.line(),
                      p.startOffset(),
                      p.endOffset(),
                      Map.of("bypass_reason", reason)),
                  new IncidentRecorder.HashedSecret(p.secretHash(), p.secretPreview()));
      incidentId = recorded.incidentId();
    }
    try (Connection c = store.connection()) {
      store.putBypass(c, tenant, repo, p.secretHash(), p.tokenType(), reason, incidentId);
    } catch (SQLException e) {
      throw new IllegalStateException("bypass not recorded", e);
    }
    LOG.infof("push protection bypass of %s in %s (%s)", p.tokenType(), repo, reason);
    return new Bypass(repository, placeholderId, p.tokenType(), reason, incidentId);
  }

  /** The id a blocked secret is bypassed by: stable per repository and secret, reveals neither. */
  static String placeholder(String repository, String secretHash) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((repository + "\0" + secretHash).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  static String tokenType(Finding finding) {
    String name = finding.detector().name();
    return name.startsWith("cp_") ? name : ProviderPattern.tokenType(finding.detector());
  }

  /** The secret a finding stands for: its matches together (a key pair is one secret). */
  static String secret(Finding finding) {
    List<SecretMatch> matches = finding.matches();
    if (matches.size() == 1) {
      return matches.get(0).match();
    }
    StringBuilder b = new StringBuilder();
    for (SecretMatch m : matches) {
      b.append(m.type()).append('=').append(m.match()).append('\n');
    }
    return b.toString();
  }
}
