package io.marketplaceexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.Promtool;
import org.junit.jupiter.api.Test;

/** The exposition is valid for Prometheus' own parser and linter (demo mode: JarDemoIT). */
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
}
