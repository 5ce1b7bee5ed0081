package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay against fake robots that answer as their official documents say ({@link
 * OfficialRobot}): size refusals are shrunk and sent again, never the end of a group; refusals that
 * are not certainly permanent are retried with backoff; what is dropped is counted by reason and
 * logged once (issue 13, part 3).
 */
class OfficialRobotTest {
  private static final String SECRET = "qF3xL9mZ2tR7vK1wP5sN8b";
  private static final String DESCRIPTION = "订单支付失败，请检查支付网关、库存同步和物流接口。".repeat(4);

  @TempDir Path dir;
  MockWebServer server;
  OfficialRobot robot;
  RelayFixture f;

  private RelayFixture start(String channel, String robotSecret, String targetOptions)
      throws Exception {
    String yaml =
        "relay:\n  "
            + channel
            + ":\n    oncall:\n      url: ${URL}\n"
            + (channel.equals("wecom") ? "" : "      secret: ${SECRET}\n")
            + targetOptions;
    robot = new OfficialRobot(channel, robotSecret);
    server = new MockWebServer();
    server.setDispatcher(robot);
    server.start();
    String url =
        channel.equals("feishu")
            ? server.url("/open-apis/bot/v2/hook/hook-4711").toString()
            : server.url("/robot/send?access_token=tok-4711").toString();
    f = new RelayFixture(yaml, Payloads.env("URL", url, "SECRET", SECRET), dir);
    robot.useClock(f.clock);
    return f;
  }

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** One notification of {@code alerts} alerts on as many shops, each with a long description. */
  private static ObjectNode largeGroup(int alerts) {
    ObjectNode[] list = new ObjectNode[alerts];
    for (int i = 0; i < alerts; i++) {
      list[i] = Payloads.alert("OrderFailureRateHigh", "critical", "shop-" + i);
      ((ObjectNode) list[i].get("annotations")).put("description", DESCRIPTION);
    }
    return Payloads.group("firing", list);
  }

  /** Pumps a second apart until the queue is empty (at most {@code rounds} times). */
  private void deliver(int rounds) {
    for (int i = 0; i < rounds && f.relay.depth() > 0; i++) {
      f.pump();
      f.clock.advance(Duration.ofSeconds(1));
    }
  }

  /**
   * Posts a large group to a target configured with {@code options} and delivers it: the robot
   * refuses it as too large at least once, then accepts one message, and nothing is dropped.
   */
  private void refusedThenAccepted(String channel, String secret, String options, int alerts)
      throws Exception {
    start(channel, secret, options);
    f.post(channel, "oncall", largeGroup(alerts));
    deliver(30);
    assertThat(server.getRequestCount()).isGreaterThan(1);
    assertThat(robot.accepted()).hasSize(1);
    assertThat(f.notifications(channel, "oncall", "sent")).isEqualTo(1);
    assertThat(f.notifications(channel, "oncall", "dropped")).isZero();
  }

  private double dropped(String channel, String reason) {
    return f.value(
        "marketplace_exporter_notifications_dropped_total{channel=\""
            + channel
            + "\",reason=\""
            + reason
            + "\",target=\"oncall\"}");
  }

