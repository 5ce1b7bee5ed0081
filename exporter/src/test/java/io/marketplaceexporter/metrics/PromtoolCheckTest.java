package io.marketplaceexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.PrometheusStack;
import io.marketplaceexporter.support.Promtool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exposition is valid for Prometheus' own parser and linter, of the oldest and the current
 * supported Prometheus (demo mode: JarDemoIT).
 */
class PromtoolCheckTest {
  @ParameterizedTest(name = "promtool of {0}")
  @EnumSource(PrometheusStack.class)
  void exposionAfterEveryEventTypePassesPromtoolCheckMetrics(PrometheusStack stack) {
    try (var server = io.marketplaceexporter.support.RunningExporter.start()) {
      server.post("/api/v1/events", ContractTest.EVERY_EVENT_TYPE);
      String text = server.get("/metrics").body();

      Promtool.Result r = Promtool.run(stack, text, "check", "metrics");

      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.output()).as("lint findings").isBlank();
      assertThat(new MetricsText(text).samples()).isNotEmpty();
    }
  }
}
