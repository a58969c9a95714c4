package dev.vigil.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.platform.PlatformException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The flow every platform shares; subclasses supply URLs, headers and JSON mapping. */
abstract class AbstractPlatformClient implements PlatformClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  final HttpTransport transport;

  AbstractPlatformClient(HttpTransport transport) {
    this.transport = transport;
  }

  @Override
  public Platform platform() {
    return transport.platform();
  }

  /** Validates {@code fullName} (throws IllegalArgumentException) and builds the metadata URL. */
  abstract URI metadataUri(PlatformCredentials credentials, String fullName);

  /** Validates the arguments and builds the archive URL. */
  abstract URI archiveUri(PlatformCredentials credentials, String fullName, String ref);

  /** Headers carrying the credentials. */
  abstract Map<String, String> authHeaders(PlatformCredentials credentials);

  /** Other headers every request carries (Accept, API version). */
  Map<String, String> headers() {
    return Map.of();
  }

  /** Maps the platform's repository JSON. */
  abstract RepositoryMetadata toMetadata(
      JsonNode json, String requestedName, boolean credentialsValid, URI uri);

  @Override
  public RepositoryMetadata fetchRepository(PlatformCredentials credentials, String fullName) {
    Objects.requireNonNull(credentials, "credentials");
    URI uri = metadataUri(credentials, fullName);
    try {
      return toMetadata(getJson(uri, authHeaders(credentials)), fullName, true, uri);
    } catch (PlatformException rejected) {
      if (rejected.status() != 401) {
        throw rejected;
      }
      // Bad credentials on a public repository still tell us its metadata; the caller decides.
      try {
        return toMetadata(getJson(uri, Map.of()), fullName, false, uri);
      } catch (PlatformException anonymous) {
        rejected.addSuppressed(anonymous);
        throw rejected;
      }
    }
  }

  @Override
  public InputStream downloadArchive(
      PlatformCredentials credentials, String fullName, String ref, long maxBytes) {
    Objects.requireNonNull(credentials, "credentials");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    URI uri = archiveUri(credentials, fullName, ref);
    HttpTransport.Ok ok = transport.get(uri, headers(), authHeaders(credentials));
    String what = transport.describe(ok.uri());
    long declared = ok.contentLength().orElse(-1L);
    if (declared > maxBytes) {
      HttpTransport.closeQuietly(ok.body());
      throw new PlatformException(
          Kind.TOO_LARGE,
          platform(),
          ok.status(),
          null,
          "%s %s: archive of %d bytes exceeds %d"
              .formatted(platform().displayName(), what, declared, maxBytes),
          null);
    }
    String type = ok.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (type.startsWith("text/html") || type.startsWith("application/json")) {
      // A login page or an error document from a proxy, not an archive.
      HttpTransport.closeQuietly(ok.body());
      throw transport.invalid(ok.status(), ok.uri(), "expected an archive, got " + type);
    }
    return new GuardedInputStream(
        ok.body(),
        maxBytes,
        Kind.TOO_LARGE,
        transport.config().readTimeout(),
        platform(),
        ok.status(),
        what);
  }

  JsonNode getJson(URI uri, Map<String, String> auth) {
    HttpTransport.Ok ok = transport.get(uri, headers(), auth);
    long max = transport.config().maxMetadataBytes();
    try (InputStream body =
        new GuardedInputStream(
            ok.body(),
            max,
            Kind.INVALID_RESPONSE,
            transport.config().readTimeout(),
            platform(),
            ok.status(),
            transport.describe(ok.uri()))) {
      JsonNode json = JSON.readTree(body.readAllBytes());
      if (json == null || !json.isObject()) {
        throw transport.invalid(ok.status(), ok.uri(), "expected a JSON object");
      }
      return json;
    } catch (IOException e) {
      // Jackson's message may quote the body; keep it only as the cause.
      throw new PlatformException(
          Kind.INVALID_RESPONSE,
          platform(),
          ok.status(),
          null,
          platform().displayName() + " " + transport.describe(ok.uri()) + ": malformed JSON",
          e);
    }
  }

  /** The API base: the credentials' self-hosted one, else the configured default. */
  static String base(PlatformCredentials credentials, String defaultBase) {
    return credentials.baseUrl() != null ? credentials.baseUrl() : defaultBase;
  }

  /** Text of {@code field}, or null when absent or JSON null. */
  static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  PlatformException invalid(URI uri, String why) {
    return transport.invalid(200, uri, why);
  }
}
