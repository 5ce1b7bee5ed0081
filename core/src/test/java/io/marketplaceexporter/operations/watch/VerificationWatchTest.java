package io.marketplaceexporter.operations.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.PrometheusApiConfig;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.RollbackStarted;
import io.marketplaceexporter.operations.prometheus.PrometheusClient;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.MockServers;
import io.marketplaceexporter.support.TestClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The verification watch against a fake Prometheus and a manual clock. */
class VerificationWatchTest {
  @StartStop final MockWebServer server = MockServers.noDelay();
  final FakePrometheus prometheus = FakePrometheus.on(server);
  final PrometheusRegistry registry = new PrometheusRegistry();
  final TestClock clock = TestClock.at("2026-11-30T03:00:00Z");
  final RecordingPoster poster = new RecordingPoster();
  final ChatGroup group = new ChatGroup("dingtalk", "oncall");
  final VerificationCheck check =
      new VerificationCheck(
          "InventoryNegative",
          "marketplace_inventory_negative_skus{shop=\"{{ $labels.shop }}\"} == 0",
          Duration.ofMinutes(10));

  VerificationWatch watch(PrometheusApiConfig config) {
    PrometheusClient client = new PrometheusClient(config, new OkHttpClient(), Map.of(), registry);
    return new VerificationWatch(
        Map.of(check.alertname(), check),
        client,
        poster,
        new WatchMetrics(registry, Map.of(check.alertname(), check).keySet()),
        clock,
        Duration.ofMinutes(30));
  }

  VerificationWatch watch() {
    return watch(new PrometheusApiConfig(server.url("/").toString(), Duration.ofSeconds(5)));
  }

  RollbackStarted rollback(String alertname, String shop) {
    return new RollbackStarted(
        "restart-sync-job",
        Map.of("alertname", alertname, "shop", shop),
        group,
        "alice",
        clock.instant());
  }

  /** Ticks every 30 s of the manual clock for {@code d}. */
  void run(VerificationWatch w, Duration d) {
    for (Duration t = Duration.ZERO; t.compareTo(d) < 0; t = t.plusSeconds(30)) {
      clock.advance(Duration.ofSeconds(30));
      w.tick();
    }
  }

  double verifications(String alertname, String result) {
    return MetricsText.of(registry)
        .value(
            "marketplace_exporter_verifications_total", "alertname", alertname, "result", result);
  }

  @Nested
  class Verified {
    @Test
    void conditionHoldingForItsDurationPostsVerifiedToTheRollbacksGroup() {
      VerificationWatch w = watch();
      prometheus.answer = q -> FakePrometheus.vector(0);
      w.rollbackStarted(rollback("InventoryNegative", "s1"));

      run(w, Duration.ofMinutes(9));
      assertThat(poster.posted).as("not before 10m of holding").isEmpty();
      run(w, Duration.ofMinutes(2));

      assertThat(poster.posted).hasSize(1);
      assertThat(poster.posted.get(0).group()).isEqualTo(group);
      assertThat(poster.posted.get(0).notice().title()).isEqualTo("Verified: InventoryNegative");
      assertThat(poster.posted.get(0).notice().markdown())
          .contains("**Verified**", "`shop=s1`", "restart-sync-job", "alice");
      assertThat(verifications("InventoryNegative", "verified")).isEqualTo(1.0);
      assertThat(w.running()).isZero();
      assertThat(prometheus.queries)
          .first()
          .isEqualTo("marketplace_inventory_negative_skus{shop=\"s1\"} == 0");
    }

    @Test
    void aBreakInTheConditionStartsTheHoldAgain() {
      VerificationWatch w = watch();
      prometheus.answer = q -> FakePrometheus.vector(0);
      w.rollbackStarted(rollback("InventoryNegative", "s1"));
      run(w, Duration.ofMinutes(8));
      prometheus.answer = q -> FakePrometheus.empty();
      run(w, Duration.ofMinutes(1));
      prometheus.answer = q -> FakePrometheus.vector(0);

      run(w, Duration.ofMinutes(9));
      assertThat(poster.posted).isEmpty();
      run(w, Duration.ofMinutes(2));

      assertThat(poster.titles()).containsExactly("Verified: InventoryNegative");
    }
  }

  @Nested
  class NotRecovered {
    @Test
    void conditionNotHoldingByTheDeadlinePostsEscalate() {
      VerificationWatch w = watch();
      prometheus.answer = q -> FakePrometheus.empty();
      w.rollbackStarted(rollback("InventoryNegative", "s1"));

      run(w, Duration.ofMinutes(29));
      assertThat(poster.posted).isEmpty();
      run(w, Duration.ofMinutes(1));

      assertThat(poster.titles()).containsExactly("Not recovered: InventoryNegative — escalate");
      assertThat(poster.posted.get(0).notice().markdown())
          .contains("Not recovered after 30 minutes — escalate");
      assertThat(verifications("InventoryNegative", "not_recovered")).isEqualTo(1.0);
    }

    @Test
    void prometheusDownUntilTheDeadlineIsNotRecoveredAndSaysWhy() {
      VerificationWatch w = watch();
      prometheus.answer = q -> new MockResponse.Builder().code(502).body("bad gateway").build();
      w.rollbackStarted(rollback("InventoryNegative", "s1"));

      run(w, Duration.ofMinutes(30));

      assertThat(poster.posted).hasSize(1);
      assertThat(poster.posted.get(0).notice().markdown())
          .contains("Prometheus could not be asked: http_error: HTTP 502");
      assertThat(
              MetricsText.of(registry)
                  .value("marketplace_exporter_prometheus_queries_total", "result", "http_error"))
          .isEqualTo(60.0);
    }
  }

  @Nested
  class Unverifiable {
    @Test
    void anAlertWithoutACheckIsUnverifiableAtOnceAndCountedAsOther() {
      VerificationWatch w = watch();

      w.rollbackStarted(rollback("MyOwnAlert", "s1"));

      assertThat(poster.titles()).containsExactly("Cannot verify MyOwnAlert");
      assertThat(verifications("other", "unverifiable")).isEqualTo(1.0);
      assertThat(w.running()).isZero();
    }

    @Test
    void withoutPrometheusEveryRollbackIsUnverifiable() {
      VerificationWatch w = watch(PrometheusApiConfig.defaults());

      w.rollbackStarted(rollback("InventoryNegative", "s1"));

      assertThat(poster.posted.get(0).notice().markdown()).contains("prometheus.url");
      assertThat(verifications("InventoryNegative", "unverifiable")).isEqualTo(1.0);
    }
  }

  @Nested
  class Metrics {
    @Test
    void seriesExistFromStartUpAndTheGaugeCountsRunningWatches() {
      VerificationWatch w = watch();
      assertThat(verifications("InventoryNegative", "verified")).isZero();

      w.rollbackStarted(rollback("InventoryNegative", "s1"));
      w.rollbackStarted(rollback("InventoryNegative", "s2"));

      assertThat(
              MetricsText.of(registry)
                  .value("marketplace_exporter_watches_running", "watch", "verification"))
          .isEqualTo(2.0);
    }
  }
}
