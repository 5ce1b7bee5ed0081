package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At most {@code max_messages_per_minute} messages per robot in any sliding minute, bursts merged
 * instead of dropped. Time is the injected clock; the DingTalk {@code timestamp} of each request
 * says when it was sent.
 */
class RateLimitTest {
  private static final Pattern SHOP = Pattern.compile("shop-(\\d+)(?!\\d)");

  @TempDir Path dir;
  final List<MockWebServer> robots = new ArrayList<>();

  @BeforeEach
  void startRobots() throws Exception {
    for (int i = 0; i < 2; i++) {
      MockWebServer s = new MockWebServer();
      s.setDispatcher(RelayFixture.alwaysOk());
      s.start();
      robots.add(s);
    }
  }

  @AfterEach
  void stopRobots() {
    robots.forEach(MockWebServer::close);
  }

  private RelayFixture relay(String targetYaml) {
    return new RelayFixture(
        "relay:\n  dingtalk:\n    oncall:\n" + targetYaml,
        Payloads.env(
            "URL_A", robots.get(0).url("/robot/send?access_token=a").toString(),
            "URL_B", robots.get(1).url("/robot/send?access_token=b").toString(),
            "SECRET", "SEC0123"),
        dir);
  }

  private static final String ONE_ROBOT = "      url: ${URL_A}\n      secret: ${SECRET}\n";

