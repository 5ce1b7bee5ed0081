package io.marketplaceexporter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.config.WebConfig;
import io.marketplaceexporter.demo.DemoIncidents;
import io.marketplaceexporter.demo.DemoScenario;
import io.marketplaceexporter.demo.Incident;
import io.marketplaceexporter.sources.HttpClients;
import io.marketplaceexporter.sources.SourcesTestSupport;
import io.marketplaceexporter.state.SeriesFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DemoModeTest {
  static final OkHttpClient HTTP = HttpClients.shared();

  static String get(String url) throws Exception {
    try (Response r = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
      return r.body().string();
    }
  }

  /** The names of the series that have a sample (histograms by their base name). */
  static List<String> missing(String metrics, List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      boolean found =
          metrics
              .lines()
              .anyMatch(
                  l ->
                      l.startsWith(n + "{")
                          || l.startsWith(n + " ")
                          || l.startsWith(n + "_bucket{"));
      if (!found) {
        out.add(n);
      }
    }
    return out;
  }

  static List<String> wanted() {
    List<String> wanted = new ArrayList<>();
    for (SeriesFamily f : SeriesFamily.values()) {
      wanted.add(f.metricName());
    }
    wanted.addAll(
        List.of(
            "marketplace_exporter_source_up",
            "marketplace_exporter_source_last_success_timestamp_seconds",
            "marketplace_exporter_poll_duration_seconds",
            "marketplace_exporter_poll_errors_total"));
    return wanted;
  }

  /**
   * Starts the exporter in demo mode on {@code clock}, scrapes {@code /metrics} until {@code done}
   * holds or 20 seconds passed (running {@code meanwhile} between scrapes), and returns the last
   * scrape.
   */
  static String scrapeDemoUntil(
      SourcesTestSupport.TestClock clock, Duration tick, Predicate<String> done, Runnable meanwhile)
      throws Exception {
    ExporterConfig config =
        ExporterConfig.defaults().withWeb(WebConfig.defaults().withListenAddress("127.0.0.1:0"));
    try (Exporter e =
        Exporter.createForTest(config, Launcher.demo(tick), Map.of(), clock).start()) {
      String url = "http://127.0.0.1:" + e.port() + "/metrics";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      String metrics = get(url);
      while (!done.test(metrics) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        meanwhile.run();
        metrics = get(url);
      }
      return metrics;
    }
  }

  @Nested
  class EveryContractMetric {
    final SourcesTestSupport.TestClock clock =
        new SourcesTestSupport.TestClock(SourcesTestSupport.NOW);

    @Test
    void hasDataEvenWhileTheClockStandsStill() throws Exception {
      String metrics =
          scrapeDemoUntil(
              clock, Duration.ofMillis(100), m -> missing(m, wanted()).isEmpty(), () -> {});

      assertThat(missing(metrics, wanted())).isEmpty();
    }

    @Test
    void isFedByConnectorsPollingTheSandbox() throws Exception {
      String success = "marketplace_orders_total{marketplace=\"amazon\",outcome=\"success\"";

      // demo time runs at 5 seconds per 100 ms real time, so orders arrive between two polls
      List<String> tokens =
          List.of("token=\"access\"", "token=\"refresh\"", "token=\"client_secret\"");
      // Amazon orders can come from the ERP's order feed before an Amazon connector has polled
      // and reported its client secret's deadline: wait for that too, within the same deadline.
      String metrics =
          scrapeDemoUntil(
              clock,
              Duration.ofMillis(500),
              m ->
                  missing(m, wanted()).isEmpty()
                      && m.contains(success)
                      && tokens.stream().allMatch(m::contains),
              () -> clock.advance(Duration.ofSeconds(5)));

      assertThat(missing(metrics, wanted())).isEmpty();
      for (String token : tokens) {
        assertThat(metrics).contains(token);
      }
      assertThat(metrics)
          .contains(success)
          .contains("kind=\"zero\"")
          .doesNotContain(SandboxCredentials.AMAZON_CLIENT_SECRET)
          .doesNotContain(SandboxCredentials.SHOPEE_PARTNER_KEY);
    }
  }

  @Nested
  class Incidents {
    final SourcesTestSupport.TestClock clock =
        new SourcesTestSupport.TestClock(SourcesTestSupport.NOW);
    final DemoIncidents demo = new DemoIncidents(clock, DemoScenario.quiet());

    @Test
    void sandboxShopsAreTheDemoShops() {
      assertThat(SandboxShop.defaults().stream().map(SandboxShop::shop).toList())
          .isEqualTo(demo.shopIds());
    }

    @Test
    void aTriggeredIncidentPlaysAsSandboxFaultsUntilCleared() {
      try (Sandbox sandbox = new Sandbox(clock, null)) {
        DemoFaults faults = new DemoFaults(demo, sandbox);
        sandbox.faults().add(FaultKind.SLOW, "acme-outlet", Duration.ofMinutes(5), Duration.ZERO);

        demo.trigger(Incident.DEPLOY_REGRESSION, "7495623318", Duration.ofMinutes(5));
        faults.tick();
        assertThat(sandbox.faults().playing(FaultKind.DEPLOY, "7495623318")).isTrue();
        assertThat(sandbox.faults().playing(FaultKind.ORDER_FAILURES, "7495623318")).isTrue();
        assertThat(sandbox.faults().playing(FaultKind.ORDER_FAILURES, "acme-outlet")).isFalse();

        demo.clear(Incident.DEPLOY_REGRESSION);
        faults.tick();
        assertThat(sandbox.faults().playing(FaultKind.ORDER_FAILURES, "7495623318")).isFalse();
        assertThat(sandbox.faults().playing(FaultKind.SLOW, "acme-outlet"))
            .as("a fault posted by hand is not the demo's to end")
            .isTrue();
      }
    }

    @Test
    void everyIncidentMapsToAtLeastOneFault() {
      for (Incident i : Incident.values()) {
        assertThat(DemoFaults.faultsOf(i)).as(i.label()).isNotEmpty();
      }
    }
  }
}
