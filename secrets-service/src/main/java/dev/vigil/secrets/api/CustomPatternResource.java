package dev.vigil.secrets.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.secrets.domain.CustomPatternCompiler;
import dev.vigil.secrets.domain.CustomPatternDefinition;
import dev.vigil.secrets.domain.PushSetting;
import dev.vigil.secrets.persistence.PushProtectionStore;
import dev.vigil.secrets.persistence.PushProtectionStore.CustomPatternRow;
import dev.vigil.secrets.service.CustomPatternService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Vigil's custom secret patterns ({@code cp_N}), at the enterprise level ({@code admin:enterprise})
 * or an organization's ({@code admin:org}). A pattern is saved only if it compiles with RE2J within
 * the cost limits and finds a secret in each of its test strings; it then joins every scan of the
 * tenant, and blocks pushes once its push protection is enabled.
 */
@Path("/v1/secret-scanning/custom-patterns")
@ErrorFamily(ApiFamily.VIGIL)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Push protection")
@Authenticated
public class CustomPatternResource {

  static final String ADMIN_ENTERPRISE = "admin:enterprise";
  static final String ADMIN_ORG = "admin:org";

  private final CustomPatternService patterns;
  private final CurrentPrincipal principal;
  private final JsonBodies bodies;

  public CustomPatternResource(
      CustomPatternService patterns, CurrentPrincipal principal, JsonBodies bodies) {
    this.patterns = patterns;
    this.principal = principal;
    this.bodies = bodies;
  }

  /** A custom pattern as Vigil shows it. */
  public record CustomPatternJson(
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("name") String name,
      @JsonProperty("slug") String slug,
      @JsonProperty("secret_format") String secretFormat,
      @JsonProperty("before_secret") String beforeSecret,
      @JsonProperty("after_secret") String afterSecret,
      @JsonProperty("must_match") List<String> mustMatch,
      @JsonProperty("must_not_match") List<String> mustNotMatch,
      @JsonProperty("level") String level,
      @JsonProperty("org") String org,
      @JsonProperty("push_protection_setting") String pushProtectionSetting,
      @JsonProperty("custom_pattern_version") String customPatternVersion,
      @JsonProperty("created_at") Instant createdAt) {

    static CustomPatternJson of(CustomPatternRow row) {
      boolean enterprise = row.scope().equals(PushProtectionStore.ENTERPRISE);
      return new CustomPatternJson(
          row.tokenType(),
          row.name(),
          row.slug(),
          row.secretFormat(),
          Optional.ofNullable(row.beforeSecret()).orElse(CustomPatternDefinition.DEFAULT_BEFORE),
          Optional.ofNullable(row.afterSecret()).orElse(CustomPatternDefinition.DEFAULT_AFTER),
          row.mustMatch(),
          row.mustNotMatch(),
          enterprise ? "enterprise" : "organization",
          enterprise ? null : row.scope(),
          row.pushProtection().value(),
          row.version(),
          row.createdAt());
    }
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Operation(operationId = "create-custom-pattern", summary = "Create a custom secret pattern")
  @APIResponse(
      responseCode = "201",
      description = "The pattern, saved.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = CustomPatternJson.class)))
  @RequestBody(
      required = true,
      description = "The pattern; it is saved only if it finds a secret in each test string.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.CustomPatternRequest.class)))
  public Response create(byte[] body) {
    JsonNode request = bodies.object(body, "The body must be a JSON object");
    Optional<String> org = JsonBodies.string(request, "org", 100, false);
    requireAdmin(org.isPresent());
    PushSetting setting =
        JsonBodies.string(request, "push_protection_setting", 20, false)
            .map(
                s ->
                    PushSetting.of(s)
                        .filter(x -> x != PushSetting.NOT_SET)
                        .orElseThrow(
                            () ->
                                JsonBodies.invalid(
                                    "push_protection_setting",
                                    "push_protection_setting must be enabled or disabled")))
            .orElse(PushSetting.DISABLED);
    int max = CustomPatternCompiler.MAX_EXPRESSION;
    CustomPatternDefinition definition =
        new CustomPatternDefinition(
            JsonBodies.required(request, "name", CustomPatternCompiler.MAX_NAME),
            JsonBodies.string(request, "secret_format", max, false)
                .orElseThrow(
                    () -> JsonBodies.invalid("secret_format", "secret_format is required")),
            JsonBodies.string(request, "before_secret", max, false),
            JsonBodies.string(request, "after_secret", max, false),
            JsonBodies.strings(request, "must_match", CustomPatternCompiler.MAX_ADDITIONAL, max),
            JsonBodies.strings(
                request, "must_not_match", CustomPatternCompiler.MAX_ADDITIONAL, max),
            JsonBodies.strings(
                request,
                "test_strings",
                CustomPatternCompiler.MAX_TEST_STRINGS,
                CustomPatternCompiler.MAX_TEST_STRING));
    CustomPatternRow row =
        patterns.create(
            principal.tenantId(), new CustomPatternService.NewPattern(definition, org, setting));
    return Response.status(201).entity(CustomPatternJson.of(row)).build();
  }

  @GET
  @Operation(operationId = "list-custom-patterns", summary = "List the tenant's custom patterns")
  @APIResponse(
      responseCode = "200",
      description = "The tenant's custom patterns.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.CustomPatternList.class)))
  public Map<String, List<CustomPatternJson>> list() {
    principal.require(ADMIN_ENTERPRISE, ADMIN_ORG);
    return Map.of(
        "custom_patterns",
        patterns.list(principal.tenantId()).stream().map(CustomPatternJson::of).toList());
  }

  @GET
  @Path("/{token_type}")
  @Operation(operationId = "get-custom-pattern", summary = "One custom pattern")
  @APIResponse(
      responseCode = "200",
      description = "The pattern.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = CustomPatternJson.class)))
  public CustomPatternJson get(@PathParam("token_type") String tokenType) {
    principal.require(ADMIN_ENTERPRISE, ADMIN_ORG);
    return patterns
        .find(principal.tenantId(), tokenType)
        .map(CustomPatternJson::of)
        .orElseThrow(() -> ApiException.notFound("Custom pattern not found"));
  }

  @DELETE
  @Path("/{token_type}")
  @Operation(operationId = "delete-custom-pattern", summary = "Delete a custom pattern")
  @APIResponse(responseCode = "204", description = "The pattern is deleted.")
  public Response delete(@PathParam("token_type") String tokenType) {
    CustomPatternRow row =
        patterns
            .find(principal.tenantId(), tokenType)
            .orElseThrow(() -> ApiException.notFound("Custom pattern not found"));
    requireAdmin(!row.scope().equals(PushProtectionStore.ENTERPRISE));
    patterns.delete(principal.tenantId(), row.number());
    return Response.noContent().build();
  }

  private void requireAdmin(boolean organizationLevel) {
    if (organizationLevel) {
      principal.require(ADMIN_ORG, ADMIN_ENTERPRISE);
    } else {
      principal.require(ADMIN_ENTERPRISE);
    }
  }
}
