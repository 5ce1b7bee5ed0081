package io.marketplaceexporter.packtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.demo.DemoScenario;
import io.marketplaceexporter.packtests.Pack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pack end to end, on loopback: the exporter in demo mode (its sandbox marketplace in-process,
 * the demo's own incident script switched off), a real Prometheus from Debian's package scraping it
 * every second with the project's rules, and an incident played through the sandbox: a zero price
 * and a burst of order failures right after a deploy, on TikTok Shop shop 7495623318. Every query
 * of every dashboard panel is then evaluated against that Prometheus.
 */
class AlertPipelineTest {
  static final String MARKETPLACE = "tiktok";
  static final String SITE = "US";
  static final String SHOP = "7495623318";

  /** What Grafana would put into the dashboards' variables when opened on the incident's shop. */
  static final Map<String, String> VARIABLES =
      Map.of(
          "marketplace",
          MARKETPLACE,
          "site",
          SITE,
          "shop",
          SHOP,
          // 30 scrapes at the test's 1 s interval; Grafana uses max(4 × scrape, step + scrape).
          "__rate_interval",
          "30s",
          // The annotation window: the test's deploy is minutes old at most.
          "__interval",
          "5m",
          "__interval_ms",
          "300000",
          "__range",
          "5m");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void everyDashboardQueryParsesAndReturnsDataDuringAnIncident() throws Exception {
    try (Exporter exporter = startExporter();
        LocalServer prometheus = startPrometheus(exporter.port())) {
      String api = "http://127.0.0.1:" + exporter.port();
      // The failure counter of the shop exists before the burst, so that rate() sees the burst.
      post(
          api + "/api/v1/events",
          "{\"type\":\"order\",\"marketplace\":\"tiktok\",\"site\":\"US\",\"shop\":\""
              + SHOP
              + "\",\"outcome\":\"failure\",\"reason\":\"payment\"}",
          202);
      trigger(api, "zero_price");
      trigger(api, "deploy_regression");

      assertEveryDashboardQueryReturnsData(prometheus, Duration.ofSeconds(60));
    }
  }

  /**
   * Evaluates every panel and annotation query (variables substituted, {@link #VARIABLES}) until
   * each returns data or the deadline passes. A query Prometheus rejects fails at once; a week-ago
   * overlay must parse but cannot have data in a Prometheus minutes old.
   */
  static void assertEveryDashboardQueryReturnsData(LocalServer prometheus, Duration within)
      throws IOException {
    List<Dashboards.Query> queries = Dashboards.queries();
    assertThat(queries).hasSizeGreaterThan(30);
    Map<Dashboards.Query, String> pending = new LinkedHashMap<>();
    queries.forEach(q -> pending.put(q, "not evaluated"));
    List<String> rejected = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      for (Dashboards.Query q : List.copyOf(pending.keySet())) {
        String promql = Dashboards.substitute(q.expr(), VARIABLES);
        HttpResponse<String> r = prometheus.tryQuery(promql);
        if (r.statusCode() != 200) {
          rejected.add(q + "\n    → " + r.body());
          pending.remove(q);
          continue;
        }
        JsonNode result = Dashboards.JSON.readTree(r.body()).path("data").path("result");
        if (!result.isEmpty() || q.needsHistory()) {
          pending.remove(q);
        } else {
          pending.put(q, promql);
        }
      }
      assertThat(rejected).as("dashboard queries Prometheus rejects").isEmpty();
      if (!pending.isEmpty()) {
        LocalServer.pause(Duration.ofMillis(500));
      }
    }
    assertThat(pending.values())
        .as("dashboard queries without data after %s (as evaluated)", within)
        .isEmpty();

    for (Dashboards.Query v : Dashboards.variableQueries()) {
      var m = Dashboards.LABEL_VALUES.matcher(v.expr());
      assertThat(m.matches()).as("%s is label_values(selector, label)", v).isTrue();
      String selector = Dashboards.substitute(m.group(1), VARIABLES);
      JsonNode values =
          prometheus.api(
              "/api/v1/label/"
                  + m.group(2)
                  + "/values?match[]="
                  + URLEncoder.encode(selector, StandardCharsets.UTF_8));
      assertThat(values.toString())
          .as("values of %s", v)
          .contains("\"" + VARIABLES.get(m.group(2)) + "\"");
    }
  }

  private Exporter startExporter() {
    var options = new Exporter.Options(true, Duration.ofMillis(200), DemoScenario.quiet());
    return Exporter.createForTest(
            ConfigLoader.parse("web:\n  listen_address: 127.0.0.1:0\n"),
            options,
            Map.of(),
            Clock.systemUTC(),
            dir.resolve("exporter-data"))
        .start();
  }

  /**
   * Prometheus with the shipped rules, scraping the exporter every second. {@code honor_labels:
   * true} as in docker-compose: the sync metrics keep their own {@code job} label (the sync job).
   */
  private LocalServer startPrometheus(int exporterPort) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - %s/*.yml
        scrape_configs:
          - job_name: marketplace-exporter
            honor_labels: true
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(Pack.rulesDir(), exporterPort));
    return LocalServer.start(
        "prometheus",
        dir,
        List.of(
            "--config.file=" + config,
            "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
            "--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn"));
  }

  /** Plays a demo incident on the shop; the exporter turns it into sandbox faults. */
  private static void trigger(String api, String incident) throws Exception {
    post(
        api + "/api/v1/demo/incidents",
        "{\"incident\":\"" + incident + "\",\"shop\":\"" + SHOP + "\",\"duration\":\"10m\"}",
        202);
  }

  static String post(String url, String json, int expectedStatus) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST %s %s: %s", url, json, r.body()).isEqualTo(expectedStatus);
    return r.body();
  }
}
