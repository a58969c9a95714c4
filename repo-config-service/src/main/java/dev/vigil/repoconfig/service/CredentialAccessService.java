package dev.vigil.repoconfig.service;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.repoconfig.domain.ConnectionIds;
import dev.vigil.repoconfig.domain.CredentialCipher;
import dev.vigil.repoconfig.domain.CredentialCryptoException;
import dev.vigil.repoconfig.domain.Credentials;
import dev.vigil.repoconfig.domain.CredentialsCodec;
import dev.vigil.repoconfig.persistence.ConnectedRepositoryRepository;
import dev.vigil.repoconfig.persistence.ConnectionRepository;
import dev.vigil.repoconfig.persistence.CredentialAuditRepository;
import dev.vigil.repoconfig.persistence.RepoConnectionEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Decrypted credentials for other Vigil services (sync, secrets). Every read is audited in the same
 * transaction that loads the envelope, so no credentials leave without an audit row.
 */
@ApplicationScoped
public class CredentialAccessService {

  private static final Logger LOG = Logger.getLogger(CredentialAccessService.class);

  /**
   * A connection with its decrypted credentials. {@link Credentials#toString()} is redacted, so
   * this record's is too.
   */
  public record DecryptedConnection(
      String connectionId,
      UUID tenantId,
      UUID projectId,
      String platform,
      String baseUrl,
      List<String> repositories,
      Credentials credentials) {}

  private record Loaded(RepoConnectionEntity connection, List<String> repositories) {}

  private final ConnectionRepository connections;
  private final ConnectedRepositoryRepository repositories;
  private final CredentialAuditRepository audit;
  private final CredentialCipher cipher;

  public CredentialAccessService(
      ConnectionRepository connections,
      ConnectedRepositoryRepository repositories,
      CredentialAuditRepository audit,
      CredentialCipher cipher) {
    this.connections = connections;
    this.repositories = repositories;
    this.audit = audit;
    this.cipher = cipher;
  }

  /**
   * @param accessor who reads, e.g. {@code service:sync-service}
   * @param purpose why, as the caller states it
   */
  public Uni<DecryptedConnection> read(
      UUID tenantId, String connectionId, String accessor, String purpose) {
    if (!ConnectionIds.isWellFormed(connectionId)) {
      return Uni.createFrom().failure(ServiceErrors.connectionNotFound());
    }
    return Panache.withTransaction(
            () ->
                connections
                    .findInTenant(tenantId, connectionId)
                    .onItem()
                    .ifNull()
                    .failWith(ServiceErrors::connectionNotFound)
                    .call(c -> audit.record(c, accessor, purpose, ConnectionService.now()))
                    .chain(
                        c ->
                            repositories
                                .listFor(List.of(c.id))
                                .map(
                                    repos ->
                                        new Loaded(
                                            c, repos.stream().map(r -> r.fullName).toList()))))
        .map(this::decrypt);
  }

  private DecryptedConnection decrypt(Loaded loaded) {
    RepoConnectionEntity c = loaded.connection();
    Credentials credentials;
    try {
      byte[] plaintext =
          cipher.open(c.sealedCredentials(), CredentialCipher.contextFor(c.tenantId, c.id));
      try {
        credentials = CredentialsCodec.decode(plaintext, c.baseUrl);
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
    } catch (CredentialCryptoException e) {
      LOG.errorf("connection %s: stored credentials cannot be opened (%s)", c.id, e.reason());
      throw new ApiException(500, "INTERNAL_ERROR", "Stored credentials could not be decrypted");
    }
    return new DecryptedConnection(
        c.id, c.tenantId, c.projectId, c.platform, c.baseUrl, loaded.repositories(), credentials);
  }
}
