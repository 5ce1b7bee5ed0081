package io.marketplaceexporter.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LogTextTest {
  @Nested
  class Credentials {
    @Test
    void anEchoedRequestLosesItsAccessTokenSignatureAndBearerCredential() {
      String echoed =
          "invalid request GET /api/orders?access_token=Atza|IwEBIPq7x9&sign=3f2a9c"
              + " Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln";

      String safe = LogText.safe(echoed);

      assertThat(safe)
          .doesNotContain("Atza|IwEBIPq7x9")
          .doesNotContain("3f2a9c")
          .doesNotContain("eyJhbGciOiJIUzI1NiJ9")
          .contains("access_token=***")
          .contains("sign=***")
          .contains("Bearer ***")
          .startsWith("invalid request GET /api/orders?");
    }

    @Test
    void aJsonCredentialFieldAndALongMixedRunAreMaskedButErrorCodesStay() {
      assertThat(LogText.safe("{\"client_secret\":\"s3cr3t\",\"error\":\"error_auth\"}"))
          .isEqualTo("{\"client_secret\":\"***\",\"error\":\"error_auth\"}");
      assertThat(LogText.safe("echo 0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f")).isEqualTo("echo ***");
      assertThat(LogText.safe("error 36004004: IllegalAccessToken expired"))
          .isEqualTo("error 36004004: IllegalAccessToken expired");
    }
  }

  @Nested
  class ApiPaths {
    @Test
    void anApiPathStaysReadableSoOnCallSeesWhichOperationFailed() {
      assertThat(LogText.safe("/api/v2/order/get_order_list: error error_too_many_request"))
          .isEqualTo("/api/v2/order/get_order_list: error error_too_many_request");
      assertThat(LogText.safe("/order/202309/orders/search: error 36009002"))
          .isEqualTo("/order/202309/orders/search: error 36009002");
    }

    @Test
    void aTokenShapedSegmentOfAPathIsStillMasked() {
      assertThat(LogText.safe("/robot/send/4a6b7c8d9e0f1a2b3c4d5e6f7a8b/hook: HTTP 404"))
          .isEqualTo("/robot/send/***/hook: HTTP 404");
    }
  }

  @Nested
  class LogLines {
    @Test
    void aNewlineCannotForgeALogLineAndControlCharactersAreEscaped() {
      String forged = "bad\n2026-11-24 10:00:00 INFO  forged line\r\u001b[31m\u2028x\ud800";

      String safe = LogText.safe(forged);

      assertThat(safe)
          .doesNotContain("\n")
          .doesNotContain("\r")
          .doesNotContain("\u001b")
          .doesNotContain("\u2028")
          .contains("bad\\n2026-11-24 10:00:00 INFO  forged line\\r\\u001b[31m\\u2028x\\ud800");
      assertThat(LogText.safe("caf\u00e9 \ud83d\ude00")).isEqualTo("caf\u00e9 \ud83d\ude00");
    }

    @Test
    void aLongTextIsCutAndSaysSo() {
      String safe = LogText.safe("x ".repeat(100_000));

      assertThat(safe).hasSize(LogText.MAX_CHARS + "...(cut)".length()).endsWith("...(cut)");
      assertThat(LogText.safe(null)).isEqualTo("null");
    }
  }
}
