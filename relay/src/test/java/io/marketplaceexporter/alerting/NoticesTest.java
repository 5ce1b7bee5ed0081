package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter's own notices through a target's queue ({@code ChatPoster}, issue 20): accepted for
 * configured targets only, delivered with the alerts' retries and limits, rendered in each robot's
 * dialect with their button, kept across a restart.
 */
class NoticesTest {
  private static final String URL = FakeOperations.URL;
  private static final RelayNotice STARTED =
      new RelayNotice(
          "Rollback started by lisi",
          "**restore-price-file** for OrderFailureRateHigh on amazon / US / shop-1\nAudit: #42",
          null,
          false);
  private static final RelayNotice WITH_BUTTON =
      new RelayNotice(
          "Not recovered after 15 minutes — escalate",
          "OrderFailureRateHigh still fires on shop-1.",
          new Button("Open the runbook", URL),
          false);

  @TempDir Path dir;
  final FakeOperations ops = new FakeOperations(java.util.Map.of());
  RobotRig rig;

  private RobotRig rig(String channel) {
    return rig(channel, "");
  }

  private RobotRig rig(String channel, String relayOptions) {
    rig = new RobotRig(channel, ops, dir, "", relayOptions);
    return rig;
  }

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @Nested
  class Posting {
    @Test
    void aNoticeToAConfiguredTargetIsDeliveredAndCountedAsSent() {
      rig("dingtalk").deliver(STARTED);
      assertThat(rig.relay.notifications("dingtalk", "oncall", "sent")).isEqualTo(1);
      assertThat(rig.relay.relay.depth()).isZero();
    }

    @Test
    void aNoticeToAnUnknownTargetOrChannelIsRefusedAndQueuesNothing() {
      AlertRelay relay = rig("dingtalk").relay.relay;
      assertThat(relay.post("dingtalk", "elsewhere", STARTED)).isFalse();
      assertThat(relay.post("wecom", "oncall", STARTED)).isFalse();
      assertThat(relay.post("slack", "oncall", STARTED)).isFalse();
      assertThat(relay.depth()).isZero();
    }

    @Test
    void aNoticeToAFullQueueIsRefused() {
      AlertRelay relay = rig("dingtalk", "  queue_capacity: 1\n").relay.relay;
      assertThat(relay.post("dingtalk", "oncall", STARTED)).isTrue();
      assertThat(relay.post("dingtalk", "oncall", WITH_BUTTON)).isFalse();
      assertThat(relay.depth()).isEqualTo(1);
    }

    @Test
    void aNoticeIsRetriedWithBackoffUntilTheRobotAcceptsIt() {
      rig("feishu");
      rig.robot.thenAnswer(new MockResponse.Builder().code(500).build());
      assertThat(rig.relay.relay.post("feishu", "oncall", STARTED)).isTrue();
      rig.relay.pump();
      assertThat(rig.robot.accepted()).isEmpty();
      assertThat(rig.relay.notifications("feishu", "oncall", "retried")).isEqualTo(1);
      rig.relay.clock.advance(Duration.ofSeconds(5));
      rig.relay.pump();
      assertThat(rig.robot.accepted()).hasSize(1);
      assertThat(rig.robot.accepted().get(0).at("/card/header/title/content").asText())
          .isEqualTo("📣 [NOTICE] Rollback started by lisi");
      assertThat(rig.relay.notifications("feishu", "oncall", "sent")).isEqualTo(1);
    }

    @Test
    void aNoticeIsNeverMergedWithAlertsWhenTheRateLimitMerges() {
      rig = new RobotRig("wecom", ops, dir, "      max_messages_per_minute: 2\n", "");
      rig.relay.post("wecom", "oncall", Payloads.firing("OrderFailureRateHigh", "warning", "s1"));
      rig.relay.post("wecom", "oncall", Payloads.firing("OrderFailureRateHigh", "warning", "s2"));
      rig.relay.relay.post("wecom", "oncall", STARTED);
      rig.relay.post("wecom", "oncall", Payloads.firing("InventorySyncStale", "warning", "s3"));
      for (int minute = 0; minute < 3 && rig.robot.accepted().size() < 3; minute++) {
        rig.relay.pump();
        rig.relay.clock.advance(Duration.ofSeconds(61));
      }
      assertThat(rig.robot.accepted())
          .extracting(b -> b.at("/markdown/content").asText().lines().findFirst().orElse(""))
          .containsExactly(
              "### 🔥 [FIRING] 2 notifications: 2 firing, 0 resolved",
              "### 📣 [NOTICE] Rollback started by lisi",
              "### 🔥 [FIRING:1] InventorySyncStale · warning");
    }
  }