  private static int occurrences(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Nested
  class FeishuSize {
    @Test
    void aLargeGroupGoesOutWithinTheDocumentedTwentyKilobytesByDefault() throws Exception {
      start("feishu", SECRET, "");
      ObjectNode[] alerts = new ObjectNode[110];
      for (int i = 0; i < alerts.length; i++) {
        alerts[i] = Payloads.alert("OrderFailureRateHigh", "critical", "shop-" + i);
      }
      f.post("feishu", "oncall", Payloads.group("firing", alerts));
      deliver(30);
      assertThat(server.getRequestCount()).as("accepted at the first attempt").isEqualTo(1);
      assertThat(robot.accepted()).hasSize(1);
      assertThat(f.notifications("feishu", "oncall", "sent")).isEqualTo(1);
      assertThat(f.notifications("feishu", "oncall", "dropped")).isZero();
    }

    @Test
    void aSizeRefusalIsShrunkAndSentAgainNotDropped() throws Exception {
      refusedThenAccepted("feishu", SECRET, "      max_message_bytes: 65536\n", 150);
      JsonNode card = robot.accepted().get(0).path("card");
      assertThat(card.at("/header/title/content").asText())
          .isEqualTo("🔥 [FIRING:150] OrderFailureRateHigh · critical");
      assertThat(card.at("/elements/0/text/content").asText())
          .contains("📖 **Runbook:** [https://runbooks.example.com/OrderFailureRateHigh]");
      assertThat(f.notifications("feishu", "oncall", "retried")).isPositive();
    }

    @Test
    void aMergedBurstRefusedAsTooLargeIsSplitAndEveryAlertArrives() throws Exception {
      start("feishu", SECRET, "      max_message_bytes: 65536\n");
      for (int i = 0; i < 60; i++) {
        ObjectNode a = Payloads.alert("OrderFailureRateHigh", "critical", "shop-" + i);
        ((ObjectNode) a.get("annotations")).put("summary", DESCRIPTION + " shop-" + i + ";");
        f.post("feishu", "oncall", Payloads.group("firing", a));
      }
      deliver(300);
      assertThat(f.relay.depth()).isZero();
      StringBuilder all = new StringBuilder();
      robot.accepted().forEach(b -> all.append(b.at("/card/elements/0/text/content").asText()));
      for (int i = 0; i < 60; i++) {
        assertThat(all.toString()).contains("shop-" + i + ";");
      }
      assertThat(
              f.notifications("feishu", "oncall", "sent")
                  + f.notifications("feishu", "oncall", "merged"))
          .isEqualTo(60);
      assertThat(f.notifications("feishu", "oncall", "dropped")).isZero();
    }

    @Test
    void aRefusalEvenOfTheSmallestMessageIsDroppedAsTooLargeAndLoggedOnce() throws Exception {
      start("feishu", SECRET, "");
      robot.alwaysAnswer(9499);
      try (LogCapture log = new LogCapture()) {
        f.post("feishu", "oncall", largeGroup(20));
        deliver(60);
        assertThat(f.relay.depth()).isZero();
        assertThat(dropped("feishu", "too_large")).isEqualTo(1);
        assertThat(f.notifications("feishu", "oncall", "dropped")).isEqualTo(1);
        assertThat(occurrences(log.text(), "refuses even a")).isEqualTo(1);
        assertThat(log.text()).doesNotContain(SECRET).doesNotContain("hook-4711");
      }
    }
  }

  @Nested
  class FeishuRefusals {
    @Test
    void aWrongSecretIsRefusedWith19021DroppedAtOnceCountedAsRejectedAndLoggedOnce()
        throws Exception {
      start("feishu", "the-robots-own-secret", "");
      try (LogCapture log = new LogCapture()) {
        f.post("feishu", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-1"));
        deliver(10);
        f.clock.advance(Duration.ofMinutes(10));
        f.pump();
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(dropped("feishu", "rejected")).isEqualTo(1);
        assertThat(occurrences(log.text(), "Feishu code 19021")).isEqualTo(1);
        assertThat(log.text()).doesNotContain(SECRET);
      }
    }

    @Test
    void anUndocumentedRefusalIsRetriedWithBackoffNotDropped() throws Exception {
      start("feishu", SECRET, "");
      robot.thenAnswer(
          new MockResponse.Builder()
              .code(400)
              .body("{\"code\":12345,\"msg\":\"something new\",\"data\":{}}")
              .build());
      f.post("feishu", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-1"));
      f.pump();
      assertThat(f.notifications("feishu", "oncall", "retried")).isEqualTo(1);
      f.clock.advance(Duration.ofSeconds(4));
      f.pump();
      assertThat(server.getRequestCount()).as("not before the 5s backoff").isEqualTo(1);
      f.clock.advance(Duration.ofSeconds(1));
      f.pump();
      assertThat(robot.accepted()).hasSize(1);
      assertThat(f.notifications("feishu", "oncall", "dropped")).isZero();
    }

    @Test
    void theRateLimitAnswer11232IsRetriedNotDropped() throws Exception {
      start("feishu", SECRET, "");
      robot.thenAnswer(11232);
      f.post("feishu", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-1"));
      deliver(90);
      assertThat(robot.accepted()).hasSize(1);
      assertThat(f.notifications("feishu", "oncall", "retried")).isEqualTo(1);
      assertThat(f.notifications("feishu", "oncall", "dropped")).isZero();
    }
  }

  @Nested
  class DingTalkAndWeCom {
    @Test
    void dingTalkAcceptsTheRelaysSignatureWithinItsHourAndRefusesItAnHourOff() throws Exception {
      start("dingtalk", SECRET, "");
      f.post("dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-1"));
      deliver(5);
      assertThat(robot.accepted()).hasSize(1);
      robot.skewClock(Duration.ofMinutes(61));
      f.post("dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-2"));
      deliver(5);
      assertThat(robot.accepted()).hasSize(1);
      assertThat(dropped("dingtalk", "rejected")).isEqualTo(1);
    }

    @Test
    void weComContentOver4096BytesIsRefusedWith40058ThenShrunkAndSent() throws Exception {
      refusedThenAccepted("wecom", null, "      max_message_bytes: 16384\n", 40);
    }
  }
}
