package io.marketplaceexporter.operations.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.RollbackStarted;
import io.marketplaceexporter.plugin.Plugin;
import io.marketplaceexporter.support.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watches as the exporter wires them: a deploy change pushed through the ingest path starts a
 * deploy watch, a rollback reported to {@code watches().rollbackListener()} a verification, and
 * both post through the plug-ins' chat poster.
 */
class ExporterWatchesTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakePrometheus prometheus = FakePrometheus.on(server);
  final RecordingPoster poster = new RecordingPoster();
  final TestClock clock = TestClock.at("2026-11-30T03:00:00Z");
  Exporter exporter;

  Exporter start() {
    ExporterConfig config =
        ConfigLoader.parse(
            """
            web: {listen_address: "127.0.0.1:0"}
            auth: {allow_unauthenticated: true}
            prometheus: {url: "%s", interval: 1s}
            deploy_watch: {duration: 10m, channel: dingtalk, target: oncall}
            """
                .formatted(server.url("/")));
    Plugin.Factory chat =
        context ->
            new Plugin() {
              @Override
              public ChatPoster chatPoster() {
                return poster;
              }
            };
    exporter =
        Exporter.createForTest(config, new Exporter.Options(List.of(chat)), Map.of(), clock)
            .start();
    return exporter;
  }

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  static void await(String what, BooleanSupplier ok) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within 30 s");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aPushedDeployIsWatchedAndItsVerdictPosted() throws Exception {
    prometheus.answer = q -> FakePrometheus.vector(0.001);
    start();

    exporter
        .ingest()
        .ingest(
            new ObjectMapper()
                .readTree(
                    "{\"type\":\"change\",\"service\":\"order-service\",\"kind\":\"deploy\","
                        + "\"version\":\"2.0.1\",\"at\":"
                        + (long) clock.epochSeconds()
                        + "}"));
    await("query about the deploy", () -> !prometheus.queries.isEmpty());
    clock.advance(Duration.ofMinutes(11));

    await("verdict", () -> !poster.posted.isEmpty());
    assertThat(poster.titles()).containsExactly("Deploy watch: no regression after order-service");
    assertThat(poster.posted.get(0).group()).isEqualTo(new ChatGroup("dingtalk", "oncall"));
  }

  @Test
  void aReportedRollbackIsVerifiedWithItsBundledRunbookCheck() throws Exception {
    prometheus.answer = q -> FakePrometheus.vector(0);
    start();
    ChatGroup group = new ChatGroup("feishu", "ops");

    exporter
        .watches()
        .rollbackListener()
        .rollbackStarted(
            new RollbackStarted(
                "restart-sync-job",
                Map.of("alertname", "InventoryNegative", "shop", "s1"),
                group,
                "alice",
                clock.instant()));
    await("first evaluation", () -> !prometheus.queries.isEmpty());
    clock.advance(Duration.ofMinutes(11));

    await("verdict", () -> !poster.posted.isEmpty());
    assertThat(poster.titles()).containsExactly("Verified: InventoryNegative");
    assertThat(poster.posted.get(0).group()).isEqualTo(group);
    assertThat(prometheus.queries.get(0))
        .startsWith(
            "marketplace_inventory_negative_skus{marketplace=\"\", site=\"\", shop=\"s1\"}");
  }
}
