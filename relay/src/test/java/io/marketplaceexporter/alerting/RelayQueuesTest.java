package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.status.QueueStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the relay tells the status page about each target's queue. */
class RelayQueuesTest {
  private static final String TOKEN = "tok-c0ffee42";
  private static final String SECRET = "SECbadc0de99";

  /** Two robots behind one target, and a second target that stays idle. */
  private static final String YAML =
      """
      relay:
        initial_backoff: 5s
        max_backoff: 30s
        give_up_after: 1m
        dingtalk:
          oncall:
            robots:
              - {url: "${URL_A}", secret: "${SECRET}"}
              - {url: "${URL_B}", secret: "${SECRET}"}
          night:
            url: ${URL_A}
            secret: ${SECRET}
      """;

  @TempDir Path dir;
  MockWebServer robot;
  RelayFixture f;

  @BeforeEach
  void start() throws Exception {
    robot = new MockWebServer();
    robot.start();
    f =
        new RelayFixture(
            YAML,
            Map.of(
                "URL_A",
                robot.url("/a/send?access_token=" + TOKEN).toString(),
                "URL_B",
                robot.url("/b/send?access_token=" + TOKEN).toString(),
                "SECRET",
                SECRET),
            dir);
  }

  @AfterEach
  void stop() {
    f.close();
    robot.close();
  }

  private QueueStatus queue() {
    assertThat(f.relay.queues())
        .extracting(QueueStatus::target)
        .containsExactlyInAnyOrder("oncall", "night");
    return f.relay.queues().stream().filter(q -> q.target().equals("oncall")).findFirst().get();
  }

  @Test
  void depthOldestWaitingLastDeliveryAndDroppedPerTarget() throws Exception {
    QueueStatus idle = queue();
    assertThat(idle.channel()).isEqualTo("dingtalk");
    assertThat(idle.target()).isEqualTo("oncall");
    assertThat(idle.robots()).isEqualTo(2);
    assertThat(idle.depth()).isZero();
    assertThat(idle.lastDelivery()).isNull();

    Instant queued = f.clock.instant();
    robot.enqueue(new MockResponse.Builder().code(500).body("oops").build());
    f.post("dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-1"));
    f.pump();
    assertThat(queue().depth()).isEqualTo(1);
    assertThat(queue().oldestWaiting()).isEqualTo(queued);
    assertThat(queue().lastDelivery()).as("a failed attempt is no delivery").isNull();

    robot.enqueue(RelayFixture.dingtalkOk());
    f.clock.advance(Duration.ofSeconds(5));
    f.pump();
    assertThat(queue().depth()).isZero();
    assertThat(queue().oldestWaiting()).isNull();
    assertThat(queue().lastDelivery()).isEqualTo(f.clock.instant());

    robot.enqueue(new MockResponse.Builder().code(500).body("oops").build());
    f.post("dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-2"));
    f.pump();
    f.clock.advance(Duration.ofMinutes(2));
    f.pump();
    assertThat(queue().dropped()).as("given up after give_up_after").isEqualTo(1);
    assertThat(queue().toString()).doesNotContain(TOKEN).doesNotContain(SECRET);
  }
}
