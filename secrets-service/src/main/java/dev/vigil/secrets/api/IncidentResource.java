package dev.vigil.secrets.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.auth.VigilPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.kit.pagination.CursorPage;
import dev.vigil.secrets.persistence.IncidentQueries.IncidentFilter;
import dev.vigil.secrets.persistence.IncidentQueries.OccurrenceFilter;
import dev.vigil.secrets.persistence.IncidentRow;
import dev.vigil.secrets.persistence.Keyset;
import dev.vigil.secrets.persistence.OccurrenceRow;
import dev.vigil.secrets.service.IncidentLifecycle;
import dev.vigil.secrets.service.IncidentLifecycle.Actor;
import dev.vigil.secrets.service.IncidentReads;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GitGuardian's secret incidents: list, retrieve, update severity, the lifecycle actions and the
 * occurrences listing. Another tenant's incident is a 404; errors are {@code {"detail": …}}.
 */
@Path("/v1")
@ErrorFamily(ApiFamily.GITGUARDIAN)
@Tag(name = "Secret Incidents")
public class IncidentResource {

  static final String JSON = "application/json";
  static final String READ = "incidents:read";
  static final String WRITE = "incidents:write";
  static final String SHARE = "incidents:share";

  private static final Map<String, String> INCIDENT_ORDERING =
      Map.of("date", "date", "resolved_at", "resolved_at", "ignored_at", "ignored_at");

  /** Longest lifetime of a share link: one year, in hours. */
  static final int MAX_LIFESPAN_HOURS = 24 * 366;

  private final IncidentReads reads;
  private final IncidentLifecycle lifecycle;
  private final CurrentPrincipal principal;

  public IncidentResource(
      IncidentReads reads, IncidentLifecycle lifecycle, CurrentPrincipal principal) {
    this.reads = reads;
    this.lifecycle = lifecycle;
    this.principal = principal;
  }

  @GET
  @Path("/incidents/secrets")
  @RolesAllowed(READ)
  @Produces(JSON)
  @Operation(operationId = "list-incidents", summary = "List secret incidents")
  @APIResponse(
      responseCode = "200",
      description = "The incidents, a page at a time (Link header, cursor).",
      content =
          @Content(
              mediaType = "application/json",
              schema =
                  @Schema(
                      implementation = DocumentedBodies.Incident.class,
                      type = SchemaType.ARRAY)))
  public Response list(
      @Context UriInfo uri,
      @QueryParam("cursor") String cursor,
      @QueryParam("page") String page,
      @QueryParam("per_page") String perPage,
      @QueryParam("date_before") String dateBefore,
      @QueryParam("date_after") String dateAfter,
      @QueryParam("assignee_email") String assigneeEmail,
      @QueryParam("assignee_id") String assigneeId,
      @QueryParam("status") String status,
      @QueryParam("severity") String severity,
      @QueryParam("validity") String validity,
      @QueryParam("tags") String tags,
      @QueryParam("ordering") String ordering,
      @QueryParam("detector_group_name") String detectorGroupName,
      @QueryParam("ignorer_id") String ignorerId,
      @QueryParam("ignorer_api_token_id") String ignorerApiTokenId,
      @QueryParam("resolver_id") String resolverId,
      @QueryParam("resolver_api_token_id") String resolverApiTokenId) {
    IncidentParams.integer("page", page, 0, Integer.MAX_VALUE, 1); // deprecated: checked, unused
    int size = IncidentParams.perPage(perPage);
    String order = ordering == null || ordering.isEmpty() ? "date" : ordering;
    String column = INCIDENT_ORDERING.get(order.startsWith("-") ? order.substring(1) : order);
    if (column == null) {
      IncidentParams.choice("ordering", order, java.util.Set.of());
    }
    IncidentFilter filter =
        new IncidentFilter(
            IncidentParams.date("date_before", dateBefore),
            IncidentParams.date("date_after", dateAfter),
            IncidentParams.text("assignee_email", assigneeEmail, 1),
            IncidentParams.integer("assignee_id", assigneeId),
            IncidentParams.choice("status", status, IncidentParams.STATUSES),
            IncidentParams.choice("severity", severity, IncidentParams.SEVERITIES),
            IncidentParams.choice("validity", validity, IncidentParams.VALIDITIES),
            IncidentParams.tags(tags),
            IncidentParams.text("detector_group_name", detectorGroupName, 1),
            IncidentParams.integer("ignorer_id", ignorerId),
            IncidentParams.uuid("ignorer_api_token_id", ignorerApiTokenId),
            IncidentParams.integer("resolver_id", resolverId),
            IncidentParams.uuid("resolver_api_token_id", resolverApiTokenId));
    Keyset.Position position = IncidentParams.position(cursor, order);
    Keyset.Page<IncidentRow> result =
        reads.incidents(
            principal.tenantId(), filter, column, order.startsWith("-"), position, size);
    ArrayNode body = JsonNodeFactory.instance.arrayNode();
    String base = base(uri);
    result.rows().forEach(row -> body.add(IncidentJson.incident(row, null, base)));
    Function<IncidentRow, Instant> sortValue =
        switch (column) {
          case "resolved_at" -> IncidentRow::resolvedAt;
          case "ignored_at" -> IncidentRow::ignoredAt;
          default -> IncidentRow::date;
        };
    return paged(uri, body, result, order, size, sortValue, IncidentRow::id);
  }

