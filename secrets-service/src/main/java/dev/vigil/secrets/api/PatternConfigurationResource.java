package dev.vigil.secrets.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.identity.InternalJwt;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.kit.errors.FieldViolation;
import dev.vigil.secrets.domain.PushSetting;
import dev.vigil.secrets.service.PatternConfigService;
import dev.vigil.secrets.service.PatternConfigService.CustomChange;
import dev.vigil.secrets.service.PatternConfigService.Level;
import dev.vigil.secrets.service.PatternConfigService.ProviderChange;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GitHub's push-protection pattern configurations: {@code /enterprises/{enterprise}/…} (the
 * enterprise is the tenant, by slug or id) and {@code /orgs/{org}/…} (an owner of the tenant's
 * connected repositories). Anything else, another tenant's included, is 404.
 */
@Path("/")
@ErrorFamily(ApiFamily.GITHUB)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "secret-scanning")
public class PatternConfigurationResource {

  private static final String ENTERPRISE =
      "/enterprises/{enterprise}/secret-scanning/pattern-configurations";
  private static final String ORG = "/orgs/{org}/secret-scanning/pattern-configurations";
  private static final int MAX_SETTINGS = 1000;
  private static final Set<String> PROVIDER_SETTINGS = Set.of("not-set", "disabled", "enabled");
  private static final Set<String> CUSTOM_SETTINGS = Set.of("disabled", "enabled");

  private final PatternConfigService configs;
  private final CurrentPrincipal principal;
  private final JsonWebToken jwt;
  private final JsonBodies bodies;

  public PatternConfigurationResource(
      PatternConfigService configs,
      CurrentPrincipal principal,
      JsonWebToken jwt,
      JsonBodies bodies) {
    this.configs = configs;
    this.principal = principal;
    this.jwt = jwt;
    this.bodies = bodies;
  }

  @GET
  @Path(ENTERPRISE)
  @RolesAllowed("admin:enterprise")
  @Operation(operationId = "secret-scanning/list-enterprise-pattern-configs")
  @APIResponse(
      responseCode = "200",
      description = "The enterprise's pattern configurations.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = PatternConfiguration.class)))
  public PatternConfiguration enterprise(@PathParam("enterprise") String enterprise) {
    requireOwnEnterprise(enterprise);
    return configs.view(principal.tenantId(), Level.ENTERPRISE);
  }

  @PATCH
  @Path(ENTERPRISE)
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed("admin:enterprise")
  @Operation(operationId = "secret-scanning/update-enterprise-pattern-configs")
  @APIResponse(
      responseCode = "200",
      description = "The new configuration version.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = PatternConfiguration.Updated.class)))
  @RequestBody(
      required = true,
      description =
          "GitHub's update: the version read last and the settings to change. Parsed as JSON whatever the Content-Type, as GitHub does.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.PatternConfigurationUpdate.class)))
  public PatternConfiguration.Updated updateEnterprise(
      @PathParam("enterprise") String enterprise, byte[] body) {
    requireOwnEnterprise(enterprise);
    return update(Level.ENTERPRISE, body);
  }

  @GET
  @Path(ORG)
  @RolesAllowed({"write:org", "admin:org"})
  @Operation(operationId = "secret-scanning/list-org-pattern-configs")
  @APIResponse(
      responseCode = "200",
      description = "The organization's pattern configurations.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = PatternConfiguration.class)))
  public PatternConfiguration org(@PathParam("org") String org) {
    return configs.view(principal.tenantId(), organization(org));
  }

  @PATCH
  @Path(ORG)
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed({"write:org", "admin:org"})
  @Operation(operationId = "secret-scanning/update-org-pattern-configs")
  @APIResponse(
      responseCode = "200",
      description = "The new configuration version.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = PatternConfiguration.Updated.class)))
  @RequestBody(
      required = true,
      description =
          "GitHub's update: the version read last and the settings to change. Parsed as JSON whatever the Content-Type, as GitHub does.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.PatternConfigurationUpdate.class)))
  public PatternConfiguration.Updated updateOrg(@PathParam("org") String org, byte[] body) {
    return update(organization(org), body);
  }

  private PatternConfiguration.Updated update(Level level, byte[] body) {
    JsonNode request = bodies.object(body, "Problems parsing JSON");
    JsonNode version = request.get("pattern_config_version");
    if (version != null && !version.isNull() && !version.isTextual()) {
      throw badField("pattern_config_version", "must be a string or null");
    }
    List<ProviderChange> provider =
        entries(
            request,
            "provider_pattern_settings",
            PROVIDER_SETTINGS,
            (item, setting) -> new ProviderChange(tokenType(item), setting));
    List<CustomChange> custom =
        entries(
            request,
            "custom_pattern_settings",
            CUSTOM_SETTINGS,
            (item, setting) -> {
              JsonNode v = item.get("custom_pattern_version");
              if (v != null && !v.isNull() && !v.isTextual()) {
                throw badField("custom_pattern_version", "must be a string or null");
              }
              return new CustomChange(
                  tokenType(item), v == null || v.isNull() ? null : v.textValue(), setting);
            });
    String next =
        configs.update(
            principal.tenantId(),
            level,
            version == null || version.isNull() ? null : version.textValue(),
            provider,
            custom);
    return new PatternConfiguration.Updated(next);
  }

  private static <T> List<T> entries(
      JsonNode request,
      String field,
      Set<String> allowed,
      BiFunction<JsonNode, PushSetting, T> read) {
    JsonNode array = request.get(field);
    if (array == null || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw badField(field, "must be an array");
    }
    if (array.size() > MAX_SETTINGS) {
      throw badField(field, "has more than " + MAX_SETTINGS + " entries");
    }
    List<T> out = new ArrayList<>();
    for (JsonNode item : array) {
      if (!item.isObject()) {
        throw badField(field, "entries must be objects");
      }
      JsonNode setting = item.get("push_protection_setting");
      if (setting == null || !setting.isTextual() || !allowed.contains(setting.textValue())) {
        throw badField(
            "push_protection_setting",
            "must be one of: " + String.join(", ", allowed.stream().sorted().toList()));
      }
      out.add(read.apply(item, PushSetting.of(setting.textValue()).orElseThrow()));
    }
    return out;
  }

  private static String tokenType(JsonNode item) {
    JsonNode t = item.get("token_type");
    if (t == null || !t.isTextual() || t.textValue().isEmpty() || t.textValue().length() > 100) {
      throw badField("token_type", "is required");
    }
    return t.textValue();
  }

  private static ApiException badField(String field, String message) {
    return ApiException.unprocessable(
        "Validation Failed", List.of(FieldViolation.invalid(field, field + " " + message)));
  }

  /** The path's enterprise must be the caller's tenant, by slug (any case) or id. */
  private void requireOwnEnterprise(String enterprise) {
    UUID tenant = principal.tenantId();
    Object claim = jwt.getClaim(InternalJwt.TENANT_SLUG);
    String slug = claim == null ? null : claim.toString().replace("\"", "");
    boolean own =
        (slug != null && slug.equalsIgnoreCase(enterprise)) || tenant.toString().equals(enterprise);
    if (!own) {
      throw ApiException.notFound("Not Found");
    }
  }

  private static Level organization(String org) {
    if (org == null || org.isEmpty() || org.length() > 100 || org.contains("/")) {
      throw ApiException.notFound("Not Found");
    }
    return new Level(org);
  }
}
