package io.marketplaceexporter.plugin.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.alerting.AlertRelay;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.operations.ApprovalLink;
import io.marketplaceexporter.operations.ApprovalLinks;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.Notice;
import io.marketplaceexporter.plugin.Plugin;
import io.marketplaceexporter.storage.StorageMetrics;
import io.marketplaceexporter.support.TestClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay plug-in between the operations' contracts and the relay: the exporter's approval links
 * in alert messages, the delivery listener, the drill shop of {@code drills:}, and {@link
 * RelayPlugin#chatPoster()} for the exporter's notices.
 */
class RelayPluginTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final URI APPROVE =
      URI.create("https://exporter.example/approve?t=AbC%2B%2F%3D&sig=x/y+z==&a=b%26c");
  private static final Instant START = Instant.parse("2026-11-24T09:01:00Z");

  @TempDir Path dir;
  final MockWebServer robot = new MockWebServer();
  final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
  final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
  RelayPlugin plugin;

  /** Links for OrderFailureRateHigh in dingtalk/oncall only. */
  final ApprovalLinks links =
      (group, labels) ->
          group.equals(new ChatGroup("dingtalk", "oncall"))
                  && "OrderFailureRateHigh".equals(labels.get("alertname"))
              ? Optional.of(
                  new ApprovalLink(
                      "restore-price-file", "Approve rollback: restore-price-file", APPROVE))
              : Optional.empty();

  @BeforeEach
  void start() throws Exception {
    robot.start();
    for (int i = 0; i < 3; i++) {
      robot.enqueue(
          new MockResponse.Builder()
              .code(200)
              .setHeader("Content-Type", "application/json")
              .body("{\"errcode\":0,\"errmsg\":\"ok\"}")
              .build());
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    plugin =
        new RelayPlugin(
            new Plugin.Context(
                ConfigLoader.parse("relay:\n  dingtalk:\n    oncall:\n      url: ${URL}\n"),
                Map.of("URL", robot.url("/robot/send?access_token=t").toString()),
                new TestClock(START),
                registry,
                http,
                dir,
                new StorageMetrics(registry),
                links,
                (group, labels, at) -> delivered.add(group + " " + labels.get("shop") + " " + at)));
  }

  @AfterEach
  void stop() {
    plugin.close();
    robot.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private static byte[] firing(String alertname, String marketplace, String shop) {
    String payload =
        """
        {"version":"4","status":"firing","receiver":"dingtalk-oncall","groupKey":"{}:{}",
         "groupLabels":{"alertname":"%1$s"},"commonLabels":{"alertname":"%1$s","severity":"critical"},
         "commonAnnotations":{},"externalURL":"http://alertmanager.example:9093",
         "truncatedAlerts":0,
         "alerts":[{"status":"firing","labels":{"alertname":"%1$s","severity":"critical",
           "marketplace":"%2$s","shop":"%3$s"},"annotations":{"summary":"s"},
           "startsAt":"2026-11-24T09:00:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prometheus.example:9090/graph","fingerprint":"f1"}]}
        """
            .formatted(alertname, marketplace, shop);
    return payload.getBytes(StandardCharsets.UTF_8);
  }

  private JsonNode send(byte[] payload) throws Exception {
    AlertRelay relay = plugin.relay();
    relay.accept(relay.target("dingtalk", "oncall"), payload);
    relay.pumpAll();
    return received();
  }

  private JsonNode received() throws Exception {
    RecordedRequest r = robot.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("request to the robot").isNotNull();
    return JSON.readTree(r.getBody().utf8());
  }

  @Nested
  class Alerts {
    @Test
    void theMessageCarriesTheExportersApprovalLinkAndTheListenerHearsOfIt() throws Exception {
      JsonNode body = send(firing("OrderFailureRateHigh", "amazon", "shop-1"));
      assertThat(body.path("msgtype").asText()).isEqualTo("actionCard");
      assertThat(body.at("/actionCard/singleTitle").asText())
          .isEqualTo("Approve rollback: restore-price-file");
      assertThat(body.at("/actionCard/singleURL").asText()).isEqualTo(APPROVE.toString());
      assertThat(delivered).containsExactly("dingtalk/oncall shop-1 " + START);
    }

    @Test
    void anAlertOfTheDrillShopIsMarkedAsADrill() throws Exception {
      JsonNode body = send(firing("InventorySyncStale", "other", "drill-shop"));
      assertThat(body.at("/markdown/title").asText())
          .isEqualTo("🧪 [DRILL] 🔥 [FIRING:1] InventorySyncStale · critical");
    }
  }

  @Nested
  class ChatPoster {
    @Test
    void aNoticeToAConfiguredGroupIsPostedWithItsButton() throws Exception {
      Notice notice =
          new Notice(
              "Verified",
              "OrderFailureRateHigh recovered on shop-1.",
              Optional.of(new Notice.Button("Open dashboard", APPROVE)),
              false);
      assertThat(plugin.chatPoster().post(new ChatGroup("dingtalk", "oncall"), notice)).isTrue();
      plugin.relay().pumpAll();
      JsonNode body = received();
      assertThat(body.at("/actionCard/title").asText()).isEqualTo("📣 [NOTICE] Verified");
      assertThat(body.at("/actionCard/singleURL").asText()).isEqualTo(APPROVE.toString());
      assertThat(delivered).isEmpty();
    }

    @Test
    void aNoticeToAGroupTheRelayDoesNotKnowIsRefused() {
      Notice notice = Notice.of("Verified", "ok");
      assertThat(plugin.chatPoster().post(new ChatGroup("dingtalk", "elsewhere"), notice))
          .isFalse();
      assertThat(plugin.chatPoster().post(new ChatGroup("feishu", "oncall"), notice)).isFalse();
      Notice noUrl =
          new Notice("Verified", "ok", Optional.of(new Notice.Button("x", URI.create(""))), false);
      assertThat(plugin.chatPoster().post(new ChatGroup("dingtalk", "oncall"), noUrl)).isFalse();
      assertThat(plugin.relay().depth()).isZero();
    }
  }
}