  @GET
  @Path("/incidents/secrets/{incident_id}")
  @RolesAllowed(READ)
  @Produces(JSON)
  @Operation(operationId = "retrieve-incidents", summary = "Retrieve a secret incident")
  @APIResponse(
      responseCode = "200",
      description = "The incident with its latest occurrences.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.Incident.class)))
  public Response retrieve(
      @Context UriInfo uri,
      @PathParam("incident_id") String incidentId,
      @QueryParam("with_occurrences") String withOccurrences) {
    long id = id(incidentId);
    int limit = IncidentParams.integer("with_occurrences", withOccurrences, 0, 100, 20);
    var found = reads.incident(principal.tenantId(), id, limit);
    return json(IncidentJson.incident(found.getKey(), found.getValue(), base(uri)));
  }

  @PATCH
  @Path("/incidents/secrets/{incident_id}")
  @RolesAllowed(WRITE)
  @Consumes(MediaType.WILDCARD)
  @Produces(JSON)
  @Operation(operationId = "update-secret-incident", summary = "Update a secret incident")
  @APIResponse(
      responseCode = "200",
      description = "The incident as updated.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.Incident.class)))
  @RequestBody(
      required = true,
      description = "GitGuardian's Update Request: the severity.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.IncidentUpdate.class)))
  public Response update(
      @Context UriInfo uri, @PathParam("incident_id") String incidentId, JsonNode body) {
    long id = id(incidentId);
    JsonNode object = object(body);
    JsonNode severity = object.get("severity");
    if (severity == null) {
      return json(IncidentJson.incident(reads.incident(principal.tenantId(), id), null, base(uri)));
    }
    String value =
        IncidentParams.choice("severity", text("severity", severity), IncidentParams.SEVERITIES);
    if (value == null) {
      throw ApiException.badRequest("severity: This field may not be blank.");
    }
    return json(
        IncidentJson.incident(
            lifecycle.severity(principal.tenantId(), id, value), null, base(uri)));
  }

  @POST
  @Path("/incidents/secrets/{incident_id}/assign")
  @RolesAllowed(WRITE)
  @Consumes(MediaType.WILDCARD)
  @Produces(JSON)
  @Operation(operationId = "assign-incident", summary = "Assign a secret incident")
  @APIResponse(
      responseCode = "200",
      description = "The incident as assigned.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.Incident.class)))
  @RequestBody(
      required = true,
      description = "GitGuardian's Assignee Request: email or member_id.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.IncidentAssignment.class)))
  public Response assign(
      @Context UriInfo uri, @PathParam("incident_id") String incidentId, JsonNode body) {
    long id = id(incidentId);
    JsonNode object = object(body);
    JsonNode email = object.get("email");
    JsonNode memberId = object.get("member_id");
    if ((email == null || email.isNull()) == (memberId == null || memberId.isNull())) {
      throw ApiException.badRequest("Exactly one of email and member_id is required.");
    }
    String address = null;
    Long member = null;
    if (email != null && !email.isNull()) {
      address = text("email", email);
      if (address.length() > 254 || !address.matches("[^@\\s]+@[^@\\s]+")) {
        throw ApiException.badRequest("email: Enter a valid email address.");
      }
    } else {
      if (!memberId.canConvertToLong() || !memberId.isIntegralNumber() || memberId.asLong() < 1) {
        throw ApiException.badRequest("member_id: A valid integer is required.");
      }
      member = memberId.asLong();
    }
    return json(
        IncidentJson.incident(
            lifecycle.assign(principal.tenantId(), id, address, member), null, base(uri)));
  }

  @POST
  @Path("/incidents/secrets/{incident_id}/unassign")
  @RolesAllowed(WRITE)
  @Consumes(MediaType.WILDCARD)
  @Produces(JSON)
  @Operation(operationId = "unassign-incident", summary = "Unassign a secret incident")
  @APIResponse(
      responseCode = "200",
      description = "The incident, unassigned.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.Incident.class)))
  public Response unassign(@Context UriInfo uri, @PathParam("incident_id") String incidentId) {
    return json(
        IncidentJson.incident(
            lifecycle.unassign(principal.tenantId(), id(incidentId)), null, base(uri)));
  }

  @POST
  @Path("/incidents/secrets/{incident_id}/resolve")
  @RolesAllowed(WRITE)
  @Consumes(MediaType.WILDCARD)
  @Produces(JSON)
  @Operation(operationId = "resolve-incident", summary = "Resolve a secret incident")
  @APIResponse(
      responseCode = "200",
      description = "The incident, resolved.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.Incident.class)))
  @RequestBody(
      required = true,
      description = "GitGuardian's Resolve Request.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.IncidentResolution.class)))
  public Response resolve(
      @Context UriInfo uri, @PathParam("incident_id") String incidentId, JsonNode body) {
    long id = id(incidentId);
    JsonNode revoked = object(body).get("secret_revoked");
    if (revoked == null || revoked.isNull()) {
      throw ApiException.badRequest("secret_revoked: This field is required.");
    }
    if (!revoked.isBoolean()) {
      throw ApiException.badRequest("secret_revoked: Must be a valid boolean.");
    }
    return json(
        IncidentJson.incident(
            lifecycle.resolve(principal.tenantId(), id, revoked.booleanValue(), actor()),
            null,
            base(uri)));
  }

  @POST
  @Path("/incidents/secrets/{incident_id}/ignore")
  @RolesAllowed(WRITE)
  @Consumes(MediaType.WILDCARD)
  @Produces(JSON)
  @Operation(operationId = "ignore-incident", summary = "Ignore a secret incident")
  @APIResponse(
      responseCode = "200",
      description = "The incident, ignored.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.Incident.class)))
  @RequestBody(
      required = true,
      description = "GitGuardian's Ignore Request.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.IncidentIgnore.class)))
  public Response ignore(
      @Context UriInfo uri, @PathParam("incident_id") String incidentId, JsonNode body) {
    long id = id(incidentId);
    JsonNode reason = object(body).get("ignore_reason");
    if (reason == null || reason.isNull()) {
      throw ApiException.badRequest("ignore_reason: This field is required.");
    }
    String value =
        IncidentParams.choice(
            "ignore_reason", text("ignore_reason", reason), IncidentParams.IGNORE_REASONS);
    if (value == null) {
      throw ApiException.badRequest("ignore_reason: This field is required.");
    }
    return json(
        IncidentJson.incident(
            lifecycle.ignore(principal.tenantId(), id, value, actor()), null, base(uri)));
  }

  @POST
  @Path("/incidents/secrets/{incident_id}/reopen")
  @RolesAllowed(WRITE)
  @Consumes(MediaType.WILDCARD)
  @Produces(JSON)
  @Operation(operationId = "reopen-incident", summary = "Reopen a secret incident")
  @APIResponse(
      responseCode = "200",
      description = "The incident, reopened.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.Incident.class)))
  public Response reopen(@Context UriInfo uri, @PathParam("incident_id") String incidentId) {
    return json(
        IncidentJson.incident(
            lifecycle.reopen(principal.tenantId(), id(incidentId)), null, base(uri)));
  }

  @POST
  @Path("/incidents/secrets/{incident_id}/share")
  @RolesAllowed(SHARE)
  @Consumes(MediaType.WILDCARD)
  @Produces(JSON)
  @Operation(operationId = "share-incident", summary = "Share a secret incident")
  @APIResponse(
      responseCode = "200",
      description = "The incident's share link.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.IncidentShare.class)))
  @RequestBody(
      required = false,
      description = "GitGuardian's Incident Share Request; every field optional.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.IncidentShareRequest.class)))
  public Response share(
      @Context UriInfo uri, @PathParam("incident_id") String incidentId, JsonNode body) {
    long id = id(incidentId);
    JsonNode object = body == null || body.isNull() ? JsonNodeFactory.instance.objectNode() : body;
    object = object(object);
    boolean autoHealing = bool(object, "auto_healing", false);
    boolean feedback = bool(object, "feedback_collection", true);
    int lifespan = 0;
    JsonNode given = object.get("lifespan");
    if (given != null && !given.isNull()) {
      if (!given.isIntegralNumber() || given.asLong() < 0 || given.asLong() > MAX_LIFESPAN_HOURS) {
        throw ApiException.badRequest(
            "lifespan: Ensure this value is between 0 and " + MAX_LIFESPAN_HOURS + ".");
      }
      lifespan = given.asInt();
    }
    IncidentLifecycle.Share share =
        lifecycle.share(principal.tenantId(), id, autoHealing, feedback, lifespan);
    return json(IncidentJson.share(share, base(uri)));
  }

  @POST
  @Path("/incidents/secrets/{incident_id}/unshare")
  @RolesAllowed(SHARE)
  @Consumes(MediaType.WILDCARD)
  @Operation(operationId = "unshare-incident", summary = "Unshare a secret incident")
  @APIResponse(responseCode = "204", description = "The share link is revoked.")
  public Response unshare(@PathParam("incident_id") String incidentId) {
    lifecycle.unshare(principal.tenantId(), id(incidentId));
    return Response.noContent().build();
  }

  @GET
  @Path("/occurrences/secrets")
  @RolesAllowed(READ)
  @Produces(JSON)
  @Operation(operationId = "list-occs", summary = "List secret occurrences")
  @APIResponse(
      responseCode = "200",
      description = "The occurrences, a page at a time (Link header, cursor).",
      content =
          @Content(
              mediaType = "application/json",
              schema =
                  @Schema(
                      implementation = DocumentedBodies.Occurrence.class,
                      type = SchemaType.ARRAY)))
  public Response occurrences(
      @Context UriInfo uri,
      @QueryParam("cursor") String cursor,
      @QueryParam("page") String page,
      @QueryParam("per_page") String perPage,
      @QueryParam("date_before") String dateBefore,
      @QueryParam("date_after") String dateAfter,
      @QueryParam("source_id") String sourceId,
      @QueryParam("source_name") String sourceName,
      @QueryParam("incident_id") String incidentId,
      @QueryParam("presence") String presence,
      @QueryParam("author_name") String authorName,
      @QueryParam("author_info") String authorInfo,
      @QueryParam("sha") String sha,
      @QueryParam("filepath") String filepath,
      @QueryParam("ordering") String ordering) {
    IncidentParams.integer("page", page, 0, Integer.MAX_VALUE, 1);
    int size = IncidentParams.perPage(perPage);
    String order = ordering == null || ordering.isEmpty() ? "date" : ordering;
    IncidentParams.choice("ordering", order, java.util.Set.of("date", "-date"));
    OccurrenceFilter filter =
        new OccurrenceFilter(
            IncidentParams.date("date_before", dateBefore),
            IncidentParams.date("date_after", dateAfter),
            IncidentParams.integer("source_id", sourceId),
            IncidentParams.text("source_name", sourceName, 1),
            IncidentParams.integer("incident_id", incidentId),
            IncidentParams.choice("presence", presence, IncidentParams.PRESENCES),
            IncidentParams.text("author_name", authorName, 3),
            IncidentParams.text("author_info", authorInfo, 3),
            IncidentParams.text("sha", sha, 3),
            IncidentParams.text("filepath", filepath, 3));
    Keyset.Position position = IncidentParams.position(cursor, order);
    IncidentReads.OccurrencePage result =
        reads.occurrences(principal.tenantId(), filter, order.startsWith("-"), position, size);
    ArrayNode body = JsonNodeFactory.instance.arrayNode();
    result.page().rows().forEach(o -> body.add(IncidentJson.occurrence(o, result.occurrences())));
    return paged(uri, body, result.page(), order, size, OccurrenceRow::date, OccurrenceRow::id);
  }

  private <T> Response paged(
      UriInfo uri,
      ArrayNode body,
      Keyset.Page<T> page,
      String order,
      int size,
      Function<T, Instant> sortValue,
      ToLongFunction<T> id) {
    List<T> rows = page.rows();
    String next = null;
    String prev = null;
    if (!rows.isEmpty()) {
      T last = rows.get(rows.size() - 1);
      T first = rows.get(0);
      if (page.hasNext()) {
        next = IncidentParams.cursor(order, sortValue.apply(last), id.applyAsLong(last), false);
      }
      if (page.hasPrevious()) {
        prev = IncidentParams.cursor(order, sortValue.apply(first), id.applyAsLong(first), true);
      }
    }
    Response.ResponseBuilder response =
        Response.ok(body).type(JSON).header("X-Per-Page", Integer.toString(size));
    String link = new CursorPage(Map.of(), size).linkHeader(uri.getRequestUri(), next, prev);
    if (link != null) {
      response.header("Link", link);
    }
    return response.build();
  }

  private Actor actor() {
    VigilPrincipal caller = principal.get();
    return new Actor(caller.memberId(), caller.tokenId());
  }

  private static long id(String value) {
    try {
      long id = Long.parseLong(value);
      if (id < 1) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw ApiException.notFound("Not found.");
    }
  }

  private static JsonNode object(JsonNode body) {
    if (body == null || body.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!body.isObject()) {
      throw ApiException.badRequest("Invalid data.");
    }
    return body;
  }

  private static String text(String field, JsonNode value) {
    if (!value.isTextual()) {
      throw ApiException.badRequest(field + ": Not a valid string.");
    }
    return value.textValue();
  }

  private static boolean bool(JsonNode object, String field, boolean fallback) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw ApiException.badRequest(field + ": Must be a valid boolean.");
    }
    return value.booleanValue();
  }

  private static String base(UriInfo uri) {
    String base = uri.getBaseUri().toString();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private static Response json(Object body) {
    return Response.ok(body).type(JSON).build();
  }
}
