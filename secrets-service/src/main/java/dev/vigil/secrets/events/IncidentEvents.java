package dev.vigil.secrets.events;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventSources;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.alerts.SecretIncidentEvent;
import dev.vigil.contracts.events.alerts.SecretIncidentEvent.Severity;
import dev.vigil.contracts.events.alerts.SecretIncidentEvent.Status;
import dev.vigil.contracts.events.alerts.SecretIncidentEvent.Validity;
import dev.vigil.kit.outbox.JdbcOutbox;
import dev.vigil.secrets.persistence.IncidentRow;
import java.util.Locale;

/** The {@code secret-incident.*} events of {@code vigil.alerts.v1}: the incident after a change. */
public final class IncidentEvents {

  private IncidentEvents() {}

  /** An event of the given type about the incident as it now is, with its Kafka key. */
  public static JdbcOutbox.Keyed of(EventType type, IncidentRow incident, String previousSeverity) {
    SecretIncidentEvent data =
        new SecretIncidentEvent(
            incident.id(),
            incident.detectorName(),
            severity(incident.severity()),
            previousSeverity == null ? null : severity(previousSeverity),
            Status.valueOf(incident.status()),
            Validity.valueOf(incident.validity().toUpperCase(Locale.ROOT)),
            incident.occurrencesCount(),
            incident.secretHash());
    CloudEvent<SecretIncidentEvent> event =
        CloudEvent.of(
            type,
            EventSources.SECRETS,
            "secret-incidents/" + incident.id(),
            incident.tenantId(),
            data);
    return new JdbcOutbox.Keyed(event, key(incident));
  }

  /** The key of {@code vigil.alerts.v1}: tenant + "/secret-incident/" + id. */
  public static String key(IncidentRow incident) {
    return incident.tenantId() + "/secret-incident/" + incident.id();
  }

  private static Severity severity(String value) {
    return Severity.valueOf(value.toUpperCase(Locale.ROOT));
  }
}
