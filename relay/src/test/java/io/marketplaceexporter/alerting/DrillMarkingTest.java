package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Alerts of fault drills (labels {@code drills.isDrill} holds for) are marked in the message: the
 * title starts with {@code [DRILL]} when all its alerts are drills, a line says so, each drill
 * alert's line is marked, and drill alerts mention nobody.
 */
class DrillMarkingTest {
  private static final String MENTIONS =
      "      mention: {mobiles: [\"13800000000\"], user_ids: [\"ou_1\"]}\n";

  @TempDir Path dir;
  final FakeOperations ops = new FakeOperations(Map.of());
  RobotRig rig;

  private RobotRig rig(String channel) {
    rig = new RobotRig(channel, ops, dir, MENTIONS);
    return rig;
  }

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @Nested
  class OnlyDrills {
    @Test
    void theTitleAndFirstLineSayDrillTheKeywordStaysAndNobodyIsMentioned() {
      JsonNode body =
          rig("dingtalk")
              .deliver(
                  Payloads.group(
                      "firing", FakeOperations.drillAlert("OrderFailureRateHigh", "critical")));
      assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
      assertThat(body.at("/markdown/title").asText())
          .isEqualTo("🧪 [DRILL] 🔥 [FIRING:1] OrderFailureRateHigh · critical");
      String text = body.at("/markdown/text").asText();
      assertThat(text)
          .startsWith(
              "### 🧪 [DRILL] 🔥 [FIRING:1] OrderFailureRateHigh · critical\n\n"
                  + "🧪 **DRILL:** a fault drill on the reserved drill shop, not a real incident;")
          .contains("🧪 [DRILL] **[critical] OrderFailureRateHigh** · drill / US / drill-shop")
          .doesNotContain("@13800000000")
          .doesNotContain("@ou_1");
      assertThat(body.has("at")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"feishu", "wecom"})
    void feishuAndWeComSayDrillInTheTitleAndMentionNobody(String channel) {
      rig = new RobotRig(channel, ops, dir, "      mention: {user_ids: [\"ou_1\"]}\n");
      JsonNode body =
          rig.deliver(Payloads.group("firing", FakeOperations.drillAlert("A", "critical")));
      String title =
          channel.equals("feishu")
              ? body.at("/card/header/title/content").asText()
              : body.at("/markdown/content").asText().lines().findFirst().orElse("");
      String text =
          channel.equals("feishu")
              ? body.at("/card/elements/0/text/content").asText()
              : body.at("/markdown/content").asText();
      assertThat(title).contains("🧪 [DRILL] 🔥 [FIRING:1] A · critical");
      assertThat(text).contains("🧪 **DRILL:**").doesNotContain("ou_1");
    }
  }

  @Nested
  class Mixed {
    @Test
    void onlyTheDrillAlertsAreMarkedAndTheRealOnesStillMention() {
      JsonNode body =
          rig("dingtalk")
              .deliver(
                  Payloads.group(
                      "firing",
                      Payloads.alert("OrderFailureRateHigh", "critical", "shop-1"),
                      FakeOperations.drillAlert("OrderFailureRateHigh", "critical")));
      assertThat(body.at("/markdown/title").asText())
          .isEqualTo("🔥 [FIRING:2] OrderFailureRateHigh · critical");
      assertThat(body.at("/markdown/text").asText())
          .contains("🧪 **DRILL:** 1 of 2 alerts are a fault drill (marked [DRILL]); the others")
          .contains("\n**[critical] OrderFailureRateHigh** · amazon / US / shop-1")
          .contains("🧪 [DRILL] **[critical] OrderFailureRateHigh** · drill / US / drill-shop")
          .endsWith("@13800000000 @ou_1");
      assertThat(body.at("/at/atMobiles/0").asText()).isEqualTo("13800000000");
    }
  }
}