  @Nested
  class Rendering {
    @Test
    void dingTalkWithoutAButtonIsMarkdownWithTheNoticeTitle() {
      JsonNode body = rig("dingtalk").deliver(STARTED);
      assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
      assertThat(body.at("/markdown/title").asText())
          .isEqualTo("📣 [NOTICE] Rollback started by lisi");
      assertThat(body.at("/markdown/text").asText())
          .isEqualTo(
              "### 📣 [NOTICE] Rollback started by lisi\n\n"
                  + "**restore-price-file** for OrderFailureRateHigh on amazon / US / shop-1  \n"
                  + "Audit: #42");
      assertThat(body.has("at")).isFalse();
    }

    @Test
    void dingTalkWithAButtonIsAnActionCardOfTheOfficialShape() {
      JsonNode body = rig("dingtalk").deliver(WITH_BUTTON);
      OfficialRobot.assertSameShape(
          "dingtalk", FakeOperations.buttons().at("/dingtalk/action_card_single"), body);
      assertThat(body.at("/actionCard/singleTitle").asText()).isEqualTo("Open the runbook");
      assertThat(body.at("/actionCard/singleURL").asText()).isEqualTo(URL);
      assertThat(body.at("/actionCard/text").asText())
          .startsWith("### 📣 [NOTICE] Not recovered after 15 minutes — escalate\n\n");
    }

    @Test
    void feishuIsABlueCardWithItsButton() {
      JsonNode body = rig("feishu").deliver(WITH_BUTTON);
      assertThat(body.at("/card/header/template").asText()).isEqualTo("blue");
      assertThat(body.at("/card/elements/0/text/content").asText())
          .isEqualTo("OrderFailureRateHigh still fires on shop-1.");
      OfficialRobot.assertSameShape(
          "feishu.action",
          FakeOperations.buttons().at("/feishu/card_with_button/card/elements/1"),
          body.at("/card/elements/1"));
      assertThat(body.at("/card/elements/1/actions/0/url").asText()).isEqualTo(URL);
    }

    @Test
    void weComCarriesTheButtonAsAMarkdownLinkUnderTheTitle() {
      JsonNode body = rig("wecom").deliver(WITH_BUTTON);
      assertThat(body.at("/markdown/content").asText())
          .isEqualTo(
              "### 📣 [NOTICE] Not recovered after 15 minutes — escalate\n\n"
                  + "👉 [Open the runbook]("
                  + URL
                  + ")\n\n"
                  + "OrderFailureRateHigh still fires on shop-1.");
    }

    @Test
    void aDrillNoticeSaysSoInItsTitleAndFirstLine() {
      JsonNode body =
          rig("dingtalk").deliver(new RelayNotice("Drill report", "Detected in 94 s.", null, true));
      assertThat(body.at("/markdown/title").asText())
          .isEqualTo("🧪 [DRILL] 📣 [NOTICE] Drill report");
      assertThat(body.at("/markdown/text").asText())
          .startsWith("### 🧪 [DRILL] 📣 [NOTICE] Drill report\n\n🧪 **DRILL:** ")
          .endsWith("Detected in 94 s.");
    }

    @Test
    void aLongNoticeIsCutToTheRobotsLimitKeepingItsLink() {
      JsonNode body =
          rig("wecom")
              .deliver(
                  new RelayNotice(
                      "Deploy watch verdict",
                      "订单支付失败，请检查支付网关。\n".repeat(400),
                      new Button("Approve rollback", URL),
                      false));
      String content = body.at("/markdown/content").asText();
      assertThat(Utf8.length(content)).isLessThanOrEqualTo(4096);
      assertThat(content).contains("👉 [Approve rollback](" + URL + ")").endsWith("…");
    }
  }

  @Nested
  class Restart {
    @Test
    void aQueuedNoticeSurvivesARestartWithItsButton() throws Exception {
      rig("dingtalk");
      rig.robot.thenAnswer(new MockResponse.Builder().code(500).build());
      rig.relay.relay.post("dingtalk", "oncall", WITH_BUTTON);
      rig.relay.pump();
      assertThat(rig.robot.accepted()).isEmpty();
      assertThat(Files.readString(dir.resolve(QueueStore.FILE_NAME)))
          .contains("\"notice\"")
          .contains("Not recovered after 15 minutes");

      rig.relay.restart();
      assertThat(rig.relay.relay.depth()).isEqualTo(1);
      rig.relay.clock.advance(Duration.ofSeconds(5));
      rig.relay.pump();
      assertThat(rig.robot.accepted()).hasSize(1);
      assertThat(rig.robot.accepted().get(0).at("/actionCard/singleURL").asText()).isEqualTo(URL);
    }
  }
}
