package io.marketplaceexporter.packtests.e2e;

import static io.marketplaceexporter.packtests.e2e.AlertStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shop's threshold changed as a new user would change it (issue 15): in the exporter's
 * configuration ({@code alerting.thresholds}), then a restart; a real Prometheus with the shipped
 * rules (test timings, {@link AlertPipelineTest#renderRulesWithTestTimings}) uses it from then on,
 * without re-rendering the pack. Two shops fail 10% of their orders: the campaign shop, configured
 * to tolerate 20%, stays silent while the regular shop's OrderFailureRatioHigh fires; after the
 * campaign shop's threshold is lowered to 5% and the exporter restarted, its alert fires too.
 */
class ThresholdOverrideTest {
  private static final String RATIO = "shop:marketplace_order_failure_ratio:threshold";

  @TempDir Path dir;

  @Test
  void aShopsThresholdChangedInTheConfigurationIsUsedAfterARestart() throws Exception {
    Path rules = AlertPipelineTest.renderRulesWithTestTimings(dir);
    int port = LocalServer.freePort();
    Exporter exporter = start(port, 0.2);
    try (LocalServer prometheus = AlertStack.startPrometheus(dir, rules, port, List.of())) {
      await(
          "OrderFailureRatioHigh firing for the regular shop",
          Duration.ofSeconds(60),
          () -> {
            failTenPercent(port);
            return firing(prometheus).contains("regular");
          });
      assertThat(firing(prometheus))
          .as("the campaign shop tolerates 20%")
          .doesNotContain("campaign");
      assertThat(threshold(prometheus, "campaign")).isEqualTo(0.2);

      exporter.close();
      exporter = start(port, 0.05);
      await(
          "OrderFailureRatioHigh firing for the campaign shop after the restart",
          Duration.ofSeconds(60),
          () -> {
            failTenPercent(port);
            return firing(prometheus).contains("campaign");
          });
      assertThat(threshold(prometheus, "campaign")).isEqualTo(0.05);
      assertThat(description(prometheus, "campaign")).contains("(threshold 5%)");
    } finally {
      exporter.close();
    }
  }

  private Exporter start(int port, double campaignThreshold) {
    String yaml =
        """
        web:
          listen_address: 127.0.0.1:%d
        auth:
          allow_unauthenticated: true    # loopback only, a test's own events
        alerting:
          thresholds:
            - {marketplace: lazada, site: MY, shop: campaign, order_failure_ratio: %s}
        """
            .formatted(port, campaignThreshold);
    return Exporter.createForTest(
            ConfigLoader.parse(yaml),
            Launcher.plain(),
            Map.of(),
            Clock.systemUTC(),
            dir.resolve("exporter-data"))
        .start();
  }

  /** One failed and nine successful orders for each shop. */
  private static void failTenPercent(int port) {
    List<String> events = new ArrayList<>();
    for (String shop : List.of("campaign", "regular")) {
      String base =
          "{\"type\":\"order\",\"marketplace\":\"lazada\",\"site\":\"MY\",\"shop\":\""
              + shop
              + "\"";
      events.add(base + ",\"outcome\":\"success\",\"count\":9}");
      events.add(base + ",\"outcome\":\"failure\",\"reason\":\"payment\"}");
    }
    try {
      AlertPipelineTest.post(
          "http://127.0.0.1:" + port + "/api/v1/events", "[" + String.join(",", events) + "]", 202);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> firing(LocalServer prometheus) {
    List<String> shops = new ArrayList<>();
    for (JsonNode a : prometheus.api("/api/v1/alerts").path("alerts")) {
      if (a.path("labels").path("alertname").asText().equals("OrderFailureRatioHigh")
          && a.path("state").asText().equals("firing")) {
        shops.add(a.path("labels").path("shop").asText());
      }
    }
    return shops;
  }

  private static String description(LocalServer prometheus, String shop) {
    for (JsonNode a : prometheus.api("/api/v1/alerts").path("alerts")) {
      if (a.path("labels").path("alertname").asText().equals("OrderFailureRatioHigh")
          && a.path("labels").path("shop").asText().equals(shop)) {
        return a.path("annotations").path("description").asText();
      }
    }
    return "";
  }

  private static double threshold(LocalServer prometheus, String shop) {
    JsonNode r = prometheus.query(RATIO + "{shop=\"" + shop + "\"}").path("result");
    assertThat(r).as("%s of %s", RATIO, shop).hasSize(1);
    return r.get(0).path("value").get(1).asDouble();
  }
}
