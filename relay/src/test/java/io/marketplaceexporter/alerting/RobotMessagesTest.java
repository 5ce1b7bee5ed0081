package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.crypto.HmacSha256;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact request each robot receives: URL, signature, headers, body, mentions, links. */
class RobotMessagesTest {
  private static final String SECRET = "SECd1f0a9c3b2e4";
  private static final String RUNBOOK = "https://runbooks.example.com/OrderFailureRateHigh";
  private static final String SILENCE =
      "http://alertmanager.example:9093/#/silences/new?filter="
          + "%7Balertname%3D%22OrderFailureRateHigh%22%2Cshop%3D%22shop-1%22%7D";

  @TempDir Path dir;
  MockWebServer robot;

  @BeforeEach
  void startRobot() throws Exception {
    robot = new MockWebServer();
    robot.start();
  }

  @AfterEach
  void stopRobot() {
    robot.close();
  }

  private RelayFixture relay(String yaml) {
    return new RelayFixture(
        yaml,
        Payloads.env(
            "ROBOT_URL",
            robot.url("/robot/send?access_token=tok-4711").toString(),
            "ROBOT_SECRET",
            SECRET),
        dir);
  }

  private RecordedRequest deliver(RelayFixture f, String channel, ObjectNode payload)
      throws InterruptedException {
    f.post(channel, "oncall", payload);
    f.pump();
    RecordedRequest r = robot.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("request to the robot").isNotNull();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
    return r;
  }

  private static ObjectNode criticalForPayments() {
    ObjectNode alert = Payloads.alert("OrderFailureRateHigh", "critical", "shop-1");
    ((ObjectNode) alert.get("labels")).put("team", "payments");
    return Payloads.group("firing", alert);
  }

  /**
   * The text of {@link #criticalForPayments()} between the heading and the mentions, with {@code
   * br} ending each line as the dialect does.
   */
  private static String criticalText(String br) {
    return "📖 **Runbook:** ["
        + RUNBOOK
        + "]("
        + RUNBOOK
        + ")"
        + br
        + "📊 **Dashboard:** [open dashboard](https://grafana.example.com/d/orders?var-shop=shop-1)"
        + br
        + "🔕 **Silence:** [silence this group]("
        + SILENCE
        + ")"
        + br
        + "\n**[critical] OrderFailureRateHigh** · amazon / US / shop-1"
        + br
        + "Summary: Order failures above 5% on shop-1"
        + br
        + "Description: 12 of 200 orders failed in the last 10 minutes."
        + br
        + "Started: 2026-11-24 17:00:00 +08:00";
  }

  @Nested
  class DingTalk {
    private static final String YAML =
        """
        relay:
          dingtalk:
            oncall:
              url: ${ROBOT_URL}
              secret: ${ROBOT_SECRET}
              mention:
                mobiles: ["13800000000"]
                by_label:
                  team:
                    payments: {mobiles: ["13900000001"], user_ids: ["lisi"]}
        """;

    @Test
    void firingCriticalAlertIsSignedMarkdownWithRunbookFirstAndMentions() throws Exception {
      try (RelayFixture f = relay(YAML)) {
        robot.enqueue(RelayFixture.dingtalkOk());
        RecordedRequest r = deliver(f, "dingtalk", criticalForPayments());

        assertThat(r.getUrl().encodedPath()).isEqualTo("/robot/send");
        assertThat(r.getUrl().queryParameter("access_token")).isEqualTo("tok-4711");
        long ts = RelayFixture.START.toEpochMilli();
        assertThat(r.getUrl().queryParameter("timestamp")).isEqualTo(Long.toString(ts));
        String sign = HmacSha256.base64(SECRET, ts + "\n" + SECRET);
        assertThat(r.getUrl().queryParameter("sign")).isEqualTo(sign);
        assertThat(r.getUrl().encodedQuery())
            .endsWith("&sign=" + URLEncoder.encode(sign, StandardCharsets.UTF_8));

        String title = "🔥 [FIRING:1] OrderFailureRateHigh · critical";
        String text =
            "### " + title + "\n\n" + criticalText("  \n") + "\n\n@13800000000 @13900000001 @lisi";
        ObjectNode expected = Payloads.JSON.createObjectNode();
        expected.put("msgtype", "markdown");
        expected.putObject("markdown").put("title", title).put("text", text);
        ObjectNode at = expected.putObject("at");
        at.putArray("atMobiles").add("13800000000").add("13900000001");
        at.putArray("atUserIds").add("lisi");
        at.put("isAtAll", false);
        assertThat(RelayFixture.json(r)).isEqualTo(expected);
        assertThat(r.getBody().utf8()).contains("🔥").doesNotContain("\\u");
        assertThat(f.notifications("dingtalk", "oncall", "sent")).isEqualTo(1);
      }
    }

    @Test
    void warningAlertMentionsNobody() throws Exception {
      try (RelayFixture f = relay(YAML)) {
        robot.enqueue(RelayFixture.dingtalkOk());
        JsonNode body =
            RelayFixture.json(
                deliver(f, "dingtalk", Payloads.firing("OrderBacklogGrowing", "warning", "s2")));
        assertThat(body.has("at")).isFalse();
        assertThat(body.at("/markdown/text").asText())
            .doesNotContain("@13800000000")
            .startsWith("### 🔥 [FIRING:1] OrderBacklogGrowing · warning\n\n📖 **Runbook:**");
      }
    }

