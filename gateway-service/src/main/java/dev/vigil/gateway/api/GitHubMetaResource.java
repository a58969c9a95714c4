package dev.vigil.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * GitHub's {@code GET /meta} as GitHub Enterprise Server answers it: {@code installed_version} in
 * the body and the {@code X-GitHub-Enterprise-Version} header. codeql-action asks it of every
 * server that is not github.com and takes the header to mean "GitHub Enterprise Server of this
 * version" (it warns outside the versions it supports, so the default is one it does).
 */
@Path("/meta")
@ErrorFamily(ApiFamily.GITHUB)
@PermitAll // authenticated by the gateway filter, not by Quarkus security
// No @Produces: GitHub clients send Accept: application/vnd.github…+json, and GitHub answers JSON.
public class GitHubMetaResource {

  static final String ENTERPRISE_VERSION_HEADER = "X-GitHub-Enterprise-Version";

  private final String version;

  public GitHubMetaResource(
      @ConfigProperty(name = "vigil.gateway.github.enterprise-version", defaultValue = "3.17.0")
          String version) {
    this.version = version;
  }

  /** The part of GitHub Enterprise Server's {@code GET /meta} answer clients read. */
  public record Meta(
      @JsonProperty("verifiable_password_authentication") boolean verifiablePasswordAuthentication,
      @JsonProperty("installed_version") String installedVersion) {}

  @GET
  @APIResponse(
      responseCode = "200",
      description = "The server's version, as GitHub Enterprise Server answers it.",
      content =
          @Content(mediaType = "application/json", schema = @Schema(implementation = Meta.class)))
  public Response meta(@Context RoutingContext context) {
    Callers.of(context);
    return Response.ok(
            new Meta(false, version), MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"))
        .header(ENTERPRISE_VERSION_HEADER, version)
        .build();
  }
}
