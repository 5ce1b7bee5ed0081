package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery listener (issue 20's drills measure with it): told once per firing alert of a
 * message a robot accepted (HTTP 200 and the robot's success code), with the time of the answer;
 * never for a failed, refused or rate-limited attempt, nor for notices.
 */
class DeliveriesTest {
  @TempDir Path dir;
  final FakeOperations ops = new FakeOperations(Map.of());
  RobotRig rig;

  private RobotRig rig(String channel, String targetOptions) {
    rig = new RobotRig(channel, ops, dir, targetOptions);
    return rig;
  }

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  private static FakeOperations.Delivery told(String shop) {
    return new FakeOperations.Delivery(
        "dingtalk",
        "oncall",
        Payloads.parsed(Payloads.firing("OrderFailureRateHigh", "critical", shop))
            .alerts()
            .get(0)
            .labels(),
        RelayFixture.START);
  }

  @Nested
  class Accepted {
    @Test
    void eachFiringAlertOfTheMessageIsToldOnceWithTheTimeOfTheAnswer() {
      rig("dingtalk", "")
          .deliver(
              Payloads.group(
                  "firing",
                  Payloads.alert("OrderFailureRateHigh", "critical", "shop-1"),
                  Payloads.alert("OrderFailureRateHigh", "critical", "shop-2"),
                  Payloads.resolved(Payloads.alert("OrderFailureRateHigh", "critical", "s3"))));
      assertThat(ops.deliveries).containsExactly(told("shop-1"), told("shop-2"));
    }

    @Test
    void aMergedMessageTellsTheAlertsOfEveryNotificationItCarriedOnceEach() {
      rig("wecom", "      max_messages_per_minute: 2\n");
      for (String shop : new String[] {"shop-1", "shop-1", "shop-2"}) {
        rig.relay.post(
            "wecom", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", shop));
      }
      rig.relay.pump();
      assertThat(rig.robot.accepted()).hasSize(1);
      assertThat(ops.deliveries)
          .extracting(d -> d.channel() + "/" + d.target() + " " + d.labels().get("shop"))
          .containsExactly("wecom/oncall shop-1", "wecom/oncall shop-2");
    }
  }

  @Nested
  class NotAccepted {
    @Test
    void aFailedAttemptTellsNothingAndTheRetryThatSucceedsTellsOnce() {
      rig("dingtalk", "");
      rig.robot.thenAnswer(new MockResponse.Builder().code(500).build());
      rig.relay.post(
          "dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "s"));
      rig.relay.pump();
      assertThat(ops.deliveries).isEmpty();
      rig.relay.clock.advance(Duration.ofSeconds(5));
      rig.relay.pump();
      assertThat(rig.robot.accepted()).hasSize(1);
      assertThat(ops.deliveries)
          .singleElement()
          .satisfies(d -> assertThat(d.at()).isEqualTo(RelayFixture.START.plusSeconds(5)));
    }

    @Test
    void aRateLimitAnswerWithHttp200TellsNothing() {
      rig("dingtalk", "");
      rig.robot.thenAnswer(130101);
      rig.relay.post(
          "dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "s"));
      rig.relay.pump();
      assertThat(rig.relay.notifications("dingtalk", "oncall", "retried")).isEqualTo(1);
      assertThat(ops.deliveries).isEmpty();
    }

    @Test
    void aRejectedMessageTellsNothing() {
      rig("feishu", "");
      rig.robot.alwaysAnswer(19021);
      rig.relay.post("feishu", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "s"));
      rig.relay.pump();
      assertThat(rig.relay.notifications("feishu", "oncall", "dropped")).isEqualTo(1);
      assertThat(ops.deliveries).isEmpty();
    }

    @Test
    void aNoticeCarriesNoAlertAndTellsNothing() {
      rig("dingtalk", "").deliver(new RelayNotice("Verified", "Recovered.", null, false));
      assertThat(ops.deliveries).isEmpty();
    }
  }

  @Nested
  class FailingListener {
    @Test
    void aListenerThatThrowsNeitherStopsNorRepeatsDelivery() {
      ops.deliveryFailure = new IllegalStateException("drill store down");
      rig("dingtalk", "").deliver(Payloads.firing("OrderFailureRateHigh", "critical", "shop-1"));
      rig.deliver(Payloads.firing("InventorySyncStale", "critical", "shop-1"));
      assertThat(rig.robot.accepted()).hasSize(2);
      assertThat(ops.deliveries).hasSize(2);
      assertThat(rig.relay.notifications("dingtalk", "oncall", "sent")).isEqualTo(2);
      assertThat(rig.relay.relay.depth()).isZero();
    }
  }
}
