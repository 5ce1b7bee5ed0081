package io.marketplaceexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.Promtool;
import io.marketplaceexporter.support.TestClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exposition is valid for Prometheus' own parser and linter, in plain and demo mode. */
class PromtoolCheckTest {
  @Test
  void exposionAfterEveryEventTypePassesPromtoolCheckMetrics() {
    try (var server = io.marketplaceexporter.support.RunningExporter.start()) {
      server.post("/api/v1/events", ContractTest.EVERY_EVENT_TYPE);
      String text = server.get("/metrics").body();

      Promtool.Result r = Promtool.run(text, "check", "metrics");

      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.output()).as("lint findings").isBlank();
      assertThat(new MetricsText(text).samples()).isNotEmpty();
    }
  }

  @Test
  void demoExpositionWithJvmMetricsPassesPromtoolCheckMetrics() {
    var config =
        ConfigLoader.parse("")
            .withWeb(ConfigLoader.parse("").web().withListenAddress("127.0.0.1:0"));
    try (Exporter e =
        Exporter.createForTest(
            config,
            Exporter.Options.demo(Duration.ofHours(1)),
            Map.of(),
            TestClock.at("2026-11-24T08:00:00Z"))) {
      e.demo().tick();
      e.demo().tick();
      var text = new java.io.ByteArrayOutputStream();
      try {
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
            .write(text, e.registry().scrape());
      } catch (java.io.IOException ex) {
        throw new AssertionError(ex);
      }

      Promtool.Result r = Promtool.run(text.toString(), "check", "metrics");

      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.output()).as("lint findings").isBlank();
    }
  }
}
