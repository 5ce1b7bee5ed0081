package io.marketplaceexporter.packtests.e2e;

import static io.marketplaceexporter.packtests.e2e.AlertStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.PrometheusApiConfig;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.Notice;
import io.marketplaceexporter.operations.RollbackStarted;
import io.marketplaceexporter.operations.prometheus.PrometheusClient;
import io.marketplaceexporter.operations.watch.Runbooks;
import io.marketplaceexporter.operations.watch.VerificationCheck;
import io.marketplaceexporter.operations.watch.VerificationWatch;
import io.marketplaceexporter.operations.watch.WatchMetrics;
import io.marketplaceexporter.packtests.Pack;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.RunningExporter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's verification end to end on loopback: a real exporter (port 0) with a negative stock
 * SKU, a real Prometheus 3.5 scraping it every second, and the verification watch evaluating
 * InventoryNegative's runbook block through Prometheus' API: not verified while the stock is
 * negative, "verified" once the rollback's fix reached Prometheus and held (the block's {@code for}
 * shortened to 3 s so the test does not wait 10 minutes).
 */
class VerificationWatchE2eTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void watchPostsVerifiedOnceThePrometheusConditionHolds(@TempDir Path dir) throws Exception {
    try (RunningExporter exporter = RunningExporter.start();
        LocalServer prometheus =
            LocalServer.prometheus(
                dir,
                """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: marketplace-exporter
                    honor_labels: true
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """
                    .formatted(exporter.exporter.port()))) {
      String negative =
          """
          {"type":"inventory","marketplace":"amazon","site":"US","shop":"S1","sku":"SKU-2","available":%d}
          """;
      assertThat(exporter.post("/api/v1/events", negative.formatted(-3)).status()).isEqualTo(202);
      await(
          "the negative stock in Prometheus",
          WAIT,
          () ->
              !prometheus
                  .query("marketplace_inventory_negative_skus{shop=\"S1\"} == 1")
                  .path("result")
                  .isEmpty());

      VerificationCheck runbook =
          Runbooks.parse(
              "InventoryNegative", Pack.read(Pack.runbooksDir().resolve("InventoryNegative.md")));
      VerificationCheck check =
          new VerificationCheck(runbook.alertname(), runbook.template(), Duration.ofSeconds(3));
      List<Notice> posted = Collections.synchronizedList(new ArrayList<>());
      ChatGroup group = new ChatGroup("dingtalk", "oncall");
      OkHttpClient http = new OkHttpClient();
      PrometheusRegistry registry = new PrometheusRegistry();
      VerificationWatch watch =
          new VerificationWatch(
              Map.of(check.alertname(), check),
              new PrometheusClient(
                  new PrometheusApiConfig(prometheus.url(), Duration.ofSeconds(10)),
                  http,
                  Map.of(),
                  registry),
              (g, n) -> g.equals(group) && posted.add(n),
              new WatchMetrics(registry, Set.of(check.alertname())),
              Clock.systemUTC(),
              Duration.ofMinutes(5));

      watch.rollbackStarted(
          new RollbackStarted(
              "restart-sync-job",
              Map.of(
                  "alertname", "InventoryNegative",
                  "marketplace", "amazon",
                  "site", "US",
                  "shop", "S1"),
              group,
              "alice",
              Instant.now()));
      for (int i = 0; i < 5; i++) {
        watch.tick();
      }
      assertThat(posted).as("nothing while the stock is still negative").isEmpty();
      assertThat(
              MetricsText.of(registry)
                  .value("marketplace_exporter_prometheus_queries_total", "result", "success"))
          .as("each round asked Prometheus")
          .isEqualTo(5.0);

      assertThat(exporter.post("/api/v1/events", negative.formatted(5)).status()).isEqualTo(202);
      await(
          "\"verified\"",
          WAIT,
          () -> {
            watch.tick();
            return !posted.isEmpty();
          });

      assertThat(posted)
          .singleElement()
          .extracting(Notice::title)
          .isEqualTo("Verified: InventoryNegative");
      assertThat(watch.running()).isZero();
      http.dispatcher().executorService().shutdown();
    }
  }
}
