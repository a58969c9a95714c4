package dev.vigil.sync.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.sync.domain.rules.InputLimitExceeded;
import dev.vigil.sync.domain.rules.RuleTestRunner;
import dev.vigil.sync.domain.rules.RuleValidator;
import dev.vigil.sync.service.SyncService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Single rule files as scanner-cli {@code validate} / {@code run-tests} and the
 * validate-detection-rules Action send them (the raw YAML as the body, any content type), and the
 * per-file upsert of {@code scanner-cli sync}.
 */
@Path("/v1/detection_rule_yaml")
@ErrorFamily(ApiFamily.SCANNER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Detection rule YAML")
public class DetectionRuleYamlResource {

  /** Largest raw YAML body read; the validator's own limit (256 KiB) is below it. */
  private static final int MAX_BODY_CHARS = 1024 * 1024;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final CurrentPrincipal principal;
  private final SyncService sync;

  public DetectionRuleYamlResource(CurrentPrincipal principal, SyncService sync) {
    this.principal = principal;
    this.sync = sync;
  }

  /** The upsert body. */
  public record UpsertRequest(
      @com.fasterxml.jackson.annotation.JsonProperty("rule_yaml") String ruleYaml,
      @com.fasterxml.jackson.annotation.JsonProperty("sync_config_yaml") String syncConfigYaml) {}

  @POST
  @Path("/validate")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Validate one detection rule YAML file")
  @APIResponse(
      responseCode = "200",
      description =
          "Whether the rule is valid; a mistake in it is an answer (is_valid false), not an error.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.RuleValidation.class)))
  @RequestBody(
      required = true,
      description = "The rule file's YAML as the body (any content type is read as YAML).",
      content = {
        @Content(mediaType = "application/x-yaml", schema = @Schema(type = SchemaType.STRING)),
        @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING))
      })
  public ObjectNode validate(String body) {
    principal.require(Scopes.SYNC, Scopes.READ);
    RuleValidator.Outcome outcome = validated(body);
    ObjectNode answer = F.objectNode();
    answer.put("is_valid", outcome.valid());
    answer.put("error", outcome.valid() ? null : outcome.failure().reason());
    answer.put(
        "warning", outcome.warnings().isEmpty() ? null : String.join("; ", outcome.warnings()));
    return answer;
  }

  @POST
  @Path("/run_tests")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Run the inline tests of one detection rule YAML file")
  @APIResponse(
      responseCode = "200",
      description = "Each inline test's outcome by name.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.RuleTestResults.class)))
  @RequestBody(
      required = true,
      description = "The rule file's YAML as the body (any content type is read as YAML).",
      content = {
        @Content(mediaType = "application/x-yaml", schema = @Schema(type = SchemaType.STRING)),
        @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING))
      })
  public ObjectNode runTests(String body) {
    principal.require(Scopes.SYNC, Scopes.READ);
    RuleValidator.Outcome outcome = validated(body);
    if (!outcome.valid()) {
      throw ApiException.badRequest(outcome.failure().reason());
    }
    ObjectNode answer = F.objectNode();
    ObjectNode results = answer.putObject("results");
    for (RuleTestRunner.TestResult result : RuleTestRunner.run(outcome.rule())) {
      results.put(result.name(), result.status());
    }
    return answer;
  }

  @POST
  @Path("/upsert_by_push_key")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create or update one rule by the push_key in its YAML")
  @APIResponse(
      responseCode = "200",
      description = "The rule, and whether it was created.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.DetectionRuleUpserted.class)))
  @RequestBody(
      required = true,
      description =
          "The rule's YAML (with its push_key) and the sync configuration's YAML (may be empty).",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = UpsertRequest.class)))
  public ObjectNode upsert(UpsertRequest request) {
    var caller = principal.require(Scopes.SYNC);
    if (request == null || request.ruleYaml() == null) {
      throw ApiException.badRequest("rule_yaml is required");
    }
    if (request.syncConfigYaml() == null) {
      throw ApiException.badRequest("sync_config_yaml is required (an empty string is allowed)");
    }
    var upserted =
        sync.upsertByPushKey(
            caller.tenantId(), bounded(request.ruleYaml()), bounded(request.syncConfigYaml()));
    ObjectNode answer = F.objectNode();
    answer.set("detection_rule", Views.rule(upserted.rule()));
    answer.put("created", upserted.created());
    return answer;
  }

  // A mistake in the rule is an answer (is_valid false); a file beyond a safety limit is a 400.
  private static RuleValidator.Outcome validated(String body) {
    try {
      return RuleValidator.validate(bounded(body), Optional.empty());
    } catch (InputLimitExceeded e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static String bounded(String body) {
    if (body == null) {
      return "";
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw ApiException.payloadTooLarge("Rule YAML must be at most 1 MiB");
    }
    return body;
  }
}
