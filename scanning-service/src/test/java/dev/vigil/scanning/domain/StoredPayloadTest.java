package dev.vigil.scanning.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The upload's payload as stored (gzip bytes) and read back for processing. */
class StoredPayloadTest {

  private static final String DOC = SarifTestSupport.log(SarifTestSupport.run("T", "", ""));

  @Test
  void storesTheGzipBytesAndReadsThemBack() throws IOException {
    byte[] gzip = SarifPayload.compressed(SarifTestSupport.encode(DOC), SarifPayload.Limits.GITHUB);
    assertThat(gzip).isEqualTo(SarifTestSupport.gzip(DOC.getBytes(StandardCharsets.UTF_8)));
    SarifSource source = SarifPayload.gzipSource(gzip, SarifPayload.Limits.GITHUB);
    for (int i = 0; i < 2; i++) {
      try (InputStream in = source.open()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(DOC);
      }
    }
    // Wrapped base64 (no -w0) is accepted as GitHub does.
    String wrapped = Base64.getMimeEncoder().encodeToString(gzip);
    assertThat(SarifPayload.compressed(wrapped, SarifPayload.Limits.GITHUB)).isEqualTo(gzip);
  }

  @Test
  void rejectsWhatIsNotBase64OfGzipWithGitHubStatuses() {
    assertThatThrownBy(() -> SarifPayload.compressed("%%%", SarifPayload.Limits.GITHUB))
        .isInstanceOfSatisfying(SarifException.class, e -> assertThat(e.status()).isEqualTo(400));
    String plain = Base64.getEncoder().encodeToString(DOC.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> SarifPayload.compressed(plain, SarifPayload.Limits.GITHUB))
        .isInstanceOfSatisfying(
            SarifException.class,
            e -> assertThat(e.reason()).isEqualTo(SarifException.Reason.INVALID_GZIP));
    SarifPayload.Limits tiny = new SarifPayload.Limits(10, 1_000);
    assertThatThrownBy(() -> SarifPayload.compressed(SarifTestSupport.encode(DOC), tiny))
        .isInstanceOfSatisfying(SarifException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void guardsDecompressionOfStoredBytes() {
    // Whitespace: valid JSON so far, so only the size guard stops it.
    byte[] bomb = SarifTestSupport.gzip(" ".repeat(2_000_000).getBytes(StandardCharsets.UTF_8));
    SarifSource source = SarifPayload.gzipSource(bomb, new SarifPayload.Limits(1 << 20, 100_000));
    assertThatThrownBy(() -> new SarifStreamParser().inspect(source))
        .isInstanceOfSatisfying(
            SarifException.class,
            e -> assertThat(e.reason()).isEqualTo(SarifException.Reason.DECOMPRESSED_TOO_LARGE));
    byte[] gzip = SarifTestSupport.gzip(DOC.getBytes(StandardCharsets.UTF_8));
    byte[] truncated = Arrays.copyOf(gzip, gzip.length - 6);
    assertThatThrownBy(
            () ->
                new SarifStreamParser()
                    .inspect(SarifPayload.gzipSource(truncated, SarifPayload.Limits.GITHUB)))
        .isInstanceOfSatisfying(SarifException.class, e -> assertThat(e.status()).isEqualTo(400));
  }
}
