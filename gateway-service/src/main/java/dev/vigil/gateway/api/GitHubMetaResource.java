package dev.vigil.gateway.api;

import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

  @GET
  public Response meta(@Context RoutingContext context) {
    Callers.of(context);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("verifiable_password_authentication", false);
    body.put("installed_version", version);
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"))
        .header(ENTERPRISE_VERSION_HEADER, version)
        .build();
  }
}
