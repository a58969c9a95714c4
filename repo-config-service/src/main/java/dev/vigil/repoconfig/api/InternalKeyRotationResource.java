package dev.vigil.repoconfig.api;

import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.repoconfig.config.InternalAccessConfig;
import dev.vigil.repoconfig.service.CredentialRotation;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Internal: runs a key-rotation pass now and reports what is left. Not routed by the gateway; the
 * caller's gateway-signed identity must have a {@code service} claim listed in {@code
 * vigil.repo-config.internal.key-rotators} (default {@code operator}). Blocking (JDBC), so it runs
 * on a worker thread.
 */
@Path("/internal/v1/credentials/rewrap")
@ErrorFamily(ApiFamily.SIGSENTRY)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class InternalKeyRotationResource {

  private final CredentialRotation rotation;
  private final CurrentPrincipal principal;
  private final InternalAccessConfig config;

  public InternalKeyRotationResource(
      CredentialRotation rotation, CurrentPrincipal principal, InternalAccessConfig config) {
    this.rotation = rotation;
    this.principal = principal;
    this.config = config;
  }

  @POST
  @Operation(summary = "Re-wrap every stored credential under the active key")
  public ApiResponse<RewrapView> rewrap() throws SQLException {
    principal
        .get()
        .service()
        .filter(config.keyRotators()::contains)
        .orElseThrow(() -> ApiException.forbidden("Only operators may rotate keys"));
    CredentialRotation.RewrapReport report = rotation.rewrapAll();
    return ApiResponse.of(
        new RewrapView(
            report.activeKeyId(), report.rewrapped(), report.failed(), report.remaining()));
  }
}
