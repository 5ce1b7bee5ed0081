package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Robot errors: retried with backoff where that helps, dropped (logged, counted) where not. */
class RetryTest {
  private static final String TOKEN = "tok-c0ffee42";
  private static final String SECRET = "SECbadc0de99";
  private static final String YAML =
      """
      relay:
        initial_backoff: 5s
        max_backoff: 20s
        give_up_after: 1m
        dingtalk:
          oncall:
            url: ${URL}
            secret: ${SECRET}
      """;

  @TempDir Path dir;
  MockWebServer robot;
  RelayFixture f;
  long t0;

  @BeforeEach
  void start() throws Exception {
    robot = new MockWebServer();
    robot.start();
    f =
        new RelayFixture(
            YAML,
            Payloads.env(
                "URL", robot.url("/robot/send?access_token=" + TOKEN).toString(), "SECRET", SECRET),
            dir);
    t0 = f.clock.instant().toEpochMilli();
  }

  @AfterEach
  void stop() {
    f.close();
    robot.close();
  }

  private static MockResponse errcode(int code, String message) {
    return RelayFixture.ok("{\"errcode\":" + code + ",\"errmsg\":\"" + message + "\"}");
  }

  private void post() {
    f.post("dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-1"));
  }

  /** Advances the clock by {@code seconds} and pumps; returns the requests sent meanwhile. */
  private List<RecordedRequest> after(int seconds) throws InterruptedException {
    f.clock.advance(Duration.ofSeconds(seconds));
    f.pump();
    return RelayFixture.drain(robot);
  }

  private long sentAt(RecordedRequest r) {
    return Long.parseLong(r.getUrl().queryParameter("timestamp")) - t0;
  }

  private void assertLogsHideSecrets(LogCapture log) {
    assertThat(log.text())
        .doesNotContain(TOKEN)
        .doesNotContain(SECRET)
        .doesNotContain(robot.url("/robot").toString());
  }

  @Nested
  class Retried {
    @Test
    void serverErrorsAreRetriedWithExponentialBackoff() throws Exception {
      robot.enqueue(new MockResponse.Builder().code(500).body("oops").build());
      robot.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());
      robot.enqueue(RelayFixture.dingtalkOk());
      try (LogCapture log = new LogCapture()) {
        post();
        assertThat(after(0)).hasSize(1);
        assertThat(f.notifications("dingtalk", "oncall", "retried")).isEqualTo(1);
        assertThat(after(4)).as("not before the 5s backoff").isEmpty();
        List<RecordedRequest> second = after(1);
        assertThat(second).hasSize(1);
        assertThat(sentAt(second.get(0))).isEqualTo(5_000);
        assertThat(after(9)).as("backoff doubled to 10s").isEmpty();
        List<RecordedRequest> third = after(1);
        assertThat(third).hasSize(1);
        assertThat(sentAt(third.get(0))).isEqualTo(15_000);
        assertThat(f.notifications("dingtalk", "oncall", "retried")).isEqualTo(2);
        assertThat(f.notifications("dingtalk", "oncall", "sent")).isEqualTo(1);
        assertThat(f.relay.depth()).isZero();
        assertThat(log.text())
            .contains("HTTP 500 from DingTalk")
            .contains("HTTP 502 from DingTalk");
        assertLogsHideSecrets(log);
      }
    }

    @Test
    void rateLimitErrorStopsSendingToTheRobotForAMinuteThenRetries() throws Exception {
      robot.enqueue(errcode(130101, "send too fast, exceed 20 times per minute"));
      robot.enqueue(RelayFixture.dingtalkOk());
      post();
      assertThat(after(0)).hasSize(1);
      assertThat(f.notifications("dingtalk", "oncall", "retried")).isEqualTo(1);
      assertThat(after(30)).as("robot saturated: nothing within the minute").isEmpty();
      assertThat(after(29)).isEmpty();
      List<RecordedRequest> retry = after(1);
      assertThat(retry).hasSize(1);
      assertThat(sentAt(retry.get(0))).isEqualTo(60_000);
      assertThat(f.notifications("dingtalk", "oncall", "sent")).isEqualTo(1);
    }

    @Test
    void aTimeoutIsRetriedAndItsLogLineHidesTheUrl() throws Exception {
      robot.enqueue(
          new MockResponse.Builder()
              .headersDelay(2, TimeUnit.SECONDS)
              .body("{\"errcode\":0}")
              .build());
      robot.enqueue(RelayFixture.dingtalkOk());
      try (LogCapture log = new LogCapture()) {
        post();
        assertThat(after(0)).hasSize(1);
        assertThat(f.notifications("dingtalk", "oncall", "retried")).isEqualTo(1);
        assertThat(log.text()).contains("SocketTimeoutException");
        assertLogsHideSecrets(log);
      }
      assertThat(after(5)).hasSize(1);
      assertThat(f.notifications("dingtalk", "oncall", "sent")).isEqualTo(1);
    }

    @Test
    void tooLargeIsRetriedAtOnceWithinThreeQuartersOfTheRefusedSize() throws Exception {
      robot.enqueue(errcode(460101, "message too long"));
      robot.enqueue(RelayFixture.dingtalkOk());
      com.fasterxml.jackson.databind.node.ObjectNode alert =
          Payloads.alert("OrderFailureRateHigh", "critical", "shop-1");
      ((com.fasterxml.jackson.databind.node.ObjectNode) alert.get("annotations"))
          .put("description", "订单支付失败，请检查支付网关。".repeat(150));
      f.post("dingtalk", "oncall", Payloads.group("firing", alert));
      List<RecordedRequest> requests = after(0);
      assertThat(requests).hasSize(2);
      assertThat(requests.get(1).getBodySize())
          .isLessThanOrEqualTo(requests.get(0).getBodySize() * 3 / 4);
      assertThat(RelayFixture.json(requests.get(0)).at("/markdown/text").asText())
          .contains("Description: 订单支付失败");
      assertThat(RelayFixture.json(requests.get(1)).at("/markdown/text").asText())
          .contains("📖 **Runbook:** [https://runbooks.example.com/OrderFailureRateHigh]")
          .contains("Summary: Order failures above 5% on shop-1")
          .doesNotContain("Description:");
      assertThat(f.notifications("dingtalk", "oncall", "retried")).isEqualTo(1);
      assertThat(f.notifications("dingtalk", "oncall", "sent")).isEqualTo(1);
    }
  }

  @Nested
  class Dropped {
    @Test
    void aBadSignatureIsDroppedLoggedAndCountedNotRetried() throws Exception {
      robot.enqueue(errcode(310000, "sign not match"));
      try (LogCapture log = new LogCapture()) {
        post();
        assertThat(after(0)).hasSize(1);
        assertThat(f.notifications("dingtalk", "oncall", "dropped")).isEqualTo(1);
        assertThat(f.notifications("dingtalk", "oncall", "retried")).isZero();
        assertThat(f.relay.depth()).isZero();
        assertThat(log.text())
            .contains("dingtalk/oncall: robot #1 refused a message of 1 notification(s)")
            .contains("DingTalk errcode 310000 (sign not match)");
        assertLogsHideSecrets(log);
      }
      assertThat(after(600)).isEmpty();
    }

    @Test
    void aRobotAnswerThatEchoesATokenOrForgesALogLineIsLoggedScrubbedOnOneLine() throws Exception {
      String echoed = "access_token=ZXhhbXBsZS10b2tlbi0xMjM0NTY3ODkw";
      robot.enqueue(
          errcode(
              310000,
              "sign not match: " + echoed + "\\n[main] INFO forged line" + "x".repeat(5000)));
      try (LogCapture log = new LogCapture()) {
        post();
        assertThat(after(0)).hasSize(1);
        assertThat(f.notifications("dingtalk", "oncall", "dropped")).isEqualTo(1);
        assertThat(log.text()).doesNotContain("ZXhhbXBsZS10b2tlbi0xMjM0NTY3ODkw");
        assertThat(log.text().lines().filter(l -> l.startsWith("[main] INFO forged"))).isEmpty();
        assertThat(log.text().lines().mapToInt(String::length).max().orElse(0)).isLessThan(1000);
        assertLogsHideSecrets(log);
      }
    }

    @Test
    void aClientErrorIsDropped() throws Exception {
      robot.enqueue(new MockResponse.Builder().code(400).body("bad request").build());
      post();
      assertThat(after(0)).hasSize(1);
      assertThat(f.notifications("dingtalk", "oncall", "dropped")).isEqualTo(1);
      assertThat(after(600)).isEmpty();
    }

    @Test
    void aNotificationIsGivenUpAfterGiveUpAfterWithALogLine() throws Exception {
      for (int i = 0; i < 10; i++) {
        robot.enqueue(new MockResponse.Builder().code(503).build());
      }
      try (LogCapture log = new LogCapture()) {
        post();
        int attempts = 0;
        for (int s = 0; s <= 61; s++) {
          attempts += after(s == 0 ? 0 : 1).size();
        }
        assertThat(attempts).as("attempts at 0, 5, 15, 35, 55 s").isEqualTo(5);
        assertThat(f.notifications("dingtalk", "oncall", "retried")).isEqualTo(5);
        assertThat(f.notifications("dingtalk", "oncall", "dropped")).isEqualTo(1);
        assertThat(f.relay.depth()).isZero();
        assertThat(log.text())
            .contains(
                "dingtalk/oncall: gave up on notification 1 (🔥 [FIRING:1] OrderFailureRateHigh")
            .contains("after 1m and 5 failed attempts; last error: HTTP 503 from DingTalk");
        assertLogsHideSecrets(log);
      }
    }
  }
}
