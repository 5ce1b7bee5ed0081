package io.marketplaceexporter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.support.MetricContract;
import io.marketplaceexporter.support.RunningExporter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Demo mode as a user starts it: a running server whose scheduler feeds the metrics. */
class DemoModeHttpTest {
  private final RunningExporter server =
      RunningExporter.start("", Map.of(), Launcher.demo(Duration.ofMillis(100)));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyContractMetricHasValuesSoonAfterStart() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Set<String> missing =
        MetricContract.withoutData(server.metrics(), MetricContract.RELAY, MetricContract.ALERTING);
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      missing =
          MetricContract.withoutData(
              server.metrics(), MetricContract.RELAY, MetricContract.ALERTING);
    }
    assertThat(missing).as("contract metrics without data").isEmpty();
  }

  @Test
  void incidentsCanBeListedTriggeredAndCleared() {
    var started =
        server.post(
            "/api/v1/demo/incidents",
            "{\"incident\":\"throttling\",\"shop\":\"acme-outlet\",\"duration\":\"2m\"}");
    assertThat(started.status()).isEqualTo(202);
    assertThat(started.body()).contains("\"incident\":\"throttling\"", "\"shop\":\"acme-outlet\"");
    assertThat(server.get("/api/v1/demo/incidents").body()).contains("acme-outlet");

    var bad =
        server.post("/api/v1/demo/incidents", "{\"incident\":\"fire\",\"shop\":\"acme-outlet\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("incident: must be one of");
    var badShop =
        server.post("/api/v1/demo/incidents", "{\"incident\":\"throttling\",\"shop\":\"x\"}");
    assertThat(badShop.status()).isEqualTo(400);
    var badDuration =
        server.post(
            "/api/v1/demo/incidents",
            "{\"incident\":\"throttling\",\"shop\":\"acme-outlet\",\"duration\":\"forever\"}");
    assertThat(badDuration.status()).isEqualTo(400);
    assertThat(badDuration.body()).contains("duration:");

    var clear =
        server.call(
            new okhttp3.Request.Builder()
                .url(server.url("/api/v1/demo/incidents/throttling"))
                .delete()
                .build());
    assertThat(clear.status()).isEqualTo(204);
  }

  @Test
  void aRollbackOfAShopEndsWhatPlaysAgainstItAndNamesTheShopWhenItIsWrong() {
    server.post(
        "/api/v1/demo/incidents",
        "{\"incident\":\"throttling\",\"shop\":\"acme-outlet\",\"duration\":\"2m\"}");

    var rolledBack = server.post("/api/v1/demo/rollbacks", "{\"shop\":\"acme-outlet\"}");

    assertThat(rolledBack.status()).isEqualTo(200);
    assertThat(rolledBack.body()).contains("\"ended\":[\"throttling\"");
    assertThat(server.get("/api/v1/demo/incidents").body())
        .doesNotContain("\"incident\":\"throttling\",\"shop\":\"acme-outlet\"");
    var bad = server.post("/api/v1/demo/rollbacks", "{\"shop\":7}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("shop: is required and must be a string");
  }
}
