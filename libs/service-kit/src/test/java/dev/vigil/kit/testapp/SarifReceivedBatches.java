package dev.vigil.kit.testapp;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.scanning.SarifReceived;
import dev.vigil.kit.outbox.OutboxExpander;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A service's expander the way services write them: a batch row whose payload is {@code
 * tenant,repository,ref1,ref2,...} stands for one {@code sarif.received} event per ref, keyed by
 * repository.
 */
@ApplicationScoped
public class SarifReceivedBatches implements OutboxExpander {

  public static final String BATCH_TYPE = "kit-test-sarif" + BATCH_SUFFIX;

  @Override
  public String batchType() {
    return BATCH_TYPE;
  }

  @Override
  public List<Record> expand(UUID rowId, String payload) {
    String[] parts = payload.split(",");
    if (parts.length < 3) {
      throw new IllegalArgumentException("a batch names a tenant, a repository and refs");
    }
    UUID tenant = UUID.fromString(parts[0]);
    List<Record> records = new ArrayList<>();
    for (int i = 2; i < parts.length; i++) {
      CloudEvent<SarifReceived> event =
          new CloudEvent<>(
              CloudEvent.SPEC_VERSION,
              OutboxExpander.eventId(rowId, i - 2).toString(),
              "/vigil/kit-test-service",
              EventType.SARIF_RECEIVED.type(),
              Instant.parse("2026-12-07T00:00:00Z"),
              parts[1],
              tenant.toString(),
              CloudEvent.JSON,
              new SarifReceived(rowId, parts[1], "c".repeat(40), parts[i], null, i));
      records.add(new Record(parts[1], EventJson.write(event)));
    }
    return records;
  }
}
