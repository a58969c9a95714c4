package dev.vigil.repoconfig.api;

import dev.vigil.repoconfig.api.ConnectionView.CredentialsView;
import dev.vigil.repoconfig.api.ConnectionView.RepositoryView;
import dev.vigil.repoconfig.api.ConnectionView.ServiceMappingView;
import dev.vigil.repoconfig.domain.CredentialKind;
import dev.vigil.repoconfig.domain.Credentials;
import dev.vigil.repoconfig.service.ConnectionState;
import dev.vigil.repoconfig.service.CredentialAccessService.DecryptedConnection;

/** Maps service results to API representations; entities never reach the wire. */
final class ConnectionViews {

  private ConnectionViews() {}

  static ConnectionCreated created(ConnectionState state) {
    return new ConnectionCreated(state.connection().id, state.connection().platform);
  }

  static ConnectionView view(ConnectionState state) {
    var c = state.connection();
    return new ConnectionView(
        c.id,
        c.platform,
        c.baseUrl,
        state.repositories().stream()
            .map(
                r ->
                    new RepositoryView(
                        r.fullName,
                        r.defaultBranch,
                        r.visibility,
                        r.credentialsValid,
                        r.metadataFetchedAt,
                        r.metadataError))
            .toList(),
        state.mappings().stream()
            .map(m -> new ServiceMappingView(m.serviceName, m.repo, m.pathPrefix, m.defaultBranch))
            .toList(),
        c.lookbackDays,
        new CredentialsView(kind(c.credentialKind), c.credentialsVerifiedAt),
        c.createdAt,
        c.updatedAt);
  }

  static ConnectionCredentialsView credentials(DecryptedConnection decrypted) {
    Credentials secret = decrypted.credentials();
    String kind = secret.appPassword() != null ? "appPassword" : "token";
    return new ConnectionCredentialsView(
        decrypted.connectionId(),
        decrypted.tenantId(),
        decrypted.projectId(),
        decrypted.platform(),
        decrypted.baseUrl(),
        decrypted.repositories(),
        new ConnectionCredentialsView.Secret(
            kind, secret.token(), secret.username(), secret.appPassword()));
  }

  private static String kind(String dbValue) {
    return CredentialKind.APP_PASSWORD.dbValue().equals(dbValue) ? "appPassword" : "token";
  }
}
