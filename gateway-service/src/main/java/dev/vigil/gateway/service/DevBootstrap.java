package dev.vigil.gateway.service;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.RateLimitPlans;
import dev.vigil.gateway.persistence.ProjectEntity;
import dev.vigil.gateway.persistence.ProjectRepository;
import dev.vigil.gateway.persistence.TenantRepository;
import dev.vigil.gateway.security.GatewaySecrets;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code ./vigil up}'s first start: with {@code vigil.gateway.dev-bootstrap.dir} set and no tenant
 * yet, creates tenant {@code dev} (plan {@code unlimited}), project {@code default}, owner {@code
 * dev@vigil.local} and an all-scopes token, and writes the token to {@code dev-token} and the
 * project id to {@code dev-project} in that directory (mode 600). Only the fact is logged. Its
 * service clients are registered by {@link ServiceClientBootstrap}.
 */
@ApplicationScoped
public class DevBootstrap {

  public static final String TOKEN_FILE = "dev-token";
  public static final String PROJECT_FILE = "dev-project";
  static final String SLUG = "dev";
  static final String OWNER = "dev@vigil.local";

  private static final Logger LOG = Logger.getLogger(DevBootstrap.class);

  private final GatewayConfig config;
  private final TenantRepository tenants;
  private final ProjectRepository projects;
  private final TenantAdminService admin;

  public DevBootstrap(
      GatewayConfig config,
      TenantRepository tenants,
      ProjectRepository projects,
      TenantAdminService admin) {
    this.config = config;
    this.tenants = tenants;
    this.projects = projects;
    this.admin = admin;
  }

  // After the signing keys (priority 10), which every later request needs anyway.
  void onStart(@Observes @Priority(20) StartupEvent event) throws Throwable {
    Optional<Path> devDir = config.devBootstrap().dir();
    if (devDir.isEmpty()) {
      return;
    }
    Path dir = devDir.get();
    Created created =
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::run));
    if (created == null) {
      return;
    }
    try {
      GatewaySecrets.PrivateFiles.write(dir.resolve(TOKEN_FILE), created.token() + "\n");
      GatewaySecrets.PrivateFiles.write(dir.resolve(PROJECT_FILE), created.projectId() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dev token to " + dir, e);
    }
    LOG.infof(
        "created development tenant '%s' with an all-scopes token; token written to %s, project id"
            + " to %s",
        SLUG, dir.resolve(TOKEN_FILE), dir.resolve(PROJECT_FILE));
  }

  private record Created(String token, UUID projectId) {
    @Override
    public String toString() {
      return "Created[" + projectId + "]";
    }
  }

  private Uni<Created> run() {
    return tenants
        .anyExists()
        .chain(
            exists -> {
              if (exists) {
                return Uni.createFrom().nullItem();
              }
              return admin
                  .createTenant(SLUG, RateLimitPlans.UNLIMITED, OWNER, "dev")
                  .chain(
                      created -> {
                        ProjectEntity project = new ProjectEntity();
                        project.id = UUID.randomUUID();
                        project.tenantId = created.tenant().id();
                        project.name = "default";
                        project.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                        return projects
                            .persist(project)
                            .map(p -> new Created(created.ownerToken().plaintext(), p.id));
                      });
            });
  }
}
