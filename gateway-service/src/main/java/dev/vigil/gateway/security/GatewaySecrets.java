package dev.vigil.gateway.security;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.ApiTokenFormat;
import dev.vigil.gateway.domain.BootstrapOperator;
import dev.vigil.gateway.domain.TokenHasher;
import dev.vigil.gateway.domain.TokenParseResult;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The gateway's three secrets: the token pepper, the key-encryption key of the signing keys and the
 * operator credential. They come from configuration (environment / Kubernetes Secret). Only in
 * development, when {@code vigil.gateway.dev-bootstrap.dir} is set, are missing ones generated once
 * and kept in a mode-600 file there. Their values are never logged.
 */
@Singleton
public class GatewaySecrets {

  static final String DEV_FILE = "gateway-secrets.properties";
  private static final Logger LOG = Logger.getLogger(GatewaySecrets.class);

  private final TokenHasher hasher;
  private final byte[] kek;
  private final String kekId;
  private final BootstrapOperator operator;

  public GatewaySecrets(GatewayConfig config) {
    Properties dev = config.devBootstrap().dir().map(GatewaySecrets::loadDevFile).orElse(null);
    boolean[] generated = {false};
    String pepper =
        resolve(
            config.tokenPepper(),
            dev,
            "token-pepper",
            () -> randomBase64(32),
            generated,
            "vigil.gateway.token-pepper (VIGIL_GATEWAY_TOKEN_PEPPER)");
    String kekText =
        resolve(
            config.signingKek(),
            dev,
            "signing-kek",
            () -> randomBase64(32),
            generated,
            "vigil.gateway.signing-kek (VIGIL_GATEWAY_SIGNING_KEK)");
    this.hasher = new TokenHasher(decode(pepper, "vigil.gateway.token-pepper"));
    this.kek = decode(kekText, "vigil.gateway.signing-kek");
    if (kek.length != 32) {
      throw new IllegalStateException("vigil.gateway.signing-kek must be base64 of 32 bytes");
    }
    this.kekId = fingerprint(kek);

    Optional<String> operatorToken = config.operatorToken().filter(s -> !s.isBlank());
    if (operatorToken.isEmpty() && config.operatorTokenHash().isEmpty() && dev != null) {
      operatorToken =
          Optional.of(
              resolve(
                  Optional.empty(),
                  dev,
                  "operator-token",
                  () -> new ApiTokenFormat(hasher).generate().plaintext(),
                  generated,
                  "operator token"));
    }
    if (operatorToken.isPresent()) {
      if (!(ApiTokenFormat.parse(operatorToken.get()) instanceof TokenParseResult.Ok)) {
        throw new IllegalStateException(
            "vigil.gateway.operator-token is not a well-formed vgl_ token");
      }
      this.operator = new BootstrapOperator(hasher.hash(operatorToken.get()));
    } else {
      this.operator =
          config
              .operatorTokenHash()
              .filter(h -> !h.isBlank())
              .map(GatewaySecrets::checkHash)
              .map(BootstrapOperator::new)
              .orElseGet(BootstrapOperator::disabled);
    }

    if (generated[0]) {
      Path dir = config.devBootstrap().dir().orElseThrow();
      storeDevFile(dir, dev);
      LOG.warnf(
          "DEVELOPMENT MODE: generated missing gateway secrets and stored them in %s (mode 600)."
              + " Never run like this in production: set VIGIL_GATEWAY_TOKEN_PEPPER and"
              + " VIGIL_GATEWAY_SIGNING_KEK instead.",
          dir.resolve(DEV_FILE));
    }
    if (!operator.tokenHash().isEmpty()) {
      LOG.info("bootstrap operator credential configured");
    }
  }

  public TokenHasher hasher() {
    return hasher;
  }

  /** The key-encryption key (a copy). */
  public byte[] kek() {
    return kek.clone();
  }

  /** A non-secret fingerprint of the key-encryption key, stored next to what it encrypted. */
  public String kekId() {
    return kekId;
  }

  public BootstrapOperator operator() {
    return operator;
  }

  private static String resolve(
      Optional<String> configured,
      Properties dev,
      String devKey,
      Supplier<String> generator,
      boolean[] generated,
      String what) {
    if (configured.isPresent() && !configured.get().isBlank()) {
      return configured.get().strip();
    }
    if (dev == null) {
      throw new IllegalStateException(
          what + " is not configured; set it (or vigil.gateway.dev-bootstrap.dir for development)");
    }
    String value = dev.getProperty(devKey);
    if (value == null || value.isBlank()) {
      value = generator.get();
      dev.setProperty(devKey, value);
      generated[0] = true;
    }
    return value;
  }

  private static byte[] decode(String base64, String key) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(key + " is not valid base64");
    }
  }

  private static String checkHash(String hash) {
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new IllegalStateException("vigil.gateway.operator-token-hash must be 64 hex digits");
    }
    return hash;
  }

  static String fingerprint(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return "sha256-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomBase64(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return Base64.getEncoder().encodeToString(random);
  }

  private static Properties loadDevFile(Path dir) {
    Properties properties = new Properties();
    Path file = dir.resolve(DEV_FILE);
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return properties;
  }

  private static void storeDevFile(Path dir, Properties properties) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(DEV_FILE);
      Path temp = Files.createTempFile(dir, DEV_FILE, ".tmp");
      PrivateFiles.restrict(temp);
      try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        properties.store(writer, "Vigil gateway development secrets; never use in production");
      }
      Files.move(
          temp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write development secrets to " + dir, e);
    }
  }

  /** Writing files only their owner can read. */
  public static final class PrivateFiles {
    private PrivateFiles() {}

    public static void restrict(Path file) throws IOException {
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: nothing finer to set.
      }
    }

    /** Writes {@code content} atomically to a new mode-600 file. */
    public static void write(Path file, String content) throws IOException {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      restrict(temp);
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(
          temp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
