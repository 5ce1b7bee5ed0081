package io.marketplaceexporter.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The one signing primitive against the published vectors of everyone who signs with it: the
 * marketplaces' ({@code <marketplace>/official/signature-vector*.json}) and the robots' ({@code
 * robots/official/<channel>.json}); their sources are in the README beside each fixture. Each
 * vector's base string is taken as published: building it is the connector's or dialect's job and
 * is tested there.
 */
class HmacSha256Test {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode official(String path) {
    try {
      return JSON.readTree(SourcesTestSupport.fixture(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Nested
  class HexForm {
    @Test
    void signsShopeesPublicAndShopVectorsKeyedWithThePartnerKey() {
      JsonNode f = official("shopee/official/signature-vectors.json");
      String key = f.path("partner_key").asText();
      assertThat(f.path("vectors")).hasSize(2);
      for (JsonNode v : f.path("vectors")) {
        assertThat(HmacSha256.hex(key, v.path("base_string").asText()))
            .as(v.path("kind").asText())
            .isEqualTo(v.path("sign").asText());
      }
    }

    @Test
    void signsTikTokShopsSecretWrappedStringKeyedWithTheAppSecret() {
      JsonNode v = official("tiktok/official/signature-vector.json");
      assertThat(HmacSha256.hex(v.path("app_secret").asText(), v.path("wrapped_string").asText()))
          .isEqualTo(v.path("sign").asText());
    }

    @Test
    void isLazadasSignOnceUpperCased() {
      JsonNode v = official("lazada/official/signature-vector.json");
      String hex = HmacSha256.hex(v.path("app_secret").asText(), v.path("base_string").asText());
      assertThat(hex.toUpperCase(Locale.ROOT)).isEqualTo(v.path("sign").asText());
    }

    @Test
    void isSixtyFourLowerCaseHexDigits() {
      assertThat(HmacSha256.hex("k", "m")).matches("[0-9a-f]{64}");
      assertThat(HmacSha256.hex("k", "")).matches("[0-9a-f]{64}");
    }
  }

  @Nested
  class Base64Form {
    @Test
    void signsDingTalksTimestampMillisAndSecretKeyedWithTheSecret() {
      JsonNode s = official("robots/official/dingtalk.json").path("signature");
      String secret = s.path("secret").asText();
      assertThat(HmacSha256.base64(secret, s.path("timestamp").asLong() + "\n" + secret))
          .isEqualTo(s.path("sign").asText());
    }

    @Test
    void signsFeishusEmptyMessageKeyedWithTimestampSecondsAndSecret() {
      JsonNode s = official("robots/official/feishu.json").path("signature");
      String key = s.path("timestamp").asLong() + "\n" + s.path("secret").asText();
      assertThat(HmacSha256.base64(key, "")).isEqualTo(s.path("sign").asText());
    }

    @Test
    void isTheSameMacAsTheHexForm() {
      String hex = HmacSha256.hex("secret", "message");
      byte[] mac = Base64.getDecoder().decode(HmacSha256.base64("secret", "message"));
      assertThat(HexFormat.of().formatHex(mac)).isEqualTo(hex);
    }
  }

  @Nested
  class Keys {
    @Test
    void keyAndMessageAreNotInterchangeable() {
      assertThat(HmacSha256.hex("a", "m")).isNotEqualTo(HmacSha256.hex("b", "m"));
      assertThat(HmacSha256.hex("a", "m")).isNotEqualTo(HmacSha256.hex("a", "n"));
      assertThat(HmacSha256.hex("a", "m")).isNotEqualTo(HmacSha256.hex("m", "a"));
    }

    /** RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?". */
    private static final String RFC4231_CASE2 =
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void aThreadsMacCarriesNothingOfOneCallsKeyIntoTheNext() {
      for (int i = 0; i < 3; i++) {
        HmacSha256.hex("another key " + i, "another message " + i);
        assertThat(HmacSha256.hex("Jefe", "what do ya want for nothing?")).isEqualTo(RFC4231_CASE2);
      }
    }

    @Test
    void threadsSigningAtOnceEachGetTheirOwnRightMac() throws Exception {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int id = t;
          results.add(
              pool.submit(
                  () -> {
                    boolean ok = true;
                    for (int i = 0; i < 2_000; i++) {
                      ok &=
                          HmacSha256.hex("Jefe", "what do ya want for nothing?")
                              .equals(RFC4231_CASE2);
                      HmacSha256.hex("key" + id, "message" + i);
                    }
                    return ok;
                  }));
        }
        for (java.util.concurrent.Future<Boolean> r : results) {
          assertThat(r.get()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
