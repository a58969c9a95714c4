package dev.vigil.gateway.service;

import dev.vigil.contracts.identity.InternalJwt;
import dev.vigil.gateway.domain.ApiTokenFormat;
import dev.vigil.gateway.domain.IssuedToken;
import dev.vigil.gateway.domain.ServiceClient;
import dev.vigil.gateway.domain.TokenHasher;
import dev.vigil.gateway.persistence.ServiceClientEntity;
import dev.vigil.gateway.persistence.ServiceClientRepository;
import dev.vigil.gateway.persistence.TenantRepository;
import dev.vigil.gateway.security.GatewaySecrets;
import dev.vigil.gateway.security.InternalJwtIssuer;
import dev.vigil.kit.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Service identities: the operator registers a backend's client (its secret is shown once and
 * stored as a keyed hash); the backend exchanges its credentials on the gateway's internal port for
 * a short-lived internal JWT with a {@code service} claim, for one tenant and one audience.
 */
@ApplicationScoped
public class ServiceClientService {

  /** A client just registered, with its secret (never stored, never shown again). */
  public record CreatedClient(ServiceClient client, String secret) {
    @Override
    public String toString() {
      return "CreatedClient[" + client.clientId() + "]";
    }
  }

  /** The outcome of a token request, in OAuth 2.0 terms (RFC 6749 section 5). */
  public sealed interface Grant {
    record Issued(String accessToken, int expiresIn, List<String> scopes) implements Grant {}

    record Refused(int status, String error, String description) implements Grant {}
  }

  private final ServiceClientRepository clients;
  private final TenantRepository tenants;
  private final TokenHasher hasher;
  private final ApiTokenFormat format;
  private final InternalJwtIssuer jwts;

  public ServiceClientService(
      ServiceClientRepository clients,
      TenantRepository tenants,
      GatewaySecrets secrets,
      InternalJwtIssuer jwts) {
    this.clients = clients;
    this.tenants = tenants;
    this.hasher = secrets.hasher();
    this.format = new ApiTokenFormat(secrets.hasher());
    this.jwts = jwts;
  }

  @WithTransaction
  public Uni<CreatedClient> create(String clientId, String serviceName, List<String> scopes) {
    if (!ServiceClient.isValidClientId(clientId)) {
      throw ApiException.badRequest("client_id: lower-case letters, digits and '-', at most 63");
    }
    if (serviceName == null || !ServiceClient.SERVICES.contains(serviceName)) {
      throw ApiException.badRequest(
          "service_name: one of "
              + String.join(", ", ServiceClient.SERVICES.stream().sorted().toList()));
    }
    List<String> allowed = scopes == null ? List.of() : List.copyOf(new LinkedHashSet<>(scopes));
    if (allowed.size() > ServiceClient.MAX_SCOPES
        || !allowed.stream().allMatch(ServiceClient::isValidScope)) {
      throw ApiException.badRequest("scopes: at most 32 lower-case scope names");
    }
    return clients
        .findById(clientId)
        .invoke(
            existing -> {
              if (existing != null) {
                throw ApiException.conflict("A service client with this id already exists");
              }
            })
        .chain(
            () -> {
              IssuedToken secret = format.generate();
              ServiceClientEntity entity = new ServiceClientEntity();
              entity.clientId = clientId;
              entity.serviceName = serviceName;
              entity.secretHash = secret.hash();
              entity.scopes = allowed.toArray(String[]::new);
              entity.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
              return clients
                  .persist(entity)
                  .map(saved -> new CreatedClient(toDomain(saved), secret.plaintext()));
            });
  }

  @WithSession
  public Uni<List<ServiceClient>> list() {
    return clients
        .listAllById()
        .map(rows -> rows.stream().map(ServiceClientService::toDomain).toList());
  }

  @WithTransaction
  public Uni<Void> disable(String clientId) {
    return clients
        .findById(clientId)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Not found"))
        .invoke(
            client -> {
              if (client.disabledAt == null) {
                client.disabledAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
              }
            })
        .replaceWithVoid();
  }

  /**
   * The client-credentials grant.
   *
   * @param requestedScopes space-separated; all the client's scopes when absent
   */
  @WithSession
  public Uni<Grant> grant(
      String clientId,
      String secret,
      String audience,
      String tenantId,
      Optional<String> requestedScopes) {
    if (clientId == null || secret == null || !ServiceClient.isValidClientId(clientId)) {
      return Uni.createFrom().item(invalidClient());
    }
    if (audience == null || !ServiceClient.SERVICES.contains(audience)) {
      return refused(400, "invalid_target", "audience must be a Vigil service name");
    }
    UUID tenant;
    try {
      tenant = UUID.fromString(tenantId == null ? "" : tenantId);
    } catch (IllegalArgumentException e) {
      return refused(400, "invalid_request", "tenant_id must be a tenant's id");
    }
    return clients
        .findById(clientId)
        .chain(
            client -> {
              // Hash even for an unknown client, so timing does not tell which ids exist.
              String presented = hasher.hash(secret);
              if (client == null
                  || client.disabledAt != null
                  || !TokenHasher.constantTimeEquals(client.secretHash, presented)) {
                return Uni.createFrom().item(invalidClient());
              }
              Set<String> allowed = new LinkedHashSet<>(Arrays.asList(client.scopes));
              List<String> scopes =
                  requestedScopes
                      .filter(s -> !s.isBlank())
                      .map(s -> List.of(s.strip().split("\\s+")))
                      .orElse(List.copyOf(allowed));
              if (!allowed.containsAll(scopes)) {
                return refused(
                    400, "invalid_scope", "a requested scope is not granted to this client");
              }
              return tenants
                  .findById(tenant)
                  .map(
                      found ->
                          found == null
                              ? new Grant.Refused(400, "invalid_request", "unknown tenant_id")
                              : new Grant.Issued(
                                  jwts.forService(client.serviceName, audience, tenant, scopes),
                                  InternalJwt.TTL_SECONDS,
                                  scopes));
            });
  }

  private static Grant invalidClient() {
    return new Grant.Refused(401, "invalid_client", "client authentication failed");
  }

  private static Uni<Grant> refused(int status, String error, String description) {
    return Uni.createFrom().item(new Grant.Refused(status, error, description));
  }

  private static ServiceClient toDomain(ServiceClientEntity e) {
    return new ServiceClient(
        e.clientId,
        e.serviceName,
        e.scopes == null ? List.of() : Arrays.asList(e.scopes),
        e.createdAt,
        e.disabledAt);
  }
}
