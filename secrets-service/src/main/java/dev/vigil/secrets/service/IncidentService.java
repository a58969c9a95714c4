package dev.vigil.secrets.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.contracts.events.EventType;
import dev.vigil.kit.outbox.JdbcOutbox;
import dev.vigil.secrets.config.IncidentConfig;
import dev.vigil.secrets.detect.Detector;
import dev.vigil.secrets.detect.DetectorCatalogue;
import dev.vigil.secrets.domain.FileTags;
import dev.vigil.secrets.domain.SecretHasher;
import dev.vigil.secrets.events.IncidentEvents;
import dev.vigil.secrets.persistence.IncidentRow;
import dev.vigil.secrets.persistence.IncidentStore;
import dev.vigil.secrets.persistence.IncidentStore.NewIncident;
import dev.vigil.secrets.persistence.IncidentStore.NewOccurrence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Opens and updates incidents from sightings ({@link IncidentRecorder}). Each call is one JTA
 * transaction (or joins the caller's): the incident, its occurrence and the outbox event commit
 * together or not at all.
 */
@ApplicationScoped
public class IncidentService implements IncidentRecorder {

  /** Longest text stored from a sighting; longer values are cut (paths) or refused. */
  static final int MAX_TEXT = 1024;

  static final int MAX_PATH = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Detector> DETECTORS =
      DetectorCatalogue.all().stream()
          .collect(Collectors.toUnmodifiableMap(Detector::name, Function.identity()));

  private final DataSource dataSource;
  private final SecretHasher hasher;
  private final IncidentConfig config;

  public IncidentService(DataSource dataSource, IncidentConfig config) {
    this.dataSource = dataSource;
    this.config = config;
    this.hasher = new SecretHasher(config.hashKey());
  }

  @Override
  @Transactional
  public Recorded record(UUID tenantId, Sighting sighting) {
    if (sighting.secret() == null || sighting.secret().isEmpty()) {
      throw new IllegalArgumentException("a sighting needs a secret");
    }
    return recordHashed(
        tenantId,
        sighting,
        new HashedSecret(
            hasher.hash(tenantId, sighting.secret()), SecretHasher.preview(sighting.secret())));
  }

  @Override
  @Transactional
  public Recorded recordHashed(UUID tenantId, Sighting sighting, HashedSecret secret) {
    String hash = secret.hash();
    try (Connection c = dataSource.getConnection()) {
      boolean created =
          IncidentStore.insertIfAbsent(c, tenantId, newIncident(hash, secret.preview(), sighting));
      IncidentRow incident = IncidentStore.lockByHash(c, tenantId, hash);
      boolean added =
          IncidentStore.insertOccurrence(c, tenantId, incident.id(), occurrence(sighting));
      if (!added) {
        return new Recorded(incident.id(), created, false);
      }
      boolean reopen = !created && "RESOLVED".equals(incident.status());
      Set<String> tags = new LinkedHashSet<>(FileTags.of(sighting.path()));
      if (reopen) {
        tags.add(FileTags.REGRESSION);
      }
      IncidentRow after = IncidentStore.afterOccurrence(c, tenantId, incident.id(), tags, reopen);
      List<JdbcOutbox.Keyed> events = new ArrayList<>();
      if (created) {
        events.add(IncidentEvents.of(EventType.SECRET_INCIDENT_TRIGGERED, after, null));
      } else if (reopen) {
        events.add(IncidentEvents.of(EventType.SECRET_INCIDENT_REOPENED, after, null));
      }
      JdbcOutbox.append(c, events);
      return new Recorded(incident.id(), created, reopen);
    } catch (SQLException e) {
      throw new IllegalStateException("recording a sighting failed: " + e.getSQLState(), e);
    }
  }

  @Override
  @Transactional
  public Map<String, TokenTypeCounts> countsByTokenType(UUID tenantId) {
    try (Connection c = dataSource.getConnection()) {
      Map<String, TokenTypeCounts> counts = new LinkedHashMap<>();
      IncidentStore.countsByDetector(c, tenantId)
          .forEach((type, n) -> counts.put(type, new TokenTypeCounts(n[0], n[1])));
      return counts;
    } catch (SQLException e) {
      throw new IllegalStateException("counting incidents failed: " + e.getSQLState(), e);
    }
  }

  private NewIncident newIncident(String hash, String preview, Sighting s) {
    Detector detector = DETECTORS.get(s.tokenType());
    String displayName = text(s.detectorName(), s.tokenType());
    String context;
    try {
      context = JSON.writeValueAsString(boundedContext(s.context()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (detector == null) {
      // A custom pattern (cp_N) or a detector unknown to this catalogue: its own group.
      return new NewIncident(
          hash,
          preview,
          text(s.tokenType(), "unknown"),
          displayName,
          "specific",
          "custom",
          text(s.tokenType(), "unknown"),
          displayName,
          config.specificSeverity(),
          "unknown",
          context);
    }
    return new NewIncident(
        hash,
        preview,
        detector.name(),
        detector.displayName(),
        detector.nature(),
        detector.family(),
        detector.groupName(),
        detector.groupDisplayName(),
        detector.generic() ? config.genericSeverity() : config.specificSeverity(),
        "unknown",
        context);
  }

  private static NewOccurrence occurrence(Sighting s) {
    String kind = s.context().getOrDefault("kind", defaultKind(s.source()));
    if (!kind.equals("Realtime") && !kind.equals("Historical")) {
      kind = defaultKind(s.source());
    }
    return new NewOccurrence(
        s.source().value(),
        text(s.repository().orElse(""), ""),
        cut(s.path() == null || s.path().isEmpty() ? "-" : s.path(), MAX_PATH),
        text(s.commitSha().orElse(""), ""),
        s.authorName().map(v -> cut(v, MAX_TEXT)).orElse(null),
        s.authorEmail().map(v -> cut(v, MAX_TEXT)).orElse(null),
        Math.max(1, s.line()),
        Math.max(0, s.startOffset()),
        Math.max(s.startOffset(), s.endOffset()),
        text(s.tokenType(), "unknown"),
        kind);
  }

  private static String defaultKind(Source source) {
    return source == Source.REPOSITORY ? "Historical" : "Realtime";
  }

  private static Map<String, String> boundedContext(Map<String, String> context) {
    Map<String, String> bounded = new LinkedHashMap<>();
    context.forEach(
        (k, v) -> {
          if (bounded.size() < 16 && !k.equals("kind")) {
            bounded.put(cut(k, 64), cut(v, MAX_TEXT));
          }
        });
    return bounded;
  }

  private static String text(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : cut(value, MAX_TEXT);
  }

  private static String cut(String value, int max) {
    // Cut on a code point boundary; PostgreSQL text refuses NUL, so it goes too.
    String clean = value.indexOf('\0') >= 0 ? value.replace("\0", "") : value;
    if (clean.length() <= max) {
      return clean;
    }
    int end = Character.isHighSurrogate(clean.charAt(max - 1)) ? max - 1 : max;
    return clean.substring(0, end);
  }
}
