package dev.vigil.repoconfig.persistence;

import dev.vigil.repoconfig.domain.SealedCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Background maintenance over JDBC (key rotation, purging expired idempotency keys): plain blocking
 * code on its own threads, with short transactions, never on the event loop.
 */
@ApplicationScoped
public class MaintenanceRepository {

  /** A stored envelope with what its encryption context is made of. */
  public record StoredEnvelope(String connectionId, UUID tenantId, SealedCredentials sealed) {}

  /** Outcome of one re-wrap batch. */
  public record BatchResult(int selected, int rewrapped, int failed, String lastId) {}

  private final DataSource dataSource;

  public MaintenanceRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * In one transaction: locks up to {@code limit} envelopes not wrapped under {@code activeKeyId}
   * with ids after {@code afterId} (rows locked by a running request are skipped, the next pass
   * gets them), replaces each with what {@code rewrap} returns (empty = could not, left as is), and
   * commits.
   */
  public BatchResult rewrapBatch(
      String activeKeyId,
      String afterId,
      int limit,
      Function<StoredEnvelope, Optional<SealedCredentials>> rewrap)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        List<StoredEnvelope> batch = new ArrayList<>();
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT id, tenant_id, kek_id, wrapped_data_key, data_key_iv, credential_iv,"
                    + " credential_ciphertext FROM repo_connection"
                    + " WHERE kek_id <> ? AND id > ? ORDER BY id LIMIT ?"
                    + " FOR UPDATE SKIP LOCKED")) {
          select.setString(1, activeKeyId);
          select.setString(2, afterId);
          select.setInt(3, limit);
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              batch.add(
                  new StoredEnvelope(
                      rows.getString(1),
                      rows.getObject(2, UUID.class),
                      new SealedCredentials(
                          rows.getString(3),
                          rows.getBytes(4),
                          rows.getBytes(5),
                          rows.getBytes(6),
                          rows.getBytes(7))));
            }
          }
        }
        int rewrapped = 0;
        int failed = 0;
        try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE repo_connection SET kek_id = ?, wrapped_data_key = ?, data_key_iv = ?"
                    + " WHERE id = ?")) {
          for (StoredEnvelope envelope : batch) {
            Optional<SealedCredentials> next = rewrap.apply(envelope);
            if (next.isEmpty()) {
              failed++;
              continue;
            }
            update.setString(1, next.get().kekId());
            update.setBytes(2, next.get().wrappedDataKey());
            update.setBytes(3, next.get().dataKeyIv());
            update.setString(4, envelope.connectionId());
            update.addBatch();
            rewrapped++;
          }
          if (rewrapped > 0) {
            update.executeBatch();
          }
        }
        connection.commit();
        String lastId = batch.isEmpty() ? afterId : batch.getLast().connectionId();
        return new BatchResult(batch.size(), rewrapped, failed, lastId);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** How many envelopes are not wrapped under {@code activeKeyId}. */
  public long countNotWrappedUnder(String activeKeyId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement count =
            connection.prepareStatement("SELECT count(*) FROM repo_connection WHERE kek_id <> ?")) {
      count.setString(1, activeKeyId);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** Deletes idempotency keys past their expiry; returns how many. */
  public int purgeExpiredIdempotencyKeys() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM idempotency_key WHERE expires_at <= now()")) {
      return delete.executeUpdate();
    }
  }
}
