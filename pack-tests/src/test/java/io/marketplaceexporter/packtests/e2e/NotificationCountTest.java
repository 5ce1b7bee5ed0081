package io.marketplaceexporter.packtests.e2e;

import static io.marketplaceexporter.packtests.e2e.AlertStack.await;
import static io.marketplaceexporter.packtests.e2e.AlertStack.awaitRequest;
import static io.marketplaceexporter.packtests.e2e.AlertStack.drainUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.support.LoopbackAlertmanagerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What on-call receives, counted at a fake DingTalk robot (behind the exporter's relay) and a fake
 * Slack, from a real Alertmanager with the shipped configuration ({@link
 * io.marketplaceexporter.support.LoopbackAlertmanagerConfig}: loopback URLs, group_wait and
 * group_interval 1s). The alerts are posted to Alertmanager's API v2 with the labels the rules give
 * them, in the order the rules fire them (rules/tests/incidents_test.yml shows that
 * MarketplaceIncident fires after the shops' alerts).
 *
 * <p>"No further message" is an absence check with a bound: once Alertmanager holds the alerts in
 * their final state, every group flushes within {@code group_interval} (1s); the window waits three
 * of those plus {@link #RELAY_MARGIN} for the relay's delivery.
 */
class NotificationCountTest {
  private static final Duration RELAY_MARGIN = Duration.ofSeconds(3);
  private static final Duration QUIET_WINDOW = Duration.ofSeconds(3).plus(RELAY_MARGIN);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;
  private MockWebServer robot;
  private MockWebServer slack;
  private Exporter exporter;
  private LocalServer alertmanager;

  @BeforeEach
  void startReceivers() throws IOException {
    robot = AlertStack.startRobot();
    slack = new MockWebServer();
    slack.setDispatcher(AlertStack.slackWebhook());
    slack.start();
    exporter = AlertStack.startExporter(dir, robot, Launcher.plain());
  }

  @AfterEach
  void stop() throws IOException {
    if (alertmanager != null) {
      alertmanager.close();
    }
    exporter.close();
    robot.close();
    slack.close();
  }

  private void startAlertmanager(UnaryOperator<String> edit) throws IOException {
    alertmanager =
        AlertStack.startAlertmanager(
            dir.resolve("alertmanager"),
            exporter.port(),
            slack.url("/").toString(),
            List.of(),
            edit);
  }

  @Nested
  class FiftyShopIncident {

    @Test
    void givesAtMostTwoNotificationsPerChannelAndNamesTheShops() throws Exception {
      startAlertmanager(UnaryOperator.identity());
      // The first 30 shops fire in the same evaluation: one group, one notification.
      List<ObjectNode> first = new ArrayList<>();
      for (int i = 1; i <= 30; i++) {
        first.add(shopAlert("OrderFailureRatioHigh", "orders", "never", "shopee", "shop" + i, ""));
      }
      post(first);
      List<RecordedRequest> dingtalk = new ArrayList<>();
      List<RecordedRequest> slackSeen = new ArrayList<>();
      awaitRequest(robot, dingtalk, r -> r.getBody().utf8().contains("OrderFailureRatioHigh"));
      RecordedRequest shops =
          awaitRequest(slack, slackSeen, r -> r.getBody().utf8().contains("OrderFailureRatioHigh"));
      assertThat(shops.getBody().utf8()).contains("Shops (30):").contains("shop17 (SG)");

      // An evaluation later MarketplaceIncident fires; then the last 20 shops.
      post(List.of(incident("orders", "never", "shopee")));
      awaitRequest(robot, dingtalk, r -> r.getBody().utf8().contains("MarketplaceIncident"));
      awaitRequest(slack, slackSeen, r -> r.getBody().utf8().contains("MarketplaceIncident"));
      List<ObjectNode> late = new ArrayList<>();
      for (int i = 31; i <= 50; i++) {
        late.add(shopAlert("OrderFailureRatioHigh", "orders", "never", "shopee", "shop" + i, ""));
      }
      post(late);
      await(
          "all 50 shop alerts inhibited by MarketplaceIncident",
          Duration.ofSeconds(20),
          () -> inhibited("OrderFailureRatioHigh").size() == 50);

      long quietUntil = System.nanoTime() + QUIET_WINDOW.toNanos();
      dingtalk.addAll(drainUntil(robot, quietUntil));
      slackSeen.addAll(drainUntil(slack, System.nanoTime()));
      assertThat(dingtalk)
          .as("DingTalk messages: %s", bodies(dingtalk))
          .hasSizeLessThanOrEqualTo(2);
      assertThat(slackSeen).as("Slack messages: %s", bodies(slackSeen)).hasSize(2);
    }
  }

  @Nested
  class ShardedReplicas {

    @Test
    void exporterDownOfOneReplicaInhibitsOnlyTheShopsThatReplicaOwns() throws Exception {
      startAlertmanager(UnaryOperator.identity());
      ObjectNode down = alert("ExporterDown", "exporter", "never");
      labels(down).put("job", "marketplace-exporter").put("instance", "exporter-1:9877");
      post(
          List.of(
              down,
              shopAlert(
                  "SyncLagCritical", "sync", "mute", "amazon", "owned-by-1", "exporter-1:9877"),
              shopAlert(
                  "SyncLagCritical", "sync", "mute", "amazon", "owned-by-2", "exporter-2:9877")));

      await(
          "the shop of exporter-1 inhibited",
          Duration.ofSeconds(20),
          () -> inhibited("SyncLagCritical").equals(List.of("owned-by-1")));
      RecordedRequest loud =
          awaitRequest(slack, new ArrayList<>(), r -> r.getBody().utf8().contains("owned-by-2"));
      assertThat(loud.getBody().utf8()).doesNotContain("owned-by-1");
    }
  }

  @Nested
  class PlannedMaintenance {

    @Test
    void mutesTheAlertsLabelledMuteAndNeverTheOthers() throws Exception {
      // The maintenance window made permanent, so that the test runs inside it.
      startAlertmanager(
          config -> {
            String window = LoopbackAlertmanagerConfig.MAINTENANCE_WINDOW;
            assertThat(config).contains(window);
            return config.replace(
                window,
                """
                      - times:
                          - start_time: '00:00'
                            end_time: '24:00'
                """);
          });
      post(
          List.of(
              shopAlert("SyncLagCritical", "sync", "mute", "lazada", "in-maintenance", ""),
              shopAlert("ApiErrorRatioHigh", "api", "mute", "lazada", "in-maintenance", ""),
              shopAlert("OrdersStopped", "orders", "never", "lazada", "in-maintenance", ""),
              shopAlert(
                  "PriceZeroOrNegative", "catalog", "never", "lazada", "in-maintenance", "")));

      List<RecordedRequest> dingtalk = new ArrayList<>();
      awaitRequest(robot, dingtalk, r -> r.getBody().utf8().contains("OrdersStopped"));
      awaitRequest(robot, dingtalk, r -> r.getBody().utf8().contains("PriceZeroOrNegative"));
      dingtalk.addAll(drainUntil(robot, System.nanoTime() + QUIET_WINDOW.toNanos()));
      List<RecordedRequest> slackSeen = drainUntil(slack, System.nanoTime());

      for (List<RecordedRequest> channel : List.of(dingtalk, slackSeen)) {
        assertThat(bodies(channel))
            .as("messages in the maintenance window")
            .noneMatch(b -> b.contains("SyncLagCritical") || b.contains("ApiErrorRatioHigh"));
      }
      assertThat(bodies(slackSeen))
          .anyMatch(b -> b.contains("OrdersStopped"))
          .anyMatch(b -> b.contains("PriceZeroOrNegative"));
    }
  }

  // --- alerts as the rules label them ------------------------------------------------------

  private static ObjectNode alert(String name, String family, String maintenance) {
    ObjectNode a = Dashboards.JSON.createObjectNode();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", name);
    labels.put("severity", "critical");
    labels.put("family", family);
    labels.put("maintenance", maintenance);
    labels.forEach(a.putObject("labels")::put);
    a.putObject("annotations")
        .put("summary", name + " (NotificationCountTest)")
        .put("description", name + " posted by NotificationCountTest");
    Instant now = Instant.now();
    a.put("startsAt", now.toString());
    a.put("endsAt", now.plus(Duration.ofHours(1)).toString());
    return a;
  }

  private static ObjectNode labels(ObjectNode alert) {
    return (ObjectNode) alert.path("labels");
  }

  private static ObjectNode shopAlert(
      String name,
      String family,
      String maintenance,
      String marketplace,
      String shop,
      String instance) {
    ObjectNode a = alert(name, family, maintenance);
    labels(a).put("marketplace", marketplace).put("site", "SG").put("shop", shop);
    if (!instance.isEmpty()) {
      labels(a).put("instance", instance);
    }
    ((ObjectNode) a.path("annotations"))
        .put("description", name + " of " + marketplace + " SG shop " + shop);
    return a;
  }

  private static ObjectNode incident(String family, String maintenance, String marketplace) {
    ObjectNode a = alert("MarketplaceIncident", family, maintenance);
    labels(a).put("marketplace", marketplace);
    return a;
  }

  // --- Alertmanager API v2 -----------------------------------------------------------------

  private void post(List<ObjectNode> alerts) throws Exception {
    ArrayNode body = Dashboards.JSON.createArrayNode().addAll(alerts);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(alertmanager.url() + "/api/v2/alerts"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST /api/v2/alerts: %s", r.body()).isEqualTo(200);
  }

  /** Shops of the alerts of that name that Alertmanager holds as inhibited. */
  private List<String> inhibited(String name) {
    List<String> shops = new ArrayList<>();
    try {
      JsonNode alerts = Dashboards.JSON.readTree(alertmanager.get("/api/v2/alerts").body());
      for (JsonNode a : alerts) {
        if (a.path("labels").path("alertname").asText().equals(name)
            && !a.path("status").path("inhibitedBy").isEmpty()) {
          shops.add(a.path("labels").path("shop").asText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    shops.sort(null);
    return shops;
  }

  private static List<String> bodies(List<RecordedRequest> requests) {
    return requests.stream().map(r -> r.getBody().utf8()).toList();
  }
}
