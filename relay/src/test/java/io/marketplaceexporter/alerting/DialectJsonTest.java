package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The robots' request bodies carry emoji as UTF-8, which every robot client shows as is. */
class DialectJsonTest {
  @Test
  void writesCharactersOutsideTheBmpAsUtf8NotAsEscapedSurrogatePairs() throws Exception {
    String body =
        new String(
            Dialect.JSON.writeValueAsBytes(Map.of("title", "\uD83D\uDD25 FIRING")),
            StandardCharsets.UTF_8);
    assertThat(body).isEqualTo("{\"title\":\"\uD83D\uDD25 FIRING\"}").doesNotContain("\\u");
  }
}
