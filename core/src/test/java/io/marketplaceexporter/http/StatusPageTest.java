package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.status.QueueStatus;
import io.marketplaceexporter.status.RejectedEvent;
import io.marketplaceexporter.status.ShopStatus;
import io.marketplaceexporter.status.SourceStatus;
import io.marketplaceexporter.status.StatusReport;
import io.marketplaceexporter.status.Trouble;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The landing page's HTML from a report: escaped, self-contained, trouble marked in red. */
class StatusPageTest {
  static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
  static final String XSS = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";

  static StatusReport report(
      List<SourceStatus> sources,
      List<ShopStatus> shops,
      List<QueueStatus> queues,
      List<RejectedEvent> rejected) {
    int troubled = (int) shops.stream().filter(ShopStatus::inTrouble).count();
    return new StatusReport(
        NOW, "1.2.3", "abc", false, sources, shops.size(), troubled, shops, queues, rejected);
  }

  static ShopStatus zeroPriced(String shop) {
    return new ShopStatus(
        "amazon",
        "US",
        shop,
        NOW.minusSeconds(5),
        List.of(new Trouble("price_zero", Trouble.CRITICAL, "3 SKUs priced at zero or below")));
  }

  @Nested
  class Escaping {
    @Test
    void shopNamesFromInputAreTextNotMarkup() {
      String html =
          StatusPage.render(
              report(
                  List.of(),
                  List.of(zeroPriced(XSS), new ShopStatus("ebay", "", XSS + "2", NOW, List.of())),
                  List.of(),
                  List.of()),
              false);

      assertThat(html)
          .doesNotContain("<script>")
          .doesNotContain("<img")
          .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x");
    }

    @Test
    void rejectionReasonsAndSourceNamesAreEscapedToo() {
      String html =
          StatusPage.render(
              report(
                  List.of(new SourceStatus(XSS, SourceStatus.DOWN, null, "auth", 2, NOW)),
                  List.of(),
                  List.of(new QueueStatus("dingtalk", XSS, 1, 0, null, null, 0)),
                  List.of(new RejectedEvent(NOW, "push", "order", XSS, XSS))),
              false);

      assertThat(html).doesNotContain("<script>").doesNotContain("<img");
    }
  }

  @Nested
  class Content {
    final String html =
        StatusPage.render(
            report(
                List.of(
                    new SourceStatus(
                        "amazon-us",
                        SourceStatus.UP,
                        NOW.minusSeconds(12),
                        null,
                        0,
                        NOW.plusSeconds(48)),
                    new SourceStatus(
                        "shopee-sg", SourceStatus.THROTTLED, null, "throttled", 3, NOW)),
                List.of(
                    zeroPriced("A2EUQ1WTGCTBG2"),
                    new ShopStatus("ebay", "", "calm", NOW, List.of())),
                List.of(
                    new QueueStatus(
                        "dingtalk", "oncall", 2, 4, NOW.minusSeconds(90), NOW.minusSeconds(30), 1)),
                List.of(new RejectedEvent(NOW, "push", "token", "expires_at", "is required"))),
            true);

    @Test
    void eachSourceWithStateLastSuccessLastErrorAndNextPoll() {
      assertThat(html)
          .contains("data-source=\"amazon-us\"", "badge up", "12s ago", "in 48s")
          .contains("data-source=\"shopee-sg\"", "badge throttled", "throttled (3 in a row)")
          .contains("never");
    }

    @Test
    void shopsInTroubleAsCardsInTheCriticalRedAndTheOthersFolded() {
      assertThat(html)
          .contains("data-shop=\"A2EUQ1WTGCTBG2\"", "critical-shop", "3 SKUs priced at zero")
          .contains("1 shop without trouble", "calm")
          .contains("background:" + StatusPage.CRITICAL_RED);
      assertThat(html.indexOf("data-shop=\"A2EUQ1WTGCTBG2\""))
          .isLessThan(html.indexOf("without trouble"));
    }

    @Test
    void relayQueuesAndRejectedEvents() {
      assertThat(html)
          .contains("dingtalk/oncall", "1m30s", "30s ago", "badge critical\">1<")
          .contains("expires_at", "is required");
    }

    @Test
    void theLinksOfTheOldPageStay() {
      assertThat(html)
          .contains("href=\"/metrics\"", "/api/v1/events", "(bearer token required)")
          .contains("href=\"/api/v1/anomalies\"", "href=\"/api/v1/changes\"")
          .contains("/alertmanager/{channel}/{target}", "href=\"/-/healthy\"", "href=\"/-/ready\"")
          .contains("href=\"/status.json\"");
    }

    @Test
    void readsOnAPhoneWithoutScriptsOrOutsideAssets() {
      assertThat(html)
          .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .contains("@media (max-width:40rem)")
          .doesNotContain("<script", "<link", "src=", "http://", "https://", "@import");
    }
  }

  @Nested
  class EmptyExporter {
    @Test
    void saysThatNothingIsPolledConfiguredOrRejected() {
      String html = StatusPage.render(report(List.of(), List.of(), List.of(), List.of()), false);
      assertThat(html)
          .contains("No source is polled", "None: every tracked shop looks fine")
          .contains("No relay target is configured", "None since start")
          .doesNotContain("bearer token required");
    }
  }
}
