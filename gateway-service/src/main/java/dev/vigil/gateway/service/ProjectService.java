package dev.vigil.gateway.service;

import dev.vigil.gateway.domain.Project;
import dev.vigil.gateway.persistence.ApiTokenRepository;
import dev.vigil.gateway.persistence.EntityMapper;
import dev.vigil.gateway.persistence.ProjectEntity;
import dev.vigil.gateway.persistence.ProjectRepository;
import dev.vigil.gateway.proxy.ProjectConnections;
import dev.vigil.gateway.security.Caller;
import dev.vigil.kit.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's projects. A token pinned to a project sees and changes only that project; another
 * tenant's project is a 404.
 */
@ApplicationScoped
public class ProjectService {

  private final ProjectRepository projects;
  private final ApiTokenRepository tokens;
  private final ProjectConnections connections;

  public ProjectService(
      ProjectRepository projects, ApiTokenRepository tokens, ProjectConnections connections) {
    this.projects = projects;
    this.tokens = tokens;
    this.connections = connections;
  }

  @WithSession
  public Uni<List<Project>> list(Caller caller) {
    Optional<UUID> pinned = caller.holder().projectId();
    return projects
        .listInTenant(caller.holder().tenantId())
        .map(
            rows ->
                rows.stream()
                    .filter(p -> pinned.isEmpty() || pinned.get().equals(p.id))
                    .map(EntityMapper::toDomain)
                    .toList());
  }

  @WithSession
  public Uni<Project> get(Caller caller, UUID id) {
    return find(caller, id).map(EntityMapper::toDomain);
  }

  @WithTransaction
  public Uni<Project> create(Caller caller, String name) {
    if (caller.holder().projectId().isPresent()) {
      throw ApiException.forbidden("A project-scoped token cannot create projects");
    }
    String checked = checkName(name);
    UUID tenantId = caller.holder().tenantId();
    return projects
        .findByName(tenantId, checked)
        .invoke(
            existing -> {
              if (existing != null) {
                throw ApiException.conflict("A project with this name already exists");
              }
            })
        .chain(
            () -> {
              ProjectEntity project = new ProjectEntity();
              project.id = UUID.randomUUID();
              project.tenantId = tenantId;
              project.name = checked;
              project.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
              return projects.persist(project);
            })
        .map(EntityMapper::toDomain);
  }

  @WithTransaction
  public Uni<Project> rename(Caller caller, UUID id, String name) {
    String checked = checkName(name);
    return find(caller, id)
        .call(
            project ->
                projects
                    .findByName(project.tenantId, checked)
                    .invoke(
                        other -> {
                          if (other != null && !other.id.equals(project.id)) {
                            throw ApiException.conflict("A project with this name already exists");
                          }
                        }))
        .invoke(project -> project.name = checked)
        .map(EntityMapper::toDomain);
  }

  /**
   * Deletes the project and the tokens pinned to it, which must not outlive it as tenant-wide. A
   * project that still has repository connections is refused with 409: deleting it would leave them
   * (and their stored credentials) unreachable.
   */
  @WithTransaction
  public Uni<Void> delete(Caller caller, UUID id) {
    if (caller.holder().projectId().isPresent()) {
      throw ApiException.forbidden("A project-scoped token cannot delete projects");
    }
    return find(caller, id)
        .call(project -> refuseWhileConnected(project))
        .call(project -> tokens.deleteByProject(project.tenantId, project.id))
        .call(project -> projects.deleteInTenant(project.tenantId, project.id))
        .replaceWithVoid();
  }

  private Uni<Void> refuseWhileConnected(ProjectEntity project) {
    return connections
        .count(project.tenantId, project.id)
        .invoke(
            count -> {
              if (count > 0) {
                throw ApiException.conflict(
                    "The project still has "
                        + count
                        + " repository connection(s); delete them first"
                        + " (DELETE /v1/config/repos/{id})");
              }
            })
        .replaceWithVoid();
  }

  private Uni<ProjectEntity> find(Caller caller, UUID id) {
    Optional<UUID> pinned = caller.holder().projectId();
    if (pinned.isPresent() && !pinned.get().equals(id)) {
      return Uni.createFrom().failure(ApiException.notFound("Not found"));
    }
    return projects
        .findInTenant(caller.holder().tenantId(), id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Not found"));
  }

  private static String checkName(String name) {
    String stripped = name == null ? "" : name.strip();
    if (stripped.isEmpty() || stripped.length() > Project.MAX_NAME_LENGTH) {
      throw ApiException.badRequest(
          "name: must be 1 to " + Project.MAX_NAME_LENGTH + " characters");
    }
    return stripped;
  }
}
