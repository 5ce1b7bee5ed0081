package io.marketplaceexporter.packtests.e2e;

import static io.marketplaceexporter.packtests.e2e.AlertStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.packtests.Pack;
import io.marketplaceexporter.support.MetricContract;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter as Prometheus 3.5 LTS scrapes it: Prometheus 3 sends its own {@code Accept} header
 * (OpenMetrics first) and normalises {@code le}/{@code quantile} label values. One demo exporter
 * and one Prometheus 3.5 (scraping it every second and evaluating the whole rule pack) for every
 * test of the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Prometheus3ScrapeTest {
  private static final String JOB = "marketplace-exporter";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Exporter exporter;
  private MockWebServer acceptProbe;
  private LocalServer prometheus;

  @BeforeAll
  void startExporterAndPrometheus3(@TempDir Path dir) throws Exception {
    ExporterConfig config = ExporterConfig.defaults();
    config = config.withWeb(config.web().withListenAddress("127.0.0.1:0"));
    exporter =
        Exporter.createForTest(
                config, Launcher.demo(Duration.ofMillis(100)), Map.of(), Clock.systemUTC())
            .start();
    // A second target that records the scrape request, to see the Accept header Prometheus sends.
    acceptProbe = new MockWebServer();
    acceptProbe.setDispatcher(AlertStack.answer("probe_up 1\n"));
    acceptProbe.start(InetAddress.getLoopbackAddress(), 0);
    prometheus =
        LocalServer.prometheus(
            dir,
            """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - %s/*.yml
            scrape_configs:
              - job_name: %s
                honor_labels: true
                static_configs:
                  - targets: ['127.0.0.1:%d']
              - job_name: accept-probe
                static_configs:
                  - targets: ['127.0.0.1:%d']
            """
                .formatted(Pack.rulesDir(), JOB, exporter.port(), acceptProbe.getPort()));
    assertThat(prometheus.api("/api/v1/status/buildinfo").path("version").asText())
        .startsWith("3.5.");
    await(
        "a successful scrape of the exporter",
        WAIT,
        () -> !prometheus.query("up{job=\"" + JOB + "\"} == 1").path("result").isEmpty());
  }

  @AfterAll
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (acceptProbe != null) {
      acceptProbe.close();
    }
    if (exporter != null) {
      exporter.close();
    }
  }

  private double value(String promql) {
    JsonNode result = prometheus.query(promql).path("result");
    assertThat(result).as(promql).hasSize(1);
    return result.get(0).path("value").get(1).asDouble();
  }

  @Nested
  class Negotiation {

    @Test
    void prometheus3AsksForOpenMetricsFirstAndTheExporterAnswersOpenMetrics() throws Exception {
      RecordedRequest scrape = acceptProbe.takeRequest(60, TimeUnit.SECONDS);
      assertThat(scrape).as("a scrape of the probe target").isNotNull();
      String accept = scrape.getHeaders().get("Accept");
      // 3.5 sends (scrape_protocols' default order): OpenMetrics 1.0.0, OpenMetrics 0.0.1,
      // Prometheus text 1.0.0, text 0.0.4, with escaping=allow-utf-8 for UTF-8 names.
      assertThat(accept)
          .startsWith("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8")
          .contains("text/plain;version=1.0.0", "text/plain;version=0.0.4");

      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port() + "/metrics"))
                  .header("Accept", accept)
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(answer.headers().firstValue("Content-Type"))
          .hasValueSatisfying(
              type -> assertThat(type).startsWith("application/openmetrics-text; version=1.0.0"));
      assertThat(answer.body()).endsWith("# EOF\n");
    }

    @Test
    void scrapesWithoutErrors() {
      JsonNode targets = prometheus.api("/api/v1/targets").path("activeTargets");
      List<String> exporterTargets = new ArrayList<>();
      for (JsonNode t : targets) {
        if (t.path("labels").path("job").asText().equals(JOB)) {
          exporterTargets.add(t.path("health").asText() + " " + t.path("lastError").asText());
        }
      }
      assertThat(exporterTargets).containsExactly("up ");
      assertThat(value("up{job=\"" + JOB + "\"}")).isEqualTo(1);
      assertThat(value("scrape_samples_scraped{job=\"" + JOB + "\"}")).isPositive();
    }
  }

  @Nested
  class Contract {

    @Test
    void everyContractMetricArrivesWithItsDocumentedType() {
      Map<String, MetricContract.Entry> contract = MetricContract.load();
      Set<String> expected = new TreeSet<>();
      for (MetricContract.Entry e : contract.values()) {
        // As in demo mode (JarDemoIT): relay and alerting-configuration metrics need config.
        if (!e.section().equals(MetricContract.RELAY)
            && !e.section().equals(MetricContract.ALERTING)) {
          expected.add(e.name());
        }
      }
      Set<String> missing = new TreeSet<>(expected);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!missing.isEmpty() && System.nanoTime() < deadline) {
        missing.removeIf(name -> hasSeries(contract.get(name)));
        if (!missing.isEmpty()) {
          LocalServer.pause(Duration.ofMillis(250));
        }
      }
      assertThat(missing).as("contract metrics without a series in Prometheus 3").isEmpty();

      List<String> wrongType = new ArrayList<>();
      for (String name : expected) {
        String documented = contract.get(name).type();
        String stored = storedType(name);
        if (!documented.equals(stored)) {
          wrongType.add(name + ": documented " + documented + ", Prometheus 3 has " + stored);
        }
      }
      assertThat(wrongType).isEmpty();
    }

    private boolean hasSeries(MetricContract.Entry e) {
      String series = e.name() + (e.type().equals("histogram") ? "_count" : "");
      return !prometheus.query("count(" + series + ")").path("result").isEmpty();
    }

    /** The metadata type; OpenMetrics keys a counter's metadata by its name without _total. */
    private String storedType(String name) {
      String family = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
      for (String key : List.of(name, family)) {
        JsonNode entries = prometheus.api("/api/v1/metadata?metric=" + key).path(key);
        if (!entries.isEmpty()) {
          return entries.get(0).path("type").asText();
        }
      }
      return "(no metadata)";
    }
  }

  @Nested
  class BucketLabels {

    private static final String POLL_DELAY = "marketplace_exporter_poll_delay_seconds_bucket";

    @Test
    void integerBucketBoundsAreStoredAsPrometheus3NormalisesThem() {
      await(
          "poll delay buckets", WAIT, () -> !prometheus.query(POLL_DELAY).path("result").isEmpty());
      Set<String> le = new TreeSet<>();
      prometheus
          .query(POLL_DELAY)
          .path("result")
          .forEach(s -> le.add(s.path("metric").path("le").asText()));

      assertThat(le).contains("1.0", "10.0", "+Inf").doesNotContain("1", "10");
    }

    @Test
    void pollsFallingBehindSelectsItsBucketAndEvaluates() {
      String expr =
          Pack.alerts().stream()
              .filter(a -> a.name().equals("PollsFallingBehind"))
              .findFirst()
              .orElseThrow()
              .expr();
      assertThat(expr).contains("le=~");
      // The ratio itself, without the threshold comparison, must select series under 3.x.
      String ratio = expr.replaceFirst("\\s*>\\s*[0-9.]+\\s*$", "");
      assertThat(ratio).isNotEqualTo(expr);

      await(
          "PollsFallingBehind's ratio over the exporter's poll delay buckets",
          WAIT,
          () -> !prometheus.query(ratio).path("result").isEmpty());
      assertThat(prometheus.query(POLL_DELAY + "{le=~\"10([.]0)?\"}").path("result")).hasSize(1);
    }

    @Test
    void dashboardLatencyQuantileEvaluates() {
      String p95 =
          "histogram_quantile(0.95, sum by (le) (rate(marketplace_api_request_duration_seconds_bucket[30s])))";
      await(
          "a p95 API latency",
          WAIT,
          () -> {
            JsonNode r = prometheus.query(p95).path("result");
            return !r.isEmpty() && !r.get(0).path("value").get(1).asText().equals("NaN");
          });
    }

    @Test
    void everyRuleOfThePackEvaluatesWithoutError() {
      await(
          "two evaluations of every rule group",
          WAIT,
          () -> {
            for (JsonNode g : prometheus.api("/api/v1/rules").path("groups")) {
              if (g.path("lastEvaluation").asText().startsWith("0001-")) {
                return false;
              }
            }
            return true;
          });
      List<String> failing = new ArrayList<>();
      int rules = 0;
      for (JsonNode g : prometheus.api("/api/v1/rules").path("groups")) {
        for (JsonNode r : g.path("rules")) {
          rules++;
          if (!r.path("health").asText().equals("ok")) {
            failing.add(r.path("name").asText() + ": " + r.path("lastError").asText());
          }
        }
      }
      assertThat(rules).isEqualTo(Pack.rules().size());
      assertThat(failing).isEmpty();
    }
  }
}
