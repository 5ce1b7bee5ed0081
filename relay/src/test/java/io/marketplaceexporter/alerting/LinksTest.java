package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The silence link into Alertmanager's UI and markdown links that stay whole. */
class LinksTest {
  @Test
  void silenceLinkFiltersOnTheGroupLabelsEscapedAndUrlEncoded() {
    ObjectNode payload = Payloads.firing("OrderFailureRateHigh", "critical", "店铺 \"1\"");
    payload.put("externalURL", "https://am.example.com/alertmanager/");
    String link = Links.silence(Payloads.parsed(payload));
    String prefix = "https://am.example.com/alertmanager/#/silences/new?filter=";
    assertThat(link).startsWith(prefix).doesNotContain(" ").doesNotContain("+");
    assertThat(URLDecoder.decode(link.substring(prefix.length()), StandardCharsets.UTF_8))
        .isEqualTo("{alertname=\"OrderFailureRateHigh\",shop=\"店铺 \\\"1\\\"\"}");
  }

  @Test
  void silenceLinkUsesTheCommonLabelsWhenTheGroupHasNoneAndIsAbsentWithoutExternalUrl() {
    ObjectNode payload = Payloads.firing("A", "warning", "s1");
    payload.putObject("groupLabels");
    assertThat(Links.silence(Payloads.parsed(payload)))
        .isEqualTo(
            Payloads.EXTERNAL_URL
                + "/#/silences/new?filter=%7Balertname%3D%22A%22%2Cseverity%3D%22warning%22%2Cshop%3D%22s1%22%7D");
    payload.put("externalURL", "");
    assertThat(Links.silence(Payloads.parsed(payload))).isNull();
  }

  @Test
  void markdownLinksEscapeWhatWouldBreakThem() {
    assertThat(Links.markdown("runbook", "https://wiki.example.com/a (b)"))
        .isEqualTo("[runbook](https://wiki.example.com/a%20%28b%29)");
    assertThat(Links.markdown("https://x/[1]", "https://x/[1]"))
        .isEqualTo("[https://x/%5B1%5D](https://x/[1])");
  }
}
