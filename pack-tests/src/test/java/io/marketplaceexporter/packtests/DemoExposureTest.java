package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.support.MetricContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No rule references a metric nobody exports: every metric that a rule or an annotation query uses
 * appears on {@code /metrics} of the exporter running in demo mode.
 */
class DemoExposureTest {
  private static Set<String> referencedMetrics() {
    Set<String> names = new TreeSet<>();
    for (var rule : Pack.rules()) {
      names.addAll(PromQl.metricNames(rule.path("expr").asText()));
      rule.path("annotations")
          .forEach(
              a ->
                  PromQl.templateQueries(a.asText())
                      .forEach(q -> names.addAll(PromQl.metricNames(q))));
    }
    names.removeAll(Pack.recordingRuleNames());
    names.removeAll(ConsistencyTest.PROMETHEUS_SERIES);
    // Series of the configuration's alerting section: exist only when it sets them; the rules
    // fall back to their defaults without them.
    names.removeAll(MetricContract.namesIn(MetricContract.load(), MetricContract.ALERTING));
    return names;
  }

  private static Set<String> exposedSampleNames(String exposition) {
    return exposition
        .lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyMetricARuleUsesIsExposedInDemoMode() throws Exception {
    Set<String> wanted = referencedMetrics();
    assertThat(wanted).contains("marketplace_orders_total", "marketplace_price_anomalous_skus");
    ExporterConfig config = ExporterConfig.defaults();
    config = config.withWeb(config.web().withListenAddress("127.0.0.1:0"));
    try (Exporter e =
        Exporter.createForTest(
                config, Launcher.demo(Duration.ofMillis(100)), Map.of(), Clock.systemUTC())
            .start()) {
      HttpClient http = HttpClient.newHttpClient();
      URI metrics = URI.create("http://127.0.0.1:" + e.port() + "/metrics");
      Set<String> missing = new TreeSet<>(wanted);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!missing.isEmpty() && System.nanoTime() < deadline) {
        String body =
            http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        missing.removeAll(exposedSampleNames(body));
        if (!missing.isEmpty()) {
          Thread.sleep(100);
        }
      }
      assertThat(missing).as("metrics used by rules but not exposed in demo mode").isEmpty();
    }
  }
}
