package dev.vigil.scanning.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SarifPayloadTest {

  private static final String DOC = SarifTestSupport.log(SarifTestSupport.run("T", "", ""));

  private static void assertRejected(
      ThrowingCallable call, SarifException.Reason reason, int status) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            SarifException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.status()).isEqualTo(status);
            });
  }

  /** Reads a stream to the end, turning a carried rejection back into the SarifException. */
  private static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (in) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        total += n;
      }
    } catch (SarifIOException e) {
      throw e.sarif();
    }
    return total;
  }

  @Test
  void decodesBase64OfGzip() throws IOException {
    try (InputStream in = SarifPayload.decode(SarifTestSupport.encode(DOC))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(DOC);
    }
  }

  @Test
  void toleratesWrappedBase64() throws IOException {
    // `base64` without -w0 wraps lines at 76 characters.
    String wrapped = Base64.getMimeEncoder().encodeToString(SarifTestSupport.gzip(DOC.getBytes()));
    assertThat(wrapped).contains("\r\n");
    try (InputStream in = SarifPayload.decode(wrapped)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(DOC);
    }
  }

  @Test
  void streamedBase64TextDecodesToo() throws IOException {
    byte[] text = (SarifTestSupport.encode(DOC) + "\n").getBytes(StandardCharsets.US_ASCII);
    try (InputStream in =
        SarifPayload.decode(new java.io.ByteArrayInputStream(text), SarifPayload.Limits.GITHUB)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(DOC);
    }
  }

  @Test
  void badBase64Is400() {
    assertRejected(
        () -> drain(SarifPayload.decode("H4sI!!!notbase64")),
        SarifException.Reason.INVALID_BASE64,
        400);
    assertRejected(
        () -> drain(SarifPayload.decode("H4sIé")), SarifException.Reason.INVALID_BASE64, 400);
  }

  @Test
  void dataThatIsNotGzipIs400AtOnce() {
    String plainJson = Base64.getEncoder().encodeToString(DOC.getBytes(StandardCharsets.UTF_8));
    assertRejected(() -> SarifPayload.decode(plainJson), SarifException.Reason.INVALID_GZIP, 400);
    assertRejected(() -> SarifPayload.decode(""), SarifException.Reason.INVALID_GZIP, 400);
  }

  @Test
  void truncatedOrCorruptGzipIs400WhenRead() {
    byte[] gz = SarifTestSupport.gzip(DOC.repeat(50).getBytes(StandardCharsets.UTF_8));
    String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(gz, gz.length / 2));
    assertRejected(
        () -> drain(SarifPayload.decode(truncated)), SarifException.Reason.INVALID_GZIP, 400);
    byte[] corrupt = gz.clone();
    corrupt[gz.length - 5] ^= 0x55; // CRC / size trailer
    String bad = Base64.getEncoder().encodeToString(corrupt);
    assertRejected(() -> drain(SarifPayload.decode(bad)), SarifException.Reason.INVALID_GZIP, 400);
  }

  @Test
  void badJsonInsideValidGzipIs400FromTheParser() {
    SarifSource source =
        SarifPayload.source(SarifTestSupport.encode("{\"version\": \"2.1.0\", runs"));
    assertRejected(
        () -> new SarifStreamParser().inspect(source), SarifException.Reason.INVALID_JSON, 400);
  }

  @Test
  void compressedDataOverTheLimitIs413BeforeDecoding() {
    byte[] random = new byte[4096];
    new java.util.Random(1).nextBytes(random);
    String big = Base64.getEncoder().encodeToString(SarifTestSupport.gzip(random));
    SarifPayload.Limits limits = new SarifPayload.Limits(1024, 1 << 20);
    assertRejected(
        () -> SarifPayload.decode(big, limits), SarifException.Reason.PAYLOAD_TOO_LARGE, 413);
    assertRejected(
        () -> SarifPayload.source(big, limits), SarifException.Reason.PAYLOAD_TOO_LARGE, 413);
    // The streaming variant cannot look ahead; it counts while reading.
    InputStream text = new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.US_ASCII));
    assertRejected(
        () -> drain(SarifPayload.decode(text, limits)),
        SarifException.Reason.PAYLOAD_TOO_LARGE,
        413);
  }

  @Test
  void defaultCompressedLimitIsGitHubs10MB() {
    assertThat(SarifPayload.Limits.GITHUB.maxCompressedBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(SarifPayload.decodedLength("QUJD")).isEqualTo(3);
    assertThat(SarifPayload.decodedLength("QUI=\n")).isEqualTo(2);
  }

  /** gzip of {@code size} zero bytes, written without holding them. */
  private static byte[] gzipOfZeros(long size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz =
        new GZIPOutputStream(out, 1 << 16) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      byte[] zeros = new byte[1 << 20];
      for (long written = 0; written < size; written += zeros.length) {
        gz.write(zeros, 0, (int) Math.min(zeros.length, size - written));
      }
    }
    return out.toByteArray();
  }

  @Test
  void zipBombIsStoppedByTheDefaultDecompressedCap() throws IOException {
    long size = SarifPayload.Limits.GITHUB.maxDecompressedBytes() + (16 << 20);
    byte[] bomb = gzipOfZeros(size);
    assertThat(bomb.length).as("a few hundred KB of gzip").isLessThan(1 << 20);
    String base64 = Base64.getEncoder().encodeToString(bomb);
    assertRejected(
        () -> drain(SarifPayload.decode(base64)),
        SarifException.Reason.DECOMPRESSED_TOO_LARGE,
        413);
  }

  @Test
  void zipBombInsideJsonIsStoppedWhileParsing() throws IOException {
    // Valid JSON that expands forever: whitespace between two members.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write("{\"version\":\"2.1.0\",".getBytes(StandardCharsets.UTF_8));
      byte[] spaces = new byte[1 << 20];
      Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 64; i++) {
        gz.write(spaces);
      }
      gz.write("\"runs\":[]}".getBytes(StandardCharsets.UTF_8));
    }
    String base64 = Base64.getEncoder().encodeToString(out.toByteArray());
    SarifPayload.Limits limits = new SarifPayload.Limits(10L << 20, 8L << 20);
    SarifSource source = SarifPayload.source(base64, limits);
    assertRejected(
        () -> new SarifStreamParser().inspect(source),
        SarifException.Reason.DECOMPRESSED_TOO_LARGE,
        413);
    // The same document is fine under a cap it fits in.
    SarifSource fits = SarifPayload.source(base64, new SarifPayload.Limits(10L << 20, 80L << 20));
    assertThat(new SarifStreamParser().inspect(fits).analyses()).isEmpty();
  }

  @Test
  void messagesNeverQuoteThePayload() {
    String secretish = "SECRETPAYLOADSECRETPAYLOAD";
    String notGzip = Base64.getEncoder().encodeToString(secretish.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> SarifPayload.decode(notGzip))
        .hasMessageNotContaining(secretish)
        .hasMessageNotContaining(notGzip);
    SarifSource badJson =
        SarifPayload.source(SarifTestSupport.encode("{\"a\": " + secretish + "}"));
    assertThatThrownBy(() -> new SarifStreamParser().inspect(badJson))
        .isInstanceOf(SarifException.class)
        .hasMessageNotContaining(secretish)
        .hasMessageContaining("line 1");
  }
}
