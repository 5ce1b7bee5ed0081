package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.plugin.relay.RelayPlugin;
import io.marketplaceexporter.support.LoopbackAlertmanagerConfig;
import io.marketplaceexporter.support.ProjectFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Alertmanager ({@code /usr/bin/prometheus-alertmanager}) with a webhook receiver pointing
 * at the relay: an alert posted to Alertmanager's API reaches a DingTalk robot (a MockWebServer) as
 * a signed markdown message, and its resolution follows; the same alert reaches Slack too. The
 * Alertmanager configuration is the project's own, {@code alertmanager/alertmanager.yml}.
 */
class AlertmanagerRelayTest {
  private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  private static final String SECRET = "SECam-relay-test";
  private static final MediaType JSON = MediaType.get("application/json");

  @TempDir Path dir;

  private final OkHttpClient client =
      new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();

  @Test
  void anAlertPostedToAlertmanagerReachesTheDingTalkRobotSignedAndResolved() throws Exception {
    assertThat(Files.isExecutable(ALERTMANAGER))
        .withFailMessage(
            "%s is missing: install Debian's prometheus-alertmanager"
                + " (apt-get install prometheus-alertmanager) to run this test",
            ALERTMANAGER)
        .isTrue();
    try (MockWebServer robot = new MockWebServer();
        MockWebServer sink = new MockWebServer()) {
      robot.setDispatcher(RelayFixture.alwaysOk());
      robot.start();
      sink.setDispatcher(RelayFixture.alwaysOk());
      sink.start();
      Exporter exporter = startExporter(robot);
      Process alertmanager = null;
      try {
        int port = freePort();
        String amUrl = "http://127.0.0.1:" + port;
        alertmanager = startAlertmanager(exporter.port(), port, sink.url("/").toString());
        awaitReady(amUrl, alertmanager);

        Instant startsAt = Instant.now().minusSeconds(30);
        postAlert(amUrl, startsAt, null);
        RecordedRequest firing = robot.takeRequest(30, TimeUnit.SECONDS);
        assertThat(firing).as("a message reached the robot within 30 s").isNotNull();
        assertSigned(firing);
        JsonNode body = RelayFixture.json(firing);
        assertThat(body.at("/msgtype").asText()).isEqualTo("markdown");
        assertThat(body.at("/markdown/title").asText())
            .isEqualTo("🔥 [FIRING:1] OrderFailureRateHigh · critical");
        String silence =
            amUrl
                + "/#/silences/new?filter="
                + URLEncoder.encode(
                    // The shipped grouping: alertname and marketplace (one incident, one message).
                    "{alertname=\"OrderFailureRateHigh\",marketplace=\"amazon\"}",
                    StandardCharsets.UTF_8);
        assertThat(body.at("/markdown/text").asText())
            .startsWith(
                "### 🔥 [FIRING:1] OrderFailureRateHigh · critical\n\n"
                    + "📖 **Runbook:** [https://runbooks.example.com/order-failures]"
                    + "(https://runbooks.example.com/order-failures)  \n")
            .contains("🔕 **Silence:** [silence this group](" + silence + ")")
            .contains("**[critical] OrderFailureRateHigh** · amazon / US / shop-1")
            .contains("Summary: 订单失败率超过 5%")
            .endsWith("@13800000000");
        assertThat(body.at("/at/atMobiles/0").asText()).isEqualTo("13800000000");
        RecordedRequest slack = sink.takeRequest(30, TimeUnit.SECONDS);
        assertThat(slack).as("critical alerts also reach Slack within 30 s").isNotNull();
        assertThat(slack.getUrl().encodedPath()).isEqualTo("/slack");
        assertThat(slack.getBody().utf8())
            .contains("OrderFailureRateHigh", "https://runbooks.example.com/order-failures");

        postAlert(amUrl, startsAt, Instant.now().minusSeconds(1));
        RecordedRequest resolved = robot.takeRequest(30, TimeUnit.SECONDS);
        assertThat(resolved).as("the resolution reached the robot within 30 s").isNotNull();
        assertSigned(resolved);
        assertThat(RelayFixture.json(resolved).at("/markdown/title").asText())
            .isEqualTo("✅ [RESOLVED:1] OrderFailureRateHigh · critical");
        assertThat(RelayFixture.json(resolved).has("at")).isFalse();
      } finally {
        if (alertmanager != null) {
          alertmanager.destroy();
          if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
            alertmanager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
        }
        exporter.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    }
  }

  private Exporter startExporter(MockWebServer robot) {
    String yaml =
        """
        web:
          listen_address: 127.0.0.1:0
        auth:
          allow_unauthenticated: true    # loopback only; the shipped Alertmanager config sends none
        relay:
          dingtalk:
            oncall:
              url: ${DT_URL}
              secret: ${DT_SECRET}
              mention:
                mobiles: ["13800000000"]
        """;
    Map<String, String> env =
        Map.of(
            "DT_URL",
            robot.url("/robot/send?access_token=am-test").toString(),
            "DT_SECRET",
            SECRET);
    return Exporter.createForTest(
            ConfigLoader.parse(yaml),
            Exporter.Options.plain().with(RelayPlugin::new),
            env,
            Clock.systemUTC(),
            dir.resolve("exporter-data"))
        .start();
  }

  /** Alertmanager with the shipped configuration, rewritten for loopback. */
  private Process startAlertmanager(int exporterPort, int port, String sinkUrl) throws IOException {
    Path configFile =
        LoopbackAlertmanagerConfig.write(ProjectFiles.root(), dir, exporterPort, sinkUrl);
    Path storage = Files.createDirectories(dir.resolve("alertmanager-data"));
    return new ProcessBuilder(
            ALERTMANAGER.toString(),
            "--config.file=" + configFile,
            "--storage.path=" + storage,
            "--web.listen-address=127.0.0.1:" + port,
            "--web.external-url=http://127.0.0.1:" + port,
            "--cluster.listen-address=",
            "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("alertmanager.log").toFile())
        .start();
  }

  private void awaitReady(String amUrl, Process alertmanager) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      assertThat(alertmanager.isAlive())
          .withFailMessage(() -> "alertmanager exited:\n" + log())
          .isTrue();
      try (Response r =
          client.newCall(new Request.Builder().url(amUrl + "/-/ready").build()).execute()) {
        if (r.code() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("alertmanager not ready within 20 s:\n" + log());
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("alertmanager.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void postAlert(String amUrl, Instant startsAt, Instant endsAt) throws IOException {
    ArrayNode alerts = Payloads.JSON.createArrayNode();
    ObjectNode a = alerts.addObject();
    ObjectNode labels = a.putObject("labels");
    labels.put("alertname", "OrderFailureRateHigh");
    labels.put("severity", "critical");
    labels.put("marketplace", "amazon");
    labels.put("site", "US");
    labels.put("shop", "shop-1");
    ObjectNode annotations = a.putObject("annotations");
    annotations.put("summary", "订单失败率超过 5%");
    annotations.put("runbook_url", "https://runbooks.example.com/order-failures");
    a.put("startsAt", startsAt.toString());
    if (endsAt != null) {
      a.put("endsAt", endsAt.toString());
    }
    try (Response r =
        client
            .newCall(
                new Request.Builder()
                    .url(amUrl + "/api/v2/alerts")
                    .post(RequestBody.create(Payloads.JSON.writeValueAsBytes(alerts), JSON))
                    .build())
            .execute()) {
      assertThat(r.code()).as("Alertmanager accepted the alert").isEqualTo(200);
    }
  }

  private static void assertSigned(RecordedRequest r) throws Exception {
    assertThat(r.getUrl().queryParameter("access_token")).isEqualTo("am-test");
    String ts = r.getUrl().queryParameter("timestamp");
    assertThat(r.getUrl().queryParameter("sign"))
        .isEqualTo(HmacSha256.base64(SECRET, ts + "\n" + SECRET));
    assertThat(Math.abs(Long.parseLong(ts) - System.currentTimeMillis())).isLessThan(60_000);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
