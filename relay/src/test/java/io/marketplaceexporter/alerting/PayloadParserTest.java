package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whatever arrives, the parser answers an Alertmanager payload or a {@link BadPayloadException}
 * (which the HTTP layer answers with 400), never anything else.
 */
class PayloadParserTest {
  private static final String VALID =
      new String(Payloads.bytes(Payloads.firing("A", "critical", "s")), StandardCharsets.UTF_8);

  @Test
  void readsAValidPayload() {
    AlertGroup g = PayloadParser.parse(VALID.getBytes(StandardCharsets.UTF_8));
    assertThat(g.status()).isEqualTo("firing");
    assertThat(g.alerts()).hasSize(1);
    assertThat(g.alerts().get(0).label("shop")).isEqualTo("s");
    assertThat(g.externalUrl()).isEqualTo(Payloads.EXTERNAL_URL);
  }

  @Test
  void hostileOrBrokenInputIsABadPayload() {
    List<byte[]> inputs =
        List.of(
            "[".repeat(5000).getBytes(StandardCharsets.UTF_8),
            new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
            VALID
                .replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":1e999")
                .getBytes(StandardCharsets.UTF_8),
            VALID
                .replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":-1")
                .getBytes(StandardCharsets.UTF_8),
            VALID.replace("\"version\":\"4\"", "\"version\":4").getBytes(StandardCharsets.UTF_8),
            VALID
                .replace("\"labels\":{", "\"labels\":{\"x\":null,")
                .getBytes(StandardCharsets.UTF_8),
            VALID.replace("\"alerts\":[", "\"alerts\":[null,").getBytes(StandardCharsets.UTF_8),
            VALID
                .replace("\"status\":\"firing\",\"labels\"", "\"status\":\"pending\",\"labels\"")
                .getBytes(StandardCharsets.UTF_8),
            (VALID + " {}").getBytes(StandardCharsets.UTF_8),
            VALID
                .replace("{\"receiver\"", "{\"receiver\":\"x\",\"receiver\"")
                .getBytes(StandardCharsets.UTF_8),
            "null".getBytes(StandardCharsets.UTF_8));
    for (byte[] input : inputs) {
      Throwable t = catchThrowable(() -> PayloadParser.parse(input));
      assertThat(t)
          .as(new String(input, 0, Math.min(input.length, 80), StandardCharsets.UTF_8))
          .isInstanceOf(BadPayloadException.class);
    }
  }
}
