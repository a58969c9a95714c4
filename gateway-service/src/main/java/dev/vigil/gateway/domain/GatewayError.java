package dev.vigil.gateway.domain;

/** The reasons the gateway itself refuses or fails a request, with their HTTP status. */
public enum GatewayError {
  BAD_REQUEST(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  PAYLOAD_TOO_LARGE(413),
  RATE_LIMITED(429),
  BAD_GATEWAY(502),
  SERVICE_UNAVAILABLE(503),
  GATEWAY_TIMEOUT(504);

  private final int status;

  GatewayError(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
