package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.plugin.relay.RelayPlugin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /alertmanager/{channel}/{target}} on the real exporter HTTP server. */
class RelayEndpointTest {
  private static final String TOKEN = "tok-7f3a9b";
  private static final String SECRET = "SECfe12ab34cd";
  private static final MediaType JSON = MediaType.get("application/json");

  @TempDir Path dir;
  MockWebServer robot;
  Exporter exporter;
  final OkHttpClient client =
      new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();

  @BeforeEach
  void startRobot() throws IOException {
    robot = new MockWebServer();
    robot.start();
  }

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
    robot.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private void start(String extraYaml) {
    start(extraYaml, "");
  }

  private void start(String extraYaml, String relayYaml) {
    String yaml =
        "web:\n  listen_address: 127.0.0.1:0\n  max_request_bytes: 65536\n"
            + (extraYaml.contains("auth:") ? extraYaml : "auth: {allow_unauthenticated: true}\n")
            + "relay:\n"
            + relayYaml
            + "  dingtalk:\n    oncall:\n      url: ${DT_URL}\n      secret: ${DT_SECRET}\n";
    ExporterConfig config = ConfigLoader.parse(yaml);
    Map<String, String> env =
        Map.of(
            "DT_URL",
            robot.url("/robot/send?access_token=" + TOKEN).toString(),
            "DT_SECRET",
            SECRET,
            "INGEST_TOKEN",
            "bearer-abc");
    exporter =
        Exporter.createForTest(
                config,
                Exporter.Options.plain().with(RelayPlugin::new),
                env,
                java.time.Clock.systemUTC(),
                dir)
            .start();
  }

  private Response post(String path, byte[] body, String bearer) throws IOException {
    Request.Builder b =
        new Request.Builder()
            .url("http://127.0.0.1:" + exporter.port() + path)
            .post(RequestBody.create(body, JSON));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return client.newCall(b.build()).execute();
  }

  private Response get(String path) throws IOException {
    return client
        .newCall(new Request.Builder().url("http://127.0.0.1:" + exporter.port() + path).build())
        .execute();
  }

  private static JsonNode json(Response r) throws IOException {
    return Payloads.JSON.readTree(r.body().string());
  }

  @Nested
  class Accepting {
    @Test
    void answersAcceptedAtOnceAndDeliversInTheBackground() throws Exception {
      start("");
      robot.enqueue(RelayFixture.dingtalkOk());
      try (Response r =
          post(
              "/alertmanager/dingtalk/oncall",
              Payloads.bytes(Payloads.firing("OrderFailureRateHigh", "critical", "shop-1")),
              null)) {
        assertThat(r.code()).isEqualTo(202);
        JsonNode body = json(r);
        assertThat(body.get("status").asText()).isEqualTo("queued");
        assertThat(body.get("channel").asText()).isEqualTo("dingtalk");
        assertThat(body.get("target").asText()).isEqualTo("oncall");
        assertThat(body.get("alerts").asInt()).isEqualTo(1);
      }
      RecordedRequest delivered = robot.takeRequest(10, TimeUnit.SECONDS);
      assertThat(delivered).isNotNull();
      assertThat(RelayFixture.json(delivered).at("/markdown/title").asText())
          .isEqualTo("🔥 [FIRING:1] OrderFailureRateHigh · critical");
    }

    @Test
    void acceptsTruncatedAlertsAndSaysSoInTheMessage() throws Exception {
      start("");
      robot.enqueue(RelayFixture.dingtalkOk());
      ObjectNode payload = Payloads.firing("A", "warning", "s");
      payload.put("truncatedAlerts", 7);
      try (Response r = post("/alertmanager/dingtalk/oncall", Payloads.bytes(payload), null)) {
        assertThat(r.code()).isEqualTo(202);
      }
      RecordedRequest delivered = robot.takeRequest(10, TimeUnit.SECONDS);
      assertThat(RelayFixture.json(delivered).at("/markdown/text").asText())
          .contains("(Alertmanager left out 7 more alerts of this group)");
    }
  }

  @Nested
  class Rejecting {
    private void expect(String path, String body, int status, String error) throws IOException {
      try (Response r = post(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), null)) {
        assertThat(r.code()).as(body).isEqualTo(status);
        String text = r.body().string();
        assertThat(Payloads.JSON.readTree(text).get("error").asText()).as(body).isEqualTo(error);
        assertThat(text).doesNotContain(TOKEN).doesNotContain(SECRET);
      }
    }

    private String valid() {
      return new String(Payloads.bytes(Payloads.firing("A", "critical", "s")));
    }

