package dev.vigil.repoconfig.api;

import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.auth.VigilPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.repoconfig.config.InternalAccessConfig;
import dev.vigil.repoconfig.service.CredentialAccessService;
import dev.vigil.repoconfig.service.ServiceErrors;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Internal, for sync-service and secrets-service: a connection's decrypted credentials. Not under
 * {@code /v1}, so the gateway never routes it; callers need a gateway-signed service identity whose
 * {@code service} claim is in {@code vigil.repo-config.internal.credential-readers}, and see only
 * their JWT's tenant. Every read writes a {@code credential_access_audit} row.
 */
@Path("/internal/v1/connections/{id}/credentials")
@ErrorFamily(ApiFamily.SIGSENTRY)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class InternalCredentialsResource {

  private static final Pattern PURPOSE = Pattern.compile("[A-Za-z0-9 ._:/-]{1,200}");
  private static final String DEFAULT_PURPOSE = "unspecified";

  private final CredentialAccessService access;
  private final CurrentPrincipal principal;
  private final InternalAccessConfig config;

  public InternalCredentialsResource(
      CredentialAccessService access, CurrentPrincipal principal, InternalAccessConfig config) {
    this.access = access;
    this.principal = principal;
    this.config = config;
  }

  /**
   * @param purpose why the caller needs the credentials (e.g. {@code sync-zipball}); audited
   */
  @GET
  @Operation(summary = "Decrypted credentials of a connection (service identities only)")
  public Uni<Response> credentials(
      @PathParam("id") String id, @QueryParam("purpose") String purpose) {
    VigilPrincipal caller = principal.get();
    String service =
        caller
            .service()
            .filter(config.credentialReaders()::contains)
            .orElseThrow(
                () -> ApiException.forbidden("Only allowed Vigil services may read credentials"));
    String why = purpose == null || purpose.isBlank() ? DEFAULT_PURPOSE : purpose.strip();
    if (!PURPOSE.matcher(why).matches()) {
      throw ServiceErrors.validation(
          "purpose", "must be 1-200 letters, digits, spaces or ._:/- characters");
    }
    return access
        .read(caller.tenantId(), id, "service:" + service, why)
        .map(
            decrypted ->
                Response.ok(ApiResponse.of(ConnectionViews.credentials(decrypted)))
                    .header("Cache-Control", "no-store")
                    .build());
  }
}