  /** Posts notification {@code n} (alert on shop-n), then lets the relay send what is due. */
  private static void postAndPump(RelayFixture f, int n) {
    f.post("dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-" + n));
    f.pump();
  }

  /** Advances the clock in one-second steps, pumping, until the queue is empty. */
  private static void drainQueue(RelayFixture f) {
    Instant deadline = f.clock.instant().plus(Duration.ofMinutes(30));
    while (f.relay.depth() > 0) {
      assertThat(f.clock.instant()).as("queue drained within 30 minutes").isBefore(deadline);
      f.clock.advance(Duration.ofSeconds(1));
      f.pump();
    }
  }

  private static List<Long> sendTimes(List<RecordedRequest> requests) {
    return requests.stream()
        .map(r -> Long.parseLong(r.getUrl().queryParameter("timestamp")))
        .sorted()
        .toList();
  }

  /** The largest number of requests sent within any 60 seconds. */
  private static int busiestMinute(List<Long> times) {
    int max = 0;
    for (int i = 0; i < times.size(); i++) {
      int n = 0;
      for (long t : times) {
        if (t > times.get(i) - 60_000 && t <= times.get(i)) {
          n++;
        }
      }
      max = Math.max(max, n);
    }
    return max;
  }

  /** Asserts each of shop-0 .. shop-(n-1) appears in exactly one request. */
  private static void assertEveryAlertDeliveredOnce(List<RecordedRequest> requests, int n) {
    Set<Integer> seen = new TreeSet<>();
    for (RecordedRequest r : requests) {
      Set<Integer> inThis = new HashSet<>();
      Matcher m = SHOP.matcher(RelayFixture.json(r).at("/markdown/text").asText());
      while (m.find()) {
        inThis.add(Integer.parseInt(m.group(1)));
      }
      for (int shop : inThis) {
        assertThat(seen.add(shop)).as("shop-" + shop + " delivered only once").isTrue();
      }
    }
    assertThat(seen).hasSize(n);
    assertThat(seen).allMatch(s -> s >= 0 && s < n);
  }

  private static void assertAccountedFor(RelayFixture f, int n) {
    assertThat(
            f.notifications("dingtalk", "oncall", "sent")
                + f.notifications("dingtalk", "oncall", "merged"))
        .isEqualTo(n);
    assertThat(f.notifications("dingtalk", "oncall", "dropped")).isZero();
    assertThat(
            f.value(
                "marketplace_exporter_notification_queue_depth{channel=\"dingtalk\",target=\"oncall\"}"))
        .isZero();
  }

  @Nested
  class Bursts {
    @Test
    void twentyOneAlertsInABurstMakeAtMostTwentyRequestsAMinuteAndLoseNone() throws Exception {
      try (RelayFixture f = relay(ONE_ROBOT)) {
        for (int i = 0; i < 21; i++) {
          postAndPump(f, i);
        }
        drainQueue(f);
        List<RecordedRequest> requests = RelayFixture.drain(robots.get(0));
        assertThat(busiestMinute(sendTimes(requests))).isLessThanOrEqualTo(20);
        assertThat(requests.size()).isLessThan(21);
        assertEveryAlertDeliveredOnce(requests, 21);
        assertAccountedFor(f, 21);
        assertThat(f.notifications("dingtalk", "oncall", "merged")).isPositive();
      }
    }

    @Test
    void notificationsReadyTogetherGoOutAsOneMessage() throws Exception {
      try (RelayFixture f = relay(ONE_ROBOT)) {
        for (int i = 0; i < 30; i++) {
          f.post(
              "dingtalk",
              "oncall",
              Payloads.firing("OrderFailureRateHigh", "critical", "shop-" + i));
        }
        f.pump();
        List<RecordedRequest> requests = RelayFixture.drain(robots.get(0));
        assertThat(requests).hasSize(1);
        assertThat(RelayFixture.json(requests.get(0)).at("/markdown/title").asText())
            .isEqualTo("🔥 [FIRING] 30 notifications: 30 firing, 0 resolved");
        assertEveryAlertDeliveredOnce(requests, 30);
        assertThat(f.notifications("dingtalk", "oncall", "merged")).isEqualTo(30);
      }
    }

    /** Posts 200 notifications {@code spacing} apart, pumping after each, then drains. */
    private List<RecordedRequest> storm(RelayFixture f, Duration spacing) throws Exception {
      for (int i = 0; i < 200; i++) {
        postAndPump(f, i);
        f.clock.advance(spacing);
      }
      drainQueue(f);
      List<RecordedRequest> requests = RelayFixture.drain(robots.get(0));
      assertThat(busiestMinute(sendTimes(requests))).isLessThanOrEqualTo(20);
      assertEveryAlertDeliveredOnce(requests, 200);
      assertAccountedFor(f, 200);
      for (RecordedRequest r : requests) {
        assertThat(r.getBodySize()).isLessThanOrEqualTo(20_000);
      }
      return requests;
    }

    @Test
    void aStormOfTwoHundredAlertsWithinAMinuteIsAtMostTwentyMessages() throws Exception {
      try (RelayFixture f = relay(ONE_ROBOT)) {
        assertThat(storm(f, Duration.ofMillis(250))).hasSizeLessThanOrEqualTo(20);
      }
    }

    @Test
    void aStormSpanningTheWholeMinuteIsTwentyMessagesInItAndOneForTheStragglers() throws Exception {
      try (RelayFixture f = relay(ONE_ROBOT)) {
        long start = f.clock.instant().toEpochMilli();
        List<RecordedRequest> requests = storm(f, Duration.ofMillis(300));
        List<Long> times = sendTimes(requests);
        assertThat(times.stream().filter(t -> t < start + 60_000)).hasSizeLessThanOrEqualTo(20);
        assertThat(requests).hasSizeLessThanOrEqualTo(21);
      }
    }
  }

  @Nested
  class Rotation {
    @Test
    void targetRotatesAcrossItsRobotsAndEachKeepsItsOwnLimit() throws Exception {
      String yaml =
          "      max_messages_per_minute: 2\n"
              + "      robots:\n"
              + "        - {url: \"${URL_A}\", secret: \"${SECRET}\"}\n"
              + "        - {url: \"${URL_B}\", secret: \"${SECRET}\"}\n";
      try (RelayFixture f = relay(yaml)) {
        for (int i = 0; i < 4; i++) {
          if (i > 0) {
            f.clock.advance(Duration.ofSeconds(15));
          }
          postAndPump(f, i);
        }
        drainQueue(f);
        f.clock.advance(Duration.ofSeconds(1));
        postAndPump(f, 4);
        drainQueue(f);
        List<RecordedRequest> a = RelayFixture.drain(robots.get(0));
        List<RecordedRequest> b = RelayFixture.drain(robots.get(1));
        assertThat(a.size() + b.size()).isEqualTo(5);
        long t0 = RelayFixture.START.toEpochMilli();
        assertThat(sendTimes(a).subList(0, 2)).containsExactly(t0, t0 + 30_000);
        assertThat(sendTimes(b).get(0)).isEqualTo(t0 + 15_000);
        List<RecordedRequest> all = new ArrayList<>(a);
        all.addAll(b);
        assertEveryAlertDeliveredOnce(all, 5);
        assertThat(busiestMinute(sendTimes(a))).isLessThanOrEqualTo(2);
        assertThat(busiestMinute(sendTimes(b))).isLessThanOrEqualTo(2);
      }
    }
  }

  @Nested
  class PerSecond {
    @Test
    void feishuRobotsGetAtMostOneRequestPerQuarterSecond() throws Exception {
      try (MockWebServer feishu = new MockWebServer()) {
        for (int i = 0; i < 3; i++) {
          feishu.enqueue(RelayFixture.success("feishu"));
        }
        feishu.start();
        try (RelayFixture f =
            new RelayFixture(
                "relay:\n  feishu:\n    oncall:\n      url: ${URL}\n",
                Payloads.env("URL", feishu.url("/open-apis/bot/v2/hook/x").toString()),
                dir)) {
          for (int i = 0; i < 3; i++) {
            f.post(
                "feishu",
                "oncall",
                Payloads.firing("OrderFailureRateHigh", "critical", "shop-" + i));
            f.pump();
          }
          assertThat(RelayFixture.drain(feishu)).hasSize(1);
          f.clock.advance(Duration.ofMillis(249));
          f.pump();
          assertThat(RelayFixture.drain(feishu)).isEmpty();
          f.clock.advance(Duration.ofMillis(1));
          f.pump();
          assertThat(RelayFixture.drain(feishu)).hasSize(1);
          f.clock.advance(Duration.ofMillis(250));
          f.pump();
          assertThat(RelayFixture.drain(feishu)).hasSize(1);
          assertThat(f.relay.depth()).isZero();
        }
      }
    }
  }
}
