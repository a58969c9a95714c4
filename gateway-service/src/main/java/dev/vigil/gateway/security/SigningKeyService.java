package dev.vigil.gateway.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.persistence.SigningKeyEntity;
import dev.vigil.gateway.persistence.SigningKeyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * The RSA keys that sign internal JWTs. The first start creates one; afterwards a successor is
 * created {@code rotation-period} after a key began to sign, published at once but used for signing
 * only {@code publish-ahead} later (so every backend has fetched it), while the old key stays
 * published for {@code overlap} more. Private keys are stored encrypted (AES-256-GCM under the
 * configured key-encryption key); replicas coordinate through a PostgreSQL advisory lock and pick
 * up each other's keys on every refresh.
 */
@Singleton
public class SigningKeyService {

  private static final Logger LOG = Logger.getLogger(SigningKeyService.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Rows retired longer ago than this are deleted. */
  private static final Duration PURGE_AFTER = Duration.ofDays(1);

  /** A usable key: its kid, private half and validity. */
  public record LoadedKey(
      String kid, PrivateKey privateKey, Instant notBefore, Instant retireAfter) {
    @Override
    public String toString() {
      return "LoadedKey[" + kid + "]";
    }
  }

  private record Ring(List<LoadedKey> keys, String jwksJson) {}

  private final SigningKeyRepository repository;
  private final GatewayConfig.SigningKeys settings;
  private final KeyEncryption encryption;
  private final String kekId;
  private volatile Ring ring = new Ring(List.of(), "{\"keys\":[]}");

  public SigningKeyService(
      SigningKeyRepository repository, GatewayConfig config, GatewaySecrets secrets) {
    this.repository = repository;
    this.settings = config.signingKeys();
    this.encryption = new KeyEncryption(secrets.kek());
    this.kekId = secrets.kekId();
  }

  // Before the dev bootstrap and before traffic: nothing can be forwarded without a key.
  void onStart(@Observes @Priority(10) StartupEvent event) throws Throwable {
    VertxContextSupport.subscribeAndAwait(() -> refresh(false));
    LOG.infof("internal JWT signing keys loaded: %s", kids());
  }

  @Scheduled(
      every = "${vigil.gateway.signing-keys.refresh-interval:PT1M}",
      delayed = "${vigil.gateway.signing-keys.refresh-interval:PT1M}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduledRefresh() {
    return refresh(false)
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.warn("signing key refresh failed; keeping the current keys", e);
              return Uni.createFrom().voidItem();
            });
  }

  /** Creates a successor now (published at once, signing after publish-ahead) and reloads. */
  public Uni<Void> rotateNow() {
    return refresh(true);
  }

  /** The key to sign with at {@code now}: the newest whose signing period has begun. */
  public LoadedKey signingKey(Instant now) {
    LoadedKey best = null;
    for (LoadedKey key : ring.keys()) {
      if (!key.notBefore().isAfter(now)
          && key.retireAfter().isAfter(now)
          && (best == null || key.notBefore().isAfter(best.notBefore()))) {
        best = key;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no signing key is active");
    }
    return best;
  }

  /** Whether tokens signed by {@code kid} still verify (its public key is published). */
  public boolean isPublished(String kid, Instant now) {
    for (LoadedKey key : ring.keys()) {
      if (key.kid().equals(kid)) {
        return key.retireAfter().isAfter(now);
      }
    }
    return false;
  }

  /** The JWKS document: public halves of every key not yet retired. */
  public String jwksJson() {
    return ring.jwksJson();
  }

  public List<String> kids() {
    return ring.keys().stream().map(LoadedKey::kid).toList();
  }

  private Uni<Void> refresh(boolean forceRotation) {
    return Panache.withTransaction(
            () ->
                repository
                    .lockForRotation()
                    .chain(() -> repository.listUnretired(Instant.now()))
                    .chain(rows -> ensureKeys(rows, forceRotation))
                    .call(() -> repository.deleteRetiredBefore(Instant.now().minus(PURGE_AFTER)))
                    .chain(() -> repository.listUnretired(Instant.now())))
        .invoke(this::load)
        .replaceWithVoid();
  }

  private Uni<Void> ensureKeys(List<SigningKeyEntity> rows, boolean forceRotation) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Optional<SigningKeyEntity> current =
        rows.stream()
            .filter(r -> !r.notBefore.isAfter(now))
            .max(Comparator.comparing((SigningKeyEntity r) -> r.notBefore));
    Optional<SigningKeyEntity> newest =
        rows.stream().max(Comparator.comparing((SigningKeyEntity r) -> r.notBefore));
    if (current.isEmpty()) {
      // First start, or every key lapsed while the gateway was down: sign at once.
      LOG.info("no active signing key: creating one");
      return repository.persist(newKey(now, now)).replaceWithVoid();
    }
    boolean successorPending = newest.get().notBefore.isAfter(now);
    // Due once a successor created now would start signing at or after the rotation date.
    boolean due =
        !now.plus(settings.publishAhead())
            .isBefore(current.get().notBefore.plus(settings.rotationPeriod()));
    if (successorPending || !(due || forceRotation)) {
      return Uni.createFrom().voidItem();
    }
    Instant successorStart = now.plus(settings.publishAhead());
    SigningKeyEntity successor = newKey(now, successorStart);
    // The old key must outlive its last tokens, however late this rotation runs.
    SigningKeyEntity old = current.get();
    Instant keepUntil = successorStart.plus(settings.overlap());
    if (old.retireAfter.isBefore(keepUntil)) {
      old.retireAfter = keepUntil;
    }
    LOG.infof(
        "rotating signing keys: %s signs from %s; %s stays published until %s",
        successor.kid, successorStart, old.kid, old.retireAfter);
    return repository.persist(successor).replaceWithVoid();
  }

  private SigningKeyEntity newKey(Instant now, Instant notBefore) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      KeyPair pair = generator.generateKeyPair();
      String kid = newKid();
      RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
      jwk.setKeyId(kid);
      jwk.setAlgorithm("RS256");
      jwk.setUse("sig");
      byte[] der = pair.getPrivate().getEncoded();
      SigningKeyEntity row = new SigningKeyEntity();
      row.kid = kid;
      row.alg = "RS256";
      row.privateKeyCiphertext = encryption.encrypt(der, kid);
      Arrays.fill(der, (byte) 0);
      row.kekId = kekId;
      row.publicJwk = new LinkedHashMap<>(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
      row.createdAt = now;
      row.notBefore = notBefore;
      row.retireAfter =
          notBefore
              .plus(settings.rotationPeriod())
              .plus(settings.publishAhead())
              .plus(settings.overlap());
      return row;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }

  private void load(List<SigningKeyEntity> rows) {
    List<LoadedKey> keys = new ArrayList<>();
    List<Map<String, Object>> published = new ArrayList<>();
    Map<String, LoadedKey> previous = new LinkedHashMap<>();
    for (LoadedKey key : ring.keys()) {
      previous.put(key.kid(), key);
    }
    for (SigningKeyEntity row : rows) {
      LoadedKey known = previous.get(row.kid);
      PrivateKey privateKey = known != null ? known.privateKey() : decrypt(row);
      keys.add(new LoadedKey(row.kid, privateKey, row.notBefore, row.retireAfter));
      published.add(row.publicJwk);
    }
    try {
      ring = new Ring(List.copyOf(keys), JSON.writeValueAsString(Map.of("keys", published)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the JWKS", e);
    }
  }

  private PrivateKey decrypt(SigningKeyEntity row) {
    try {
      byte[] der = encryption.decrypt(row.privateKeyCiphertext, row.kid);
      try {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      } finally {
        Arrays.fill(der, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot decrypt signing key "
              + row.kid
              + ": it was encrypted under key-encryption key "
              + row.kekId
              + ", the configured one is "
              + kekId);
    }
  }

  private static String newKid() {
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
