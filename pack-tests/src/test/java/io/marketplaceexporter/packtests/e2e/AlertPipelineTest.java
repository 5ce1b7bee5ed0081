package io.marketplaceexporter.packtests.e2e;

import static io.marketplaceexporter.packtests.e2e.AlertStack.assertSigned;
import static io.marketplaceexporter.packtests.e2e.AlertStack.await;
import static io.marketplaceexporter.packtests.e2e.AlertStack.awaitRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.demo.DemoScenario;
import io.marketplaceexporter.packtests.Pack;
import io.marketplaceexporter.packtests.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pack end to end, on loopback: the exporter in demo mode (its sandbox marketplace in-process,
 * the demo's own incident script switched off), a real Prometheus from Debian's package scraping it
 * every second with the project's rules, and a real Alertmanager with the project's configuration:
 * its DingTalk receiver posts to the exporter's relay, whose DingTalk robot is a MockWebServer with
 * a signing secret, and its Slack receivers post to a second MockWebServer.
 *
 * <p>An incident is played through the sandbox on TikTok Shop shop 7495623318: a zero price, then a
 * deploy followed by a burst of order failures, a switch to a new payment gateway whose payments do
 * not all reach their orders, and a new main-image template after which a third of the shop's
 * listings are taken down (issue 19). The alerts must fire in Prometheus with their runbook links,
 * reach DingTalk (signed) and Slack with the runbook link, and resolve once the fault is cleared;
 * every query of every dashboard panel must return data meanwhile.
 *
 * <p>Test-only rule timings: the shipped rules wait minutes ({@code for: 5m}) and compare with the
 * hour before a deploy (30 minutes back). The test renders the pack with Jsonnet from the shipped
 * sources and {@code rules/config.libsonnet}, overriding only {@code orders.failureFor}, {@code
 * changes.regressionFor} (5s), {@code changes.windowSeconds} (90s), {@code listings.afterChangeFor}
 * (5s), {@code listings.changeWindowSeconds} (60s), {@code catalog.zeroPriceFor} and {@code
 * keepFiringFor} (2s: two evaluations at the test's 1s interval, as 1m is two at the usual 1m),
 * {@code payments.unmatchedMaxAgeSeconds} (30s: the sandbox matches a healthy payment within about
 * 11s) and {@code payments.unmatchedFor} (2s), so that every expression is the shipped one and the
 * test takes about a minute.
 */
class AlertPipelineTest {
  static final String MARKETPLACE = "tiktok";
  static final String SITE = "US";
  static final String SHOP = "7495623318";
  private static final String RUNBOOK_BASE =
      "https://github.com/marketplace-exporter/marketplace-exporter/blob/main/runbooks/";

  /** What Grafana would put into the dashboards' variables when opened on the incident's shop. */
  static final Map<String, String> VARIABLES =
      Map.of(
          "marketplace", MARKETPLACE,
          "site", SITE,
          "shop", SHOP,
          // 30 scrapes at the test's 1 s interval; Grafana uses max(4 × scrape, step + scrape).
          "__rate_interval", "30s",
          // The annotation window: the test's deploy is a minute old at most.
          "__interval", "5m",
          "__interval_ms", "300000",
          "__range", "5m");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void anIncidentFiresAlertsThatReachDingTalkAndSlackWithRunbooksAndResolve() throws Exception {
    try (MockWebServer robot = AlertStack.startRobot();
        MockWebServer slack = new MockWebServer()) {
      slack.setDispatcher(AlertStack.slackWebhook());
      slack.start();
      Path rules = renderRulesWithTestTimings(dir);
      var demo = Launcher.demo(Duration.ofMillis(200), DemoScenario.quiet());
      try (Exporter exporter = AlertStack.startExporter(dir, robot, demo);
          LocalServer alertmanager =
              AlertStack.startAlertmanager(
                  dir.resolve("alertmanager"),
                  exporter.port(),
                  slack.url("/").toString(),
                  List.of());
          LocalServer prometheus =
              AlertStack.startPrometheus(
                  dir, rules, exporter.port(), List.of(alertmanager.port()))) {
        String api = "http://127.0.0.1:" + exporter.port();
        // The failure counter of the shop exists before the burst, so that rate() sees the burst.
        post(
            api + "/api/v1/events",
            "{\"type\":\"order\",\"marketplace\":\"tiktok\",\"site\":\"US\",\"shop\":\""
                + SHOP
                + "\",\"outcome\":\"failure\",\"reason\":\"payment\"}",
            202);
        // Issue 19, part 2: a batch with one bad payment event is a 4xx naming the bad field, and
        // the good events of the batch are applied all the same (docs/ingest-api.md, Answers).
        JsonNode batch =
            Dashboards.JSON.readTree(
                post(api + "/api/v1/events", paymentBatchWithABadGatewayAtIndex3(), 422));
        assertThat(batch.path("accepted").asInt()).isEqualTo(3);
        assertThat(batch.path("errors").toString())
            .contains("\"index\":3", "\"field\":\"gateway\"");
        trigger(api, "payment_gateway_switch");
        trigger(api, "zero_price");
        JsonNode zeroPrice = awaitFiring(prometheus, "PriceZeroOrNegative", Duration.ofSeconds(30));
        assertRunbook(zeroPrice, "PriceZeroOrNegative");
        await(
            "PriceZeroOrNegative in Alertmanager",
            Duration.ofSeconds(30),
            () -> body(alertmanager, "/api/v2/alerts").contains("\"PriceZeroOrNegative\""));

        // PostDeployRegression compares with the failure ratio before the deploy (here 30 s back).
        await(
            "a failure-ratio baseline 30 s old",
            Duration.ofSeconds(60),
            () ->
                !prometheus
                    .query(
                        "shop:marketplace_order_failure:ratio_rate1h{shop=\""
                            + SHOP
                            + "\"} offset 30s")
                    .path("result")
                    .isEmpty());
        trigger(api, "deploy_regression");
        // Watched together: PostDeployRegression fires only within its watch (90 s here, plus its
        // for). It missed in some CI runs whatever the wait, most likely because the sandbox
        // served the burst of failures up to a poll before its deploy and the rules took the
        // burst into the ratio before the change; the sandbox now holds a burst until its deploy
        // has been read (SandboxFaultsTest), and three runs in a row passed after that.
        Map<String, JsonNode> firing =
            awaitAllFiring(
                prometheus,
                List.of("OrderFailureRatioHigh", "PostDeployRegression"),
                Duration.ofSeconds(90));
        assertRunbook(firing.get("OrderFailureRatioHigh"), "OrderFailureRatioHigh");
        JsonNode regression = firing.get("PostDeployRegression");
        assertRunbook(regression, "PostDeployRegression");
        assertThat(regression.path("annotations").path("description").asText())
            .as("the description names the deploy")
            .contains("erp-order-sync");

        // The switch's lost payments pass 30 s unmatched (the first within 20 s of the switch).
        JsonNode payments = awaitFiring(prometheus, "PaymentsUnmatched", Duration.ofSeconds(120));
        assertRunbook(payments, "PaymentsUnmatched");
        assertThat(payments.path("labels").path("gateway").asText()).isEqualTo("gw-new");

        assertEveryDashboardQueryReturnsData(prometheus, Duration.ofSeconds(30));
        assertAListingTakedownAfterATemplateChangeFires(api, prometheus);

        List<RecordedRequest> dingtalk = new ArrayList<>();
        for (String alert :
            List.of(
                "PriceZeroOrNegative",
                "OrderFailureRatioHigh",
                "PaymentsUnmatched",
                "ListingsNotActiveJump")) {
          RecordedRequest m =
              awaitRequest(
                  robot, dingtalk, r -> r.getBody().utf8().contains("[FIRING:1] " + alert));
          assertSigned(m);
          assertThat(Dashboards.JSON.readTree(m.getBody().utf8()).at("/markdown/text").asText())
              .as("DingTalk message of %s", alert)
              .contains("**Runbook:** [" + RUNBOOK_BASE + alert + ".md]");
        }
        RecordedRequest slackMessage =
            awaitRequest(
                slack, new ArrayList<>(), r -> r.getBody().utf8().contains("PriceZeroOrNegative"));
        assertThat(slackMessage.getBody().utf8()).contains(RUNBOOK_BASE + "PriceZeroOrNegative.md");

        HttpResponse<String> cleared =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(api + "/api/v1/demo/incidents/zero_price"))
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cleared.statusCode()).isEqualTo(204);
        await(
            "PriceZeroOrNegative no longer active in Prometheus",
            Duration.ofSeconds(30),
            () -> alerts(prometheus, "PriceZeroOrNegative").isEmpty());
        RecordedRequest resolved =
            awaitRequest(
                robot,
                dingtalk,
                r -> r.getBody().utf8().contains("[RESOLVED:1] PriceZeroOrNegative"));
        assertSigned(resolved);
      }
    }
  }

  /**
   * Issue 19: the listing tool applies a new main-image template and the marketplace takes a third
   * of the shop's listings down; the alert fires as after a change, naming it.
   */
  private static void assertAListingTakedownAfterATemplateChangeFires(
      String api, LocalServer prometheus) throws Exception {
    await(
        "the shop's share of listings not active before any change",
        Duration.ofSeconds(60),
        () ->
            !prometheus
                .query(
                    "last_over_time(shop:marketplace_listings_not_active:ratio_before_change{shop=\""
                        + SHOP
                        + "\"}[1h])")
                .path("result")
                .isEmpty());
    trigger(api, "listing_takedown");
    JsonNode takedown = awaitFiring(prometheus, "ListingsNotActiveJump", Duration.ofSeconds(60));
    assertRunbook(takedown, "ListingsNotActiveJump");
    assertThat(takedown.path("labels").path("trigger").asText()).isEqualTo("after_change");
    assertThat(takedown.path("annotations").path("description").asText())
        .as("the description names the template change and the suppressed listings")
        .contains("listing-tool main-image-template-v1 (listing)", "suppressed");
  }

  // --- the incident's observations --------------------------------------------------------

  /** The active alerts of that name in Prometheus ({@code /api/v1/alerts}). */
  static List<JsonNode> alerts(LocalServer prometheus, String name) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode a : prometheus.api("/api/v1/alerts").path("alerts")) {
      if (a.path("labels").path("alertname").asText().equals(name)
          && a.path("labels").path("shop").asText().equals(SHOP)) {
        out.add(a);
      }
    }
    return out;
  }

  private static String body(LocalServer server, String path) {
    try {
      return server.get(path).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode awaitFiring(LocalServer prometheus, String name, Duration within) {
    return awaitAllFiring(prometheus, List.of(name), within).get(name);
  }

  /** Each alert as first seen firing for the shop; all must have fired within the deadline. */
  private static Map<String, JsonNode> awaitAllFiring(
      LocalServer prometheus, List<String> names, Duration within) {
    Map<String, JsonNode> seen = new LinkedHashMap<>();
    try {
      await(
          names + " firing for shop " + SHOP,
          within,
          () -> {
            for (String name : names) {
              for (JsonNode a : alerts(prometheus, name)) {
                if (a.path("state").asText().equals("firing")) {
                  seen.putIfAbsent(name, a);
                }
              }
            }
            return seen.size() == names.size();
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " (fired: " + seen.keySet() + ")", e);
    }
    return seen;
  }

  private static void assertRunbook(JsonNode alert, String name) {
    String url = alert.path("annotations").path("runbook_url").asText();
    assertThat(url).isEqualTo(RUNBOOK_BASE + name + ".md");
    assertThat(Pack.runbooksDir().resolve(url.substring(RUNBOOK_BASE.length())))
        .as("the runbook the alert links to")
        .isRegularFile();
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
        if (!result.isEmpty() || q.mayBeEmpty()) {
          pending.remove(q);
        } else {
          pending.put(q, q.where() + ": " + promql);
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

  // --- the stack ---------------------------------------------------------------------------

  /**
   * The shipped rule pack rendered with test timings: the pack's own Jsonnet sources next to a
   * {@code config.libsonnet} that imports the shipped one and overrides its waits.
   */
  static Path renderRulesWithTestTimings(Path dir) throws IOException {
    return renderRulesWithTestTimings(dir, "");
  }

  /** As above, with {@code overrides} (Jsonnet fields like {@code runbookBase: '...',}) added. */
  static Path renderRulesWithTestTimings(Path dir, String overrides) throws IOException {
    Path src = Files.createDirectories(dir.resolve("rules-src"));
    Path out = Files.createDirectories(dir.resolve("rules"));
    try (var sources = Files.list(Pack.rulesDir())) {
      for (Path f : sources.toList()) {
        String name = f.getFileName().toString();
        if (name.matches(".*\\.(jsonnet|libsonnet)") && !name.equals("config.libsonnet")) {
          Files.copy(f, src.resolve(name));
        }
      }
    }
    Files.writeString(
        src.resolve("config.libsonnet"),
        """
        // AlertPipelineTest only: the shipped configuration with short waits.
        (import '%s') + {
          keepFiringFor: '2s',
          orders+: { failureFor: '5s' },
          catalog+: { zeroPriceFor: '2s' },
          changes+: { windowSeconds: 90, regressionFor: '5s' },
          payments+: { unmatchedMaxAgeSeconds: 30, unmatchedFor: '2s' },
          listings+: { changeWindowSeconds: 60, afterChangeFor: '5s' },
          %s
        }
        """
            .formatted(Pack.rulesDir().resolve("config.libsonnet"), overrides));
    Tools.Result r =
        Tools.run(
            dir, Tools.JSONNET, "-S", "-m", out.toString(), src.resolve("pack.jsonnet").toString());
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return out;
  }

  /** Three good events (a payment captured and matched, an order) and a bad gateway at index 3. */
  static String paymentBatchWithABadGatewayAtIndex3() {
    String payment =
        "{\"type\":\"payment\",\"marketplace\":\"tiktok\",\"site\":\"US\",\"shop\":\"e2e-shop\","
            + "\"gateway\":%s,\"payment_id\":\"%s\",\"status\":\"%s\"%s}";
    return "["
        + payment.formatted("\"gw-e2e\"", "P1", "captured", ",\"captured_at\":1795507000")
        + ","
        + payment.formatted("\"gw-e2e\"", "P1", "matched", ",\"order_id\":\"O1\"")
        + ",{\"type\":\"order\",\"marketplace\":\"tiktok\",\"site\":\"US\",\"shop\":\"e2e-shop\","
        + "\"outcome\":\"success\"},"
        + payment.formatted("\"\"", "P2", "captured", ",\"captured_at\":1795507000")
        + "]";
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
