package dev.vigil.kit.testapp;

import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Endpoints in each API family's error shape, used by the kit's own tests. */
@Path("/probe")
public class ProbeResource {

  public record Mapping(
      @NotBlank String serviceName, @Pattern(regexp = "[^.]*") String pathPrefix) {}

  public record Body(
      @NotEmpty List<@Pattern(regexp = "[a-z]+/[a-z]+") String> repositories,
      @Valid List<Mapping> serviceMappings,
      @Min(1) @Max(365) Integer lookbackDays) {}

  private final CurrentPrincipal principal;

  public ProbeResource(CurrentPrincipal principal) {
    this.principal = principal;
  }

  @GET
  @Path("/github")
  @ErrorFamily(ApiFamily.GITHUB)
  @RolesAllowed({"security_events", "security_events:read"})
  public Map<String, Object> github() {
    return whoami();
  }

  /** A vendor-specific JSON type, as the SARIF view of an analysis is. */
  @GET
  @Path("/github/sarif")
  @ErrorFamily(ApiFamily.GITHUB)
  @RolesAllowed({"security_events", "security_events:read"})
  @jakarta.ws.rs.Produces("application/sarif+json")
  public Map<String, Object> githubSarif() {
    return Map.of("version", "2.1.0", "runs", java.util.List.of());
  }

  @GET
  @Path("/gitguardian")
  @ErrorFamily(ApiFamily.GITGUARDIAN)
  @RolesAllowed("incidents:read")
  public Map<String, Object> gitguardian() {
    return whoami();
  }

  @GET
  @Path("/sigsentry")
  @ErrorFamily(ApiFamily.SIGSENTRY)
  @RolesAllowed({"config:read", "config:write"})
  public Map<String, Object> sigsentry() {
    return whoami();
  }

  @GET
  @Path("/scanner")
  @ErrorFamily(ApiFamily.SCANNER)
  @RolesAllowed("detection_rules:sync")
  public Map<String, Object> scanner() {
    return whoami();
  }

  @POST
  @Path("/sigsentry/validate")
  @ErrorFamily(ApiFamily.SIGSENTRY)
  @RolesAllowed("config:write")
  public Map<String, Object> validateSigSentry(@Valid Body body) {
    return Map.of("ok", true);
  }

  @POST
  @Path("/github/validate")
  @ErrorFamily(ApiFamily.GITHUB)
  @RolesAllowed("security_events")
  public Map<String, Object> validateGitHub(@Valid Body body) {
    return Map.of("ok", true);
  }

  @GET
  @Path("/sigsentry/quota")
  @ErrorFamily(ApiFamily.SIGSENTRY)
  @RolesAllowed("config:write")
  public Map<String, Object> quota() {
    throw new ApiException(
        403,
        "QUOTA_EXCEEDED",
        "Repository quota reached",
        Map.of("limit", 5, "current", 5),
        Map.of());
  }

  @GET
  @Path("/scanner/echo/{name}")
  @ErrorFamily(ApiFamily.SCANNER)
  @PermitAll
  public Map<String, Object> echo(
      @jakarta.ws.rs.PathParam("name") String name, @jakarta.ws.rs.QueryParam("q") String query) {
    return Map.of("name", name, "q", query == null ? "" : query);
  }

  @POST
  @Path("/gitguardian/tree")
  @ErrorFamily(ApiFamily.GITGUARDIAN)
  @PermitAll
  public Map<String, Object> tree(com.fasterxml.jackson.databind.JsonNode body) {
    return Map.of("fields", body.size());
  }

  @POST
  @Path("/sigsentry/open")
  @ErrorFamily(ApiFamily.SIGSENTRY)
  @PermitAll
  public Map<String, Object> open(Body body) {
    return Map.of("repositories", body.repositories());
  }

  @GET
  @Path("/public")
  @PermitAll
  public Map<String, Object> open() {
    return Map.of("public", true);
  }

  private Map<String, Object> whoami() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tenant", principal.tenantId().toString());
    body.put("member", principal.get().memberId().orElse(null));
    body.put("scopes", principal.get().scopes().stream().sorted().toList());
    body.put("project", principal.get().projectId().map(Object::toString).orElse(null));
    return body;
  }
}