    @Test
    void resolvedGroupSaysResolvedWithEndTimeAndMentionsNobody() throws Exception {
      try (RelayFixture f = relay(YAML)) {
        robot.enqueue(RelayFixture.dingtalkOk());
        ObjectNode alert =
            Payloads.resolved(Payloads.alert("OrderFailureRateHigh", "critical", "shop-1"));
        JsonNode body =
            RelayFixture.json(deliver(f, "dingtalk", Payloads.group("resolved", alert)));
        assertThat(body.at("/markdown/title").asText())
            .isEqualTo("✅ [RESOLVED:1] OrderFailureRateHigh · critical");
        assertThat(body.at("/markdown/text").asText())
            .contains("✅ **[critical] OrderFailureRateHigh**")
            .contains("Resolved: 2026-11-24 17:30:00 +08:00");
        assertThat(body.has("at")).isFalse();
      }
    }

    @Test
    void withoutSecretTheUrlIsUnsigned() throws Exception {
      try (RelayFixture f = relay("relay:\n  dingtalk:\n    oncall:\n      url: ${ROBOT_URL}\n")) {
        robot.enqueue(RelayFixture.dingtalkOk());
        RecordedRequest r = deliver(f, "dingtalk", Payloads.firing("A", "warning", "s"));
        assertThat(r.getUrl().encodedQuery()).isEqualTo("access_token=tok-4711");
      }
    }

    @Test
    void startTimeIsShownInTheTargetsTimeZone() throws Exception {
      try (RelayFixture f =
          relay(
              "relay:\n  dingtalk:\n    oncall:\n      url: ${ROBOT_URL}\n"
                  + "      time_zone: Europe/Berlin\n")) {
        robot.enqueue(RelayFixture.dingtalkOk());
        JsonNode body =
            RelayFixture.json(deliver(f, "dingtalk", Payloads.firing("A", "warning", "s")));
        assertThat(body.at("/markdown/text").asText())
            .contains("Started: 2026-11-24 10:00:00 +01:00");
      }
    }
  }

  @Nested
  class WeCom {
    @Test
    void markdownContentWithUserMentionsAndTheKeyInTheUrl() throws Exception {
      String yaml =
          """
          relay:
            wecom:
              oncall:
                url: ${ROBOT_URL}
                mention:
                  user_ids: ["zhangsan"]
                  by_label:
                    team:
                      payments: {user_ids: ["lisi"]}
          """;
      try (RelayFixture f = relay(yaml)) {
        robot.enqueue(RelayFixture.success("wecom"));
        RecordedRequest r = deliver(f, "wecom", criticalForPayments());
        assertThat(r.getUrl().encodedPath()).isEqualTo("/robot/send");
        assertThat(r.getUrl().encodedQuery()).isEqualTo("access_token=tok-4711");
        String content =
            "### 🔥 [FIRING:1] OrderFailureRateHigh · critical\n\n"
                + criticalText("\n")
                + "\n\n<@zhangsan> <@lisi>";
        ObjectNode expected = Payloads.JSON.createObjectNode();
        expected.put("msgtype", "markdown");
        expected.putObject("markdown").put("content", content);
        assertThat(RelayFixture.json(r)).isEqualTo(expected);
      }
    }
  }

  @Nested
  class Feishu {
    @Test
    void signedInteractiveCardWithLarkMdAndAtMentions() throws Exception {
      String yaml =
          """
          relay:
            feishu:
              oncall:
                url: ${ROBOT_URL}
                secret: ${ROBOT_SECRET}
                mention:
                  by_label:
                    team:
                      payments: {user_ids: ["ou_7d8a6e6df7621556ce0d21922b676706"]}
          """;
      try (RelayFixture f = relay(yaml)) {
        robot.enqueue(RelayFixture.success("feishu"));
        RecordedRequest r = deliver(f, "feishu", criticalForPayments());
        assertThat(r.getUrl().encodedQuery()).isEqualTo("access_token=tok-4711");

        long ts = RelayFixture.START.getEpochSecond();
        String content =
            criticalText("\n") + "\n\n<at id=ou_7d8a6e6df7621556ce0d21922b676706></at>";
        ObjectNode expected = Payloads.JSON.createObjectNode();
        expected.put("timestamp", Long.toString(ts));
        expected.put("sign", HmacSha256.base64(ts + "\n" + SECRET, ""));
        expected.put("msg_type", "interactive");
        ObjectNode card = expected.putObject("card");
        card.putObject("config").put("wide_screen_mode", true);
        ObjectNode header = card.putObject("header");
        header
            .putObject("title")
            .put("tag", "plain_text")
            .put("content", "🔥 [FIRING:1] OrderFailureRateHigh · critical");
        header.put("template", "red");
        ObjectNode div = card.putArray("elements").addObject();
        div.put("tag", "div");
        div.putObject("text").put("tag", "lark_md").put("content", content);
        assertThat(RelayFixture.json(r)).isEqualTo(expected);
        assertThat(f.notifications("feishu", "oncall", "sent")).isEqualTo(1);
      }
    }
  }
}
