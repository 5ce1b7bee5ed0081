package io.marketplaceexporter.packtests.e2e;

import static io.marketplaceexporter.packtests.e2e.AlertStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill end to end, on loopback: the exporter with its relay, a real Prometheus evaluating the
 * shipped rules (test timings, {@link AlertPipelineTest#renderRulesWithTestTimings}, runbook links
 * pointing at a loopback runbook host) and a real Alertmanager with the shipped configuration,
 * whose DingTalk receiver posts to the exporter's relay. {@code POST /api/v1/drills} plays {@code
 * zero_price} on the drill shop; the report must show the time Prometheus took to fire the alert,
 * the robot's delivery and the runbook's answer, and the drill shop must be gone afterwards.
 *
 * <p>The delivery stage is the relay's own: once the robot answered the drill's alert message, the
 * relay tells the exporter's drills ({@code DeliveryListener}). The report is posted back to the
 * robot, marked as a drill.
 */
class DrillPipelineTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void aDrillReportsTheTimeToFiringTheDeliveryAndTheRunbook() throws Exception {
    AtomicReference<String> prometheusUrl = new AtomicReference<>();
    try (MockWebServer robot = new MockWebServer();
        MockWebServer runbooks = new MockWebServer();
        MockWebServer slack = new MockWebServer();
        MockWebServer prometheusProxy = new MockWebServer()) {
      slack.setDispatcher(AlertStack.slackWebhook());
      slack.start();
      robot.setDispatcher(AlertStack.answer("{\"errcode\":0,\"errmsg\":\"ok\"}"));
      robot.start();
      runbooks.setDispatcher(AlertStack.answer("{}"));
      runbooks.start();
      prometheusProxy.setDispatcher(forwardTo(prometheusUrl));
      prometheusProxy.start();
      Path rules =
          AlertPipelineTest.renderRulesWithTestTimings(
              dir, "runbookBase: '" + runbooks.url("/runbooks/") + "',");
      String drills =
          """
          prometheus:
            url: %s
          drills:
            channel: dingtalk
            target: oncall
            firing_deadline: 2m
            delivery_deadline: 2m
            tick: 1s
            runbook_timeout: 2s
          """
              .formatted(prometheusProxy.url("/"));
      try (Exporter exporter = AlertStack.startExporter(dir, robot, Launcher.plain(), drills);
          AlertStack.Alerting alerting =
              AlertStack.startAlerting(dir, rules, exporter.port(), slack.url("/").toString())) {
        prometheusUrl.set(alerting.prometheus().url());
        String api = "http://127.0.0.1:" + exporter.port();

        String started =
            AlertPipelineTest.post(api + "/api/v1/drills", "{\"incident\":\"zero_price\"}", 202);
        String id = Dashboards.JSON.readTree(started).path("id").asText();
        AtomicReference<JsonNode> report = new AtomicReference<>();
        await(
            "the drill's report",
            Duration.ofMinutes(5),
            () -> {
              report.set(get(api + "/api/v1/drills/" + id));
              return report.get().path("state").asText().equals("finished");
            });

        JsonNode r = report.get();
        assertThat(stage(r, "played").path("status").asText()).isEqualTo("ok");
        JsonNode firing = stage(r, "firing");
        assertThat(firing.path("status").asText()).as(r.toString()).isEqualTo("ok");
        assertThat(firing.path("seconds").asDouble()).isGreaterThan(0).isLessThan(120);
        JsonNode delivered = stage(r, "delivered");
        assertThat(delivered.path("status").asText()).as(r.toString()).isEqualTo("ok");
        assertThat(delivered.path("seconds").asDouble())
            .isGreaterThanOrEqualTo(firing.path("seconds").asDouble() - 1);
        assertThat(stage(r, "runbook").path("http_status").asInt()).isEqualTo(200);
        assertThat(r.path("result").asText()).isEqualTo("passed");
        RecordedRequest probe = runbooks.takeRequest();
        assertThat(probe.getMethod()).isEqualTo("HEAD");
        assertThat(probe.getUrl().encodedPath()).isEqualTo("/runbooks/PriceZeroOrNegative.md");

        String metrics = body(api + "/metrics");
        assertThat(metrics)
            .doesNotContain("shop=\"drill-shop\"")
            .contains(
                "marketplace_exporter_drills_total{incident=\"zero_price\",result=\"passed\"} 1",
                "marketplace_exporter_drill_detection_seconds_count{incident=\"zero_price\","
                    + "stage=\"firing\"} 1");
        RecordedRequest posted =
            AlertStack.awaitRequest(
                robot,
                new java.util.ArrayList<>(),
                m ->
                    m.getBody().utf8().contains("[DRILL]")
                        && m.getBody().utf8().contains("NOTICE"));
        assertThat(posted.getBody().utf8()).contains("zero_price");
      }
    }
  }

  private static JsonNode stage(JsonNode report, String name) {
    for (JsonNode s : report.path("stages")) {
      if (s.path("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no stage " + name + " in " + report);
  }

  /**
   * Forwards GET requests to the real Prometheus once it runs (its port is known only after the
   * exporter, which it scrapes, has started); 503 before.
   */
  private static Dispatcher forwardTo(AtomicReference<String> target) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        String base = target.get();
        if (base == null) {
          return new MockResponse.Builder().code(503).body("not yet").build();
        }
        try {
          HttpResponse<String> r =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create(base + request.getTarget()))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          return new MockResponse.Builder()
              .code(r.statusCode())
              .setHeader("Content-Type", "application/json")
              .body(r.body())
              .build();
        } catch (java.io.IOException e) {
          return new MockResponse.Builder().code(502).body(e.toString()).build();
        }
      }
    };
  }

  private static JsonNode get(String url) {
    try {
      return Dashboards.JSON.readTree(body(url));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String body(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
