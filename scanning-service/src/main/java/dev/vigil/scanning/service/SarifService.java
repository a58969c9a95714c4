package dev.vigil.scanning.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventSources;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.scanning.SarifReceived;
import dev.vigil.kit.outbox.Outbox;
import dev.vigil.scanning.domain.ApiLinks;
import dev.vigil.scanning.domain.SarifUploadRequest;
import dev.vigil.scanning.domain.Views;
import dev.vigil.scanning.persistence.SarifPayloadEntity;
import dev.vigil.scanning.persistence.SarifPayloadRepository;
import dev.vigil.scanning.persistence.SarifUploadEntity;
import dev.vigil.scanning.persistence.SarifUploadRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Stores SARIF uploads for processing and reports their status. */
@ApplicationScoped
public class SarifService {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Repositories repositories;
  private final SarifUploadRepository uploads;
  private final SarifPayloadRepository payloads;
  private final Outbox outbox;

  SarifService(
      Repositories repositories,
      SarifUploadRepository uploads,
      SarifPayloadRepository payloads,
      Outbox outbox) {
    this.repositories = repositories;
    this.uploads = uploads;
    this.payloads = payloads;
    this.outbox = outbox;
  }

  /** The repository for an upload (404 before anything else is looked at). */
  @WithSession
  public Uni<RepoRef> repository(UUID tenantId, String owner, String repo) {
    return repositories.require(tenantId, owner, repo);
  }

  /**
   * Stores the upload as {@code pending} together with its {@code sarif.received} event (keyed by
   * repository, so one repository's uploads are processed in order), in one transaction.
   */
  @WithTransaction
  public Uni<UUID> store(
      RepoRef ref,
      SarifUploadRequest request,
      byte[] gzip,
      String analysisKey,
      String environment) {
    return repositories
        .withRepoId(ref)
        .chain(repo -> store(repo, request, gzip, analysisKey, environment, UUID.randomUUID()));
  }

  private Uni<UUID> store(
      RepoRef repo,
      SarifUploadRequest request,
      byte[] gzip,
      String analysisKey,
      String environment,
      UUID id) {
    SarifUploadEntity upload = new SarifUploadEntity();
    upload.id = id;
    upload.tenantId = repo.tenantId();
    upload.repoId = repo.repoId();
    upload.fullName = repo.fullName();
    upload.commitSha = request.commitSha();
    upload.ref = request.ref();
    upload.checkoutUri = request.checkoutUri();
    upload.toolName = request.toolName();
    upload.startedAt = request.startedAt();
    upload.analysisKey = analysisKey;
    upload.environment = environment;
    upload.validateOnly = request.validate();
    upload.storedBytes = gzip.length;
    upload.status = SarifUploadEntity.PENDING;
    SarifPayloadEntity payload = new SarifPayloadEntity();
    payload.uploadId = id;
    payload.gzip = gzip;
    CloudEvent<SarifReceived> event =
        CloudEvent.of(
            EventType.SARIF_RECEIVED,
            EventSources.SCANNING,
            id.toString(),
            repo.tenantId(),
            new SarifReceived(
                id, repo.fullName(), request.commitSha(), request.ref(), null, gzip.length));
    return uploads
        .persist(upload)
        .chain(() -> payloads.persist(payload))
        .chain(() -> outbox.append(event, repo.fullName()))
        .replaceWith(id);
  }

  /** {@code GET .../sarifs/{sarif_id}}. */
  @WithSession
  public Uni<Views.SarifStatus> status(
      UUID tenantId, String owner, String repo, String sarifId, ApiLinks links) {
    return repositories
        .require(tenantId, owner, repo)
        .chain(
            ref -> {
              UUID id = parseId(sarifId);
              if (id == null || ref.repoId() == null) {
                return Uni.createFrom().failure(Repositories.notFound());
              }
              return uploads
                  .find(tenantId, ref.repoId(), id)
                  .onItem()
                  .ifNull()
                  .failWith(Repositories::notFound)
                  .map(upload -> view(upload, ref, links));
            });
  }

  private static Views.SarifStatus view(SarifUploadEntity upload, RepoRef ref, ApiLinks links) {
    String analyses =
        SarifUploadEntity.COMPLETE.equals(upload.status) && !upload.validateOnly
            ? links.analysesOfSarif(ref.fullName(), upload.id.toString())
            : null;
    List<String> errors = SarifUploadEntity.FAILED.equals(upload.status) ? errors(upload) : null;
    return new Views.SarifStatus(upload.status, analyses, errors);
  }

  private static List<String> errors(SarifUploadEntity upload) {
    if (upload.errors == null) {
      return List.of();
    }
    try {
      return JSON.readValue(upload.errors, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      return List.of("processing failed");
    }
  }

  private static UUID parseId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
