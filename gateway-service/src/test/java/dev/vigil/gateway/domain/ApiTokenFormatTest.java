package dev.vigil.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokenFormatTest {

  private static final TokenHasher HASHER =
      new TokenHasher("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
  private final ApiTokenFormat format = new ApiTokenFormat(HASHER);

  @Test
  void generatedTokensHaveTheDocumentedShape() {
    IssuedToken issued = format.generate();
    String token = issued.plaintext();
    assertThat(token).startsWith("vgl_").hasSize(42).matches("vgl_[0-9A-Za-z]{38}");
    assertThat(issued.hash()).isEqualTo(HASHER.hash(token)).matches("[0-9a-f]{64}");
  }

  @Test
  void roundTrip() {
    for (int i = 0; i < 1_000; i++) {
      IssuedToken issued = format.generate();
      TokenParseResult result = ApiTokenFormat.parse(issued.plaintext());
      assertThat(result).isInstanceOf(TokenParseResult.Ok.class);
      assertThat(result.outcome()).isEqualTo(TokenParseResult.Outcome.OK);
      PresentedToken presented = result.presented().orElseThrow();
      assertThat(presented.value()).isEqualTo(issued.plaintext());
      assertThat(presented.hash(HASHER)).isEqualTo(issued.hash());
    }
  }

  @Test
  void tokensAreDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(format.generate().plaintext())).isTrue();
    }
  }

  @Test
  void randomPartUsesTheWholeAlphabet() {
    Set<Character> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String token = format.generate().plaintext();
      for (char c : token.substring(4, 36).toCharArray()) {
        seen.add(c);
      }
    }
    assertThat(seen).hasSize(62);
  }

  @Test
  void checksumIsFixedWidthEvenForSmallValues() {
    // Search for a random part whose CRC32 needs fewer than 6 digits, so padding is exercised.
    Random random = new Random(7);
    char[] part = new char[32];
    long crc;
    do {
      for (int i = 0; i < part.length; i++) {
        part[i] = Base62.ALPHABET.charAt(random.nextInt(62));
      }
      crc = ApiTokenFormat.checksum(new String(part));
    } while (crc >= 62L * 62 * 62 * 62 * 62);
    char[] digits = new char[6];
    Base62.encodeFixed(crc, digits, 0, 6);
    assertThat(digits[0]).isEqualTo('0');
    String token = "vgl_" + new String(part) + new String(digits);
    assertThat(ApiTokenFormat.parse(token).outcome()).isEqualTo(TokenParseResult.Outcome.OK);
  }

  @Test
  void everySingleCharacterTypoInTheRandomPartFailsTheChecksum() {
    // CRC32 detects every error burst of up to 32 bits, so this holds for every token; 1,984
    // mutations of each of 5 tokens check it.
    int mutations = 0;
    for (int n = 0; n < 5; n++) {
      String token = format.generate().plaintext();
      for (int pos = 4; pos < 36; pos++) {
        for (char c : Base62.ALPHABET.toCharArray()) {
          if (c == token.charAt(pos)) {
            continue;
          }
          String typo = token.substring(0, pos) + c + token.substring(pos + 1);
          assertThat(ApiTokenFormat.parse(typo)).isInstanceOf(TokenParseResult.BadChecksum.class);
          mutations++;
        }
      }
    }
    assertThat(mutations).isEqualTo(5 * 32 * 61);
  }

  @Test
  void everySingleCharacterTypoInTheChecksumIsRejected() {
    String token = format.generate().plaintext();
    for (int pos = 36; pos < 42; pos++) {
      for (char c : Base62.ALPHABET.toCharArray()) {
        if (c != token.charAt(pos)) {
          String typo = token.substring(0, pos) + c + token.substring(pos + 1);
          assertThat(ApiTokenFormat.parse(typo).outcome())
              .isEqualTo(TokenParseResult.Outcome.BAD_CHECKSUM);
        }
      }
    }
  }

  @Test
  void adjacentTranspositionsAreRejected() {
    for (int n = 0; n < 50; n++) {
      String token = format.generate().plaintext();
      for (int pos = 4; pos < 35; pos++) {
        char a = token.charAt(pos);
        char b = token.charAt(pos + 1);
        if (a == b) {
          continue;
        }
        String swapped = token.substring(0, pos) + b + a + token.substring(pos + 2);
        assertThat(ApiTokenFormat.parse(swapped).outcome())
            .isEqualTo(TokenParseResult.Outcome.BAD_CHECKSUM);
      }
    }
  }

  @Test
  void randomLookAlikesAreRejected() {
    Random random = new Random(42);
    int accepted = 0;
    for (int i = 0; i < 10_000; i++) {
      StringBuilder s = new StringBuilder("vgl_");
      for (int j = 0; j < 38; j++) {
        s.append(Base62.ALPHABET.charAt(random.nextInt(62)));
      }
      if (ApiTokenFormat.isValidToken(s.toString())) {
        accepted++;
      }
    }
    // A random string passes with probability about 2^-32.
    assertThat(accepted).isZero();
  }

  @Test
  void wrongPrefixIsMalformed() {
    String token = format.generate().plaintext();
    for (String other :
        new String[] {
          "ghp_" + token.substring(4),
          "VGL_" + token.substring(4),
          "vgl" + token.substring(4),
          "xvgl_" + token.substring(5),
          token.substring(4),
          "",
        }) {
      assertThat(ApiTokenFormat.parse(other))
          .isEqualTo(new TokenParseResult.Malformed(TokenParseResult.Malformed.Reason.BAD_PREFIX));
    }
    assertThat(ApiTokenFormat.parse(null).outcome()).isEqualTo(TokenParseResult.Outcome.MALFORMED);
  }

  @Test
  void wrongLengthIsMalformed() {
    String token = format.generate().plaintext();
    for (String other :
        new String[] {token.substring(0, 41), token + "a", token + token, "vgl_", "vgl_abc"}) {
      assertThat(ApiTokenFormat.parse(other))
          .isEqualTo(new TokenParseResult.Malformed(TokenParseResult.Malformed.Reason.BAD_LENGTH));
    }
  }

  @Test
  void charactersOutsideBase62AreMalformed() {
    String token = format.generate().plaintext();
    for (char c : new char[] {'-', '_', '+', '/', '=', ' ', '\n', 'é', '\0'}) {
      String bad = token.substring(0, 10) + c + token.substring(11);
      assertThat(ApiTokenFormat.parse(bad))
          .isEqualTo(
              new TokenParseResult.Malformed(TokenParseResult.Malformed.Reason.BAD_ALPHABET));
    }
  }

  @Test
  void toStringNeverShowsTheToken() {
    IssuedToken issued = format.generate();
    PresentedToken presented = ApiTokenFormat.parse(issued.plaintext()).presented().orElseThrow();
    String randomPart = issued.plaintext().substring(4);
    assertThat(issued.toString()).doesNotContain(randomPart).doesNotContain(issued.hash());
    assertThat(presented.toString()).doesNotContain(randomPart);
    assertThat(ApiTokenFormat.parse(issued.plaintext()).toString()).doesNotContain(randomPart);
    assertThat(ApiTokenFormat.parse(issued.plaintext().substring(0, 41)).toString())
        .doesNotContain(randomPart.substring(0, 20));
  }

  @Test
  void usesTheInjectedRandomSource() throws Exception {
    SecureRandom fixed = SecureRandom.getInstance("SHA1PRNG");
    fixed.setSeed(1L);
    SecureRandom same = SecureRandom.getInstance("SHA1PRNG");
    same.setSeed(1L);
    assertThat(new ApiTokenFormat(HASHER, fixed).generate().plaintext())
        .isEqualTo(new ApiTokenFormat(HASHER, same).generate().plaintext());
  }
}
