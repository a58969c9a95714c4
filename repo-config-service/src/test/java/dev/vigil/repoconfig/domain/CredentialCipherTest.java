package dev.vigil.repoconfig.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.repoconfig.domain.CredentialCryptoException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

  private static final String SECRET_TOKEN = "ghp_S3cr3tT0k3nV4lu3ThatMustNeverLeak";
  private static final byte[] PLAINTEXT =
      ("{\"token\":\"" + SECRET_TOKEN + "\"}").getBytes(StandardCharsets.UTF_8);
  private static final UUID TENANT = UUID.fromString("7d3c3f0e-8a49-4c35-9a51-2c1f0b7f4e11");
  private static final String AAD =
      CredentialCipher.contextFor(TENANT, "rc_0123456789abcdefghijklmn");

  private static final String K1 = randomKey();
  private static final String K2 = randomKey();

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static KeyRing ring(String active, String... ids) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String id : ids) {
      keys.put(id, id.equals("k1") ? K1 : K2);
    }
    return KeyRing.fromBase64(keys, active);
  }

  private final CredentialCipher cipher = new CredentialCipher(ring("k1", "k1"));

  @Test
  void roundTrip() {
    SealedCredentials sealed = cipher.seal(PLAINTEXT, AAD);
    assertThat(sealed.kekId()).isEqualTo("k1");
    assertThat(sealed.dataIv()).hasSize(12);
    assertThat(sealed.dataKeyIv()).hasSize(12);
    assertThat(sealed.wrappedDataKey()).hasSize(48);
    assertThat(sealed.ciphertext()).hasSize(PLAINTEXT.length + 16);
    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain(SECRET_TOKEN);
    assertThat(cipher.open(sealed, AAD)).isEqualTo(PLAINTEXT);
  }

  @Test
  void roundTripOfEmptyPlaintext() {
    assertThat(cipher.open(cipher.seal(new byte[0], AAD), AAD)).isEmpty();
  }

  @Test
  void everySealUsesFreshKeyAndIvs() {
    SealedCredentials a = cipher.seal(PLAINTEXT, AAD);
    SealedCredentials b = cipher.seal(PLAINTEXT, AAD);
    assertThat(a.dataIv()).isNotEqualTo(b.dataIv());
    assertThat(a.dataKeyIv()).isNotEqualTo(b.dataKeyIv());
    assertThat(a.wrappedDataKey()).isNotEqualTo(b.wrappedDataKey());
    assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
  }

  @Test
  void tamperedCiphertextFails() {
    assertAuthFails(
        s ->
            new SealedCredentials(
                s.kekId(), s.wrappedDataKey(), s.dataKeyIv(), s.dataIv(), flip(s.ciphertext())));
  }

  @Test
  void tamperedDataIvFails() {
    assertAuthFails(
        s ->
            new SealedCredentials(
                s.kekId(), s.wrappedDataKey(), s.dataKeyIv(), flip(s.dataIv()), s.ciphertext()));
  }

  @Test
  void tamperedWrappedKeyFails() {
    assertAuthFails(
        s ->
            new SealedCredentials(
                s.kekId(), flip(s.wrappedDataKey()), s.dataKeyIv(), s.dataIv(), s.ciphertext()));
  }

  @Test
  void tamperedDataKeyIvFails() {
    assertAuthFails(
        s ->
            new SealedCredentials(
                s.kekId(), s.wrappedDataKey(), flip(s.dataKeyIv()), s.dataIv(), s.ciphertext()));
  }

  @Test
  void wrongAadFails() {
    SealedCredentials sealed = cipher.seal(PLAINTEXT, AAD);
    String otherRow = CredentialCipher.contextFor(TENANT, "rc_ZZZZZZZZZZZZZZZZZZZZZZZZ");
    String otherTenant =
        CredentialCipher.contextFor(UUID.randomUUID(), "rc_0123456789abcdefghijklmn");
    for (String aad : new String[] {otherRow, otherTenant}) {
      assertFailure(() -> cipher.open(sealed, aad), Reason.AUTHENTICATION_FAILED);
      assertFailure(() -> cipher.rewrap(sealed, aad), Reason.AUTHENTICATION_FAILED);
    }
  }

  @Test
  void ciphertextSwappedBetweenRowsFails() {
    String aadB = CredentialCipher.contextFor(TENANT, "rc_bbbbbbbbbbbbbbbbbbbbbbbb");
    SealedCredentials a = cipher.seal(PLAINTEXT, AAD);
    SealedCredentials b =
        cipher.seal("{\"token\":\"other\"}".getBytes(StandardCharsets.UTF_8), aadB);
    // Row B's whole envelope copied into row A, and only A's ciphertext moved into B.
    assertFailure(() -> cipher.open(b, AAD), Reason.AUTHENTICATION_FAILED);
    SealedCredentials mixed =
        new SealedCredentials(
            b.kekId(), b.wrappedDataKey(), b.dataKeyIv(), a.dataIv(), a.ciphertext());
    assertFailure(() -> cipher.open(mixed, aadB), Reason.AUTHENTICATION_FAILED);
  }

  @Test
  void unknownKekFails() {
    SealedCredentials sealed = cipher.seal(PLAINTEXT, AAD);
    CredentialCipher other = new CredentialCipher(ring("k2", "k2"));
    assertFailure(() -> other.open(sealed, AAD), Reason.UNKNOWN_KEY);
    assertThatThrownBy(() -> other.open(sealed, AAD))
        .hasMessage("unknown key-encryption key id 'k1'");
  }

  @Test
  void relabelledKekIdFails() {
    CredentialCipher both = new CredentialCipher(ring("k1", "k1", "k2"));
    SealedCredentials s = both.seal(PLAINTEXT, AAD);
    SealedCredentials relabelled =
        new SealedCredentials("k2", s.wrappedDataKey(), s.dataKeyIv(), s.dataIv(), s.ciphertext());
    assertFailure(() -> both.open(relabelled, AAD), Reason.AUTHENTICATION_FAILED);
  }

  @Test
  void malformedEnvelopeFails() {
    SealedCredentials s = cipher.seal(PLAINTEXT, AAD);
    SealedCredentials shortIv =
        new SealedCredentials(
            s.kekId(), s.wrappedDataKey(), s.dataKeyIv(), new byte[8], s.ciphertext());
    SealedCredentials shortKey =
        new SealedCredentials(s.kekId(), new byte[32], s.dataKeyIv(), s.dataIv(), s.ciphertext());
    SealedCredentials noTag =
        new SealedCredentials(
            s.kekId(), s.wrappedDataKey(), s.dataKeyIv(), s.dataIv(), new byte[15]);
    assertFailure(() -> cipher.open(shortIv, AAD), Reason.MALFORMED);
    assertFailure(() -> cipher.open(shortKey, AAD), Reason.MALFORMED);
    assertFailure(() -> cipher.open(noTag, AAD), Reason.MALFORMED);
  }

  @Test
  void aadIsRequired() {
    assertThatThrownBy(() -> cipher.seal(PLAINTEXT, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cipher.seal(PLAINTEXT, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rewrapUnderNewActiveKeyThenOpen() {
    SealedCredentials old = cipher.seal(PLAINTEXT, AAD);
    CredentialCipher rotated = new CredentialCipher(ring("k2", "k1", "k2"));
    assertThat(rotated.needsRewrap(old)).isTrue();

    SealedCredentials rewrapped = rotated.rewrap(old, AAD);
    assertThat(rewrapped.kekId()).isEqualTo("k2");
    assertThat(rotated.needsRewrap(rewrapped)).isFalse();
    // Only the data key changed.
    assertThat(rewrapped.ciphertext()).isEqualTo(old.ciphertext());
    assertThat(rewrapped.dataIv()).isEqualTo(old.dataIv());
    assertThat(rewrapped.wrappedDataKey()).isNotEqualTo(old.wrappedDataKey());
    assertThat(rewrapped.dataKeyIv()).isNotEqualTo(old.dataKeyIv());

    assertThat(rotated.open(rewrapped, AAD)).isEqualTo(PLAINTEXT);
    // Once k1 is retired, the re-wrapped envelope still opens, the old one does not.
    CredentialCipher k2Only = new CredentialCipher(ring("k2", "k2"));
    assertThat(k2Only.open(rewrapped, AAD)).isEqualTo(PLAINTEXT);
    assertFailure(() -> k2Only.open(old, AAD), Reason.UNKNOWN_KEY);
  }

  @Test
  void newSealsUseTheActiveKey() {
    CredentialCipher rotated = new CredentialCipher(ring("k2", "k1", "k2"));
    assertThat(rotated.seal(PLAINTEXT, AAD).kekId()).isEqualTo("k2");
  }

  @Test
  void sealedToStringShowsOnlyKekIdAndLengths() {
    SealedCredentials sealed = cipher.seal(PLAINTEXT, AAD);
    String text = sealed.toString();
    assertThat(text)
        .isEqualTo(
            "SealedCredentials[kekId=k1, wrappedDataKey=48 bytes, dataKeyIv=12 bytes,"
                + " dataIv=12 bytes, ciphertext="
                + (PLAINTEXT.length + 16)
                + " bytes]")
        .doesNotContain(SECRET_TOKEN)
        .doesNotContain(HexFormat.of().formatHex(sealed.ciphertext()))
        .doesNotContain(Base64.getEncoder().encodeToString(sealed.ciphertext()));
  }

  @Test
  void exceptionMessagesNeverContainSecrets() {
    SealedCredentials s = cipher.seal(PLAINTEXT, AAD);
    ThrowingCallable[] failures = {
      () ->
          cipher.open(
              new SealedCredentials(
                  s.kekId(), s.wrappedDataKey(), s.dataKeyIv(), s.dataIv(), flip(s.ciphertext())),
              AAD),
      () -> cipher.open(s, AAD + "x"),
      () -> new CredentialCipher(ring("k2", "k2")).open(s, AAD),
      () ->
          cipher.open(
              new SealedCredentials(
                  s.kekId(), new byte[1], s.dataKeyIv(), s.dataIv(), s.ciphertext()),
              AAD)
    };
    for (ThrowingCallable failure : failures) {
      assertThatThrownBy(failure)
          .isInstanceOf(CredentialCryptoException.class)
          .hasNoCause()
          .satisfies(
              e -> {
                assertThat(e.getMessage()).doesNotContain(SECRET_TOKEN, K1, K2);
                assertThat(e.toString()).doesNotContain(SECRET_TOKEN, K1, K2);
              });
    }
  }

  @Test
  void sealedCredentialsAreImmutableValues() {
    SealedCredentials s = cipher.seal(PLAINTEXT, AAD);
    byte[] ct = s.ciphertext();
    ct[0] ^= 1;
    assertThat(cipher.open(s, AAD)).isEqualTo(PLAINTEXT);
    SealedCredentials same =
        new SealedCredentials(
            s.kekId(), s.wrappedDataKey(), s.dataKeyIv(), s.dataIv(), s.ciphertext());
    assertThat(same).isEqualTo(s).hasSameHashCodeAs(s);
  }

  private void assertAuthFails(UnaryOperator<SealedCredentials> tamper) {
    SealedCredentials tampered = tamper.apply(cipher.seal(PLAINTEXT, AAD));
    assertFailure(() -> cipher.open(tampered, AAD), Reason.AUTHENTICATION_FAILED);
  }

  private static void assertFailure(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            CredentialCryptoException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static byte[] flip(byte[] bytes) {
    byte[] copy = bytes.clone();
    copy[copy.length / 2] ^= 0x01;
    return copy;
  }
}
