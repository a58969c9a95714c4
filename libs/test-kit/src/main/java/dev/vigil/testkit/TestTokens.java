package dev.vigil.testkit;

import dev.vigil.contracts.identity.InternalJwt;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * Internal JWTs as the gateway would mint them, signed with an RSA-2048 key pair made once per JVM.
 * The public half is published as a JWKS file; services under test point {@code
 * mp.jwt.verify.publickey.location} at {@link #jwksLocation()} ({@link VigilTestResource} does).
 *
 * <pre>{@code
 * String token = TestTokens.forAudience("scanning-service").scopes("alerts:read").sign();
 * }</pre>
 */
public final class TestTokens {

  /**
   * {@code kid} of the trusted key; stranger tokens carry it too, so only the signature differs.
   */
  public static final String KEY_ID = "vigil-test-key";

  private static final Class<?> SYSTEM_COPY = JvmWide.systemCopyOf(TestTokens.class);
  private static final Object LOCK = new Object();
  private static KeyPair trusted; // guarded by LOCK
  private static KeyPair stranger; // guarded by LOCK
  private static String jwksLocation; // guarded by LOCK

  private TestTokens() {}

  /**
   * A {@code file:} URL of the JWKS holding the public key, e.g. {@code
   * file:/tmp/vigil-jwks-123/jwks.json}. smallrye-jwt strips the {@code file:} prefix and opens the
   * rest as a path, so this is a plain absolute path, not a percent-encoded URI.
   */
  public static String jwksLocation() {
    if (SYSTEM_COPY != null) {
      return (String) JvmWide.call(SYSTEM_COPY, "jwksLocation");
    }
    synchronized (LOCK) {
      trustedKey();
      return jwksLocation;
    }
  }

  /** A token builder for calls to {@code audience} (a backend service name). */
  public static Builder forAudience(String audience) {
    return new Builder(audience);
  }

  /** A token with default claims for {@code audience}, signed by a key nobody trusts. */
  public static String signedByStranger(String audience) {
    return forAudience(audience).signByStranger();
  }

  /** Fluent token builder; see {@link TestTokens}. Not thread-safe; cheap to create. */
  public static final class Builder {
    private final String audience;
    private UUID tenant = UUID.randomUUID();
    private long member = 1;
    private UUID tokenId = UUID.randomUUID();
    private UUID project;
    private List<String> scopes = List.of();
    private String plan = "enterprise";
    private String service;
    private String tenantSlug;
    private Duration ttl = Duration.ofSeconds(InternalJwt.TTL_SECONDS);

    private Builder(String audience) {
      this.audience = Objects.requireNonNull(audience, "audience");
    }

    public Builder tenant(UUID tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /**
     * The {@code tenant_slug} claim (also the tenant's GitHub enterprise slug); absent unless set.
     */
    public Builder tenantSlug(String tenantSlug) {
      this.tenantSlug = tenantSlug;
      return this;
    }

    public Builder member(long member) {
      this.member = member;
      return this;
    }

    public Builder tokenId(UUID tokenId) {
      this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
      return this;
    }

    /** Binds the token to a project; by default it has none. */
    public Builder project(UUID project) {
      this.project = project;
      return this;
    }

    /** The {@code groups} claim (Quarkus roles). Replaces earlier scopes. */
    public Builder scopes(String... scopes) {
      this.scopes = List.copyOf(Arrays.asList(scopes));
      return this;
    }

    public Builder plan(String plan) {
      this.plan = Objects.requireNonNull(plan, "plan");
      return this;
    }

    /**
     * Makes it a service identity: {@code sub} and {@code service} become this name, and the
     * user-only claims {@code member_id} and {@code token_id} are left out.
     */
    public Builder service(String service) {
      this.service = service;
      return this;
    }

    /** Lifetime from now; negative gives an already expired token. */
    public Builder expiresIn(Duration ttl) {
      this.ttl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /** The compact RS256 JWS, signed with the key published at {@link #jwksLocation()}. */
    public String sign() {
      return TestTokens.sign(claims(), false);
    }

    /** The same token signed by a key that is not in the JWKS, for negative tests. */
    public String signByStranger() {
      return TestTokens.sign(claims(), true);
    }

    private Map<String, Object> claims() {
      long now = System.currentTimeMillis() / 1000;
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("iss", InternalJwt.ISSUER);
      claims.put("aud", audience);
      claims.put("sub", service != null ? service : Long.toString(member));
      claims.put("iat", now);
      claims.put("exp", now + ttl.toSeconds());
      claims.put("jti", UUID.randomUUID().toString());
      claims.put(InternalJwt.TENANT_ID, tenant.toString());
      if (service != null) {
        claims.put(InternalJwt.SERVICE, service);
      } else {
        claims.put(InternalJwt.MEMBER_ID, member);
        claims.put(InternalJwt.TOKEN_ID, tokenId.toString());
      }
      if (project != null) {
        claims.put(InternalJwt.PROJECT_ID, project.toString());
      }
      claims.put(InternalJwt.PLAN, plan);
      if (tenantSlug != null) {
        claims.put(InternalJwt.TENANT_SLUG, tenantSlug);
      }
      claims.put(InternalJwt.SCOPES, scopes);
      return claims;
    }
  }

  // Static and JDK-typed so that every class loader's copy signs with the system copy's key.
  static String sign(Map<String, Object> claims, boolean byStranger) {
    if (SYSTEM_COPY != null) {
      return (String)
          JvmWide.call(
              SYSTEM_COPY, "sign", new Class<?>[] {Map.class, boolean.class}, claims, byStranger);
    }
    KeyPair key;
    synchronized (LOCK) {
      key = byStranger ? strangerKey() : trustedKey();
    }
    // Jwt reads optional defaults from MicroProfile Config via the context class loader; use ours,
    // not the application's, so a service's smallrye.jwt.* settings cannot change test tokens.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(TestTokens.class.getClassLoader());
    try {
      return Jwt.claims(claims)
          .jws()
          .keyId(KEY_ID)
          .algorithm(SignatureAlgorithm.RS256)
          .sign(key.getPrivate());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static KeyPair trustedKey() {
    if (trusted == null) {
      KeyPair pair = newKeyPair();
      jwksLocation = writeJwks((RSAPublicKey) pair.getPublic());
      trusted = pair;
    }
    return trusted;
  }

  private static KeyPair strangerKey() {
    if (stranger == null) {
      stranger = newKeyPair();
    }
    return stranger;
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String writeJwks(RSAPublicKey publicKey) {
    try {
      RsaJsonWebKey jwk = new RsaJsonWebKey(publicKey);
      jwk.setKeyId(KEY_ID);
      jwk.setAlgorithm("RS256");
      jwk.setUse("sig");
      Path dir = Files.createTempDirectory("vigil-jwks-");
      Path file = dir.resolve("jwks.json");
      Files.writeString(file, new JsonWebKeySet(jwk).toJson(), StandardCharsets.UTF_8);
      // deleteOnExit runs in reverse order: the file goes before its directory.
      dir.toFile().deleteOnExit();
      file.toFile().deleteOnExit();
      return "file:" + file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the test JWKS", e);
    }
  }
}