    @Test
    void namesTheProblemAndQueuesNothing() throws Exception {
      start("");
      String dt = "/alertmanager/dingtalk/oncall";
      expect(dt, "", 400, "request body is empty: send Alertmanager's webhook payload (version 4)");
      expect(
          dt,
          "{\"version\": \"4\",",
          400,
          "malformed JSON at line 1, column 17: Unexpected end-of-input within/between Object entries");
      expect(
          dt,
          "[1,2]",
          400,
          "request body must be a JSON object: Alertmanager's webhook payload (version 4)");
      expect(
          dt,
          "{\"alerts\": []}",
          400,
          "version: missing; this is not an Alertmanager webhook payload");
      expect(
          dt,
          valid().replace("\"version\":\"4\"", "\"version\":\"3\""),
          400,
          "version: must be \"4\", got \"3\"");
      expect(
          dt,
          valid().replace("\"status\":\"firing\",\"alerts\"", "\"alerts\""),
          400,
          "status: missing");
      expect(
          dt,
          valid().replace("\"severity\":\"critical\"", "\"severity\":1"),
          400,
          "alerts[0].labels.severity: must be a string");
      expect(
          dt,
          valid().replace("\"startsAt\":\"2026-11-24T09:00:00Z\"", "\"startsAt\":\"yesterday\""),
          400,
          "alerts[0].startsAt: not an RFC 3339 time: \"yesterday\"");
      expect(
          dt, valid().replaceFirst(",\"externalURL\":\"[^\"]*\"", ""), 400, "externalURL: missing");
      expect(
          "/alertmanager/dingding/oncall",
          valid(),
          404,
          "unknown channel \"dingding\": use dingtalk, wecom or feishu");
      expect(
          "/alertmanager/wecom/oncall",
          valid(),
          404,
          "no relay target \"oncall\" for wecom: configure relay.wecom.<target> (configured: none)");
      expect(
          "/alertmanager/dingtalk/ops",
          valid(),
          404,
          "no relay target \"ops\" for dingtalk: configure relay.dingtalk.<target> (configured: oncall)");
      assertThat(exporter.plugin(RelayPlugin.class).relay().depth()).isZero();
      assertThat(robot.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
      start("");
      ObjectNode payload = Payloads.firing("A", "critical", "s");
      ((ObjectNode) payload.get("commonAnnotations")).put("description", "x".repeat(70_000));
      try (Response r = post("/alertmanager/dingtalk/oncall", Payloads.bytes(payload), null)) {
        assertThat(r.code()).isEqualTo(413);
        assertThat(json(r).get("error").asText())
            .isEqualTo("request body is larger than 65536 bytes (web.max_request_bytes)");
      }
    }

    @Test
    void aFullQueueAnswers503SoAlertmanagerRetriesAndCountsTheDrop() throws Exception {
      start("", "  queue_capacity: 1\n");
      robot.enqueue(new mockwebserver3.MockResponse.Builder().code(503).build());
      byte[] body = Payloads.bytes(Payloads.firing("A", "critical", "s"));
      try (Response r = post("/alertmanager/dingtalk/oncall", body, null)) {
        assertThat(r.code()).isEqualTo(202);
      }
      assertThat(robot.takeRequest(10, TimeUnit.SECONDS)).as("first attempt, failed").isNotNull();
      try (Response r = post("/alertmanager/dingtalk/oncall", body, null)) {
        assertThat(r.code()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("30");
        assertThat(json(r).get("error").asText())
            .isEqualTo("the relay queue for dingtalk/oncall is full; retry later");
      }
      try (Response r = get("/metrics")) {
        assertThat(r.body().string())
            .contains(
                "marketplace_exporter_notifications_total{channel=\"dingtalk\",outcome=\"dropped\",target=\"oncall\"} 1.0")
            .contains(
                "marketplace_exporter_notification_queue_depth{channel=\"dingtalk\",target=\"oncall\"} 1.0");
      }
    }
  }

  @Nested
  class Auth {
    @Test
    void requiresTheIngestBearerTokenWhenConfigured() throws Exception {
      start("auth:\n  bearer_tokens: [\"${INGEST_TOKEN}\"]\n");
      byte[] body = Payloads.bytes(Payloads.firing("A", "critical", "s"));
      try (Response r = post("/alertmanager/dingtalk/oncall", body, null)) {
        assertThat(r.code()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
      }
      try (Response r = post("/alertmanager/dingtalk/oncall", body, "wrong")) {
        assertThat(r.code()).isEqualTo(401);
      }
      assertThat(exporter.plugin(RelayPlugin.class).relay().depth()).isZero();
      robot.enqueue(RelayFixture.dingtalkOk());
      try (Response r = post("/alertmanager/dingtalk/oncall", body, "bearer-abc")) {
        assertThat(r.code()).isEqualTo(202);
      }
      assertThat(robot.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Nested
  class Secrets {
    @Test
    void metricsAndResponsesNeverShowTheRobotUrlOrSecret() throws Exception {
      start("");
      robot.enqueue(RelayFixture.dingtalkOk());
      try (Response r =
          post(
              "/alertmanager/dingtalk/oncall",
              Payloads.bytes(Payloads.firing("A", "critical", "s")),
              null)) {
        assertThat(r.body().string()).doesNotContain(TOKEN).doesNotContain(SECRET);
      }
      assertThat(robot.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
      try (Response r = get("/metrics")) {
        String metrics = r.body().string();
        assertThat(metrics)
            .contains(
                "marketplace_exporter_notification_queue_depth{channel=\"dingtalk\",target=\"oncall\"}")
            .doesNotContain(TOKEN)
            .doesNotContain(SECRET)
            .doesNotContain(robot.url("/").toString());
      }
    }
  }
}
