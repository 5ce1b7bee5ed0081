package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Approval links in alert messages (issue 20): a DingTalk action card, a Feishu card button, a
 * WeCom markdown link, in the shapes of the robots' documents ({@code
 * robots/official/buttons.json}, sources in the README there); the rest of the message as without a
 * link.
 */
class ApprovalButtonsTest {
  private static final String ALERT = "OrderFailureRateHigh";
  private static final String LABEL = "Approve rollback: restore-price-file";
  private static final String MENTIONS = "      mention: {mobiles: [\"13800000000\"]}\n";

  @TempDir Path dir;
  final FakeOperations ops = FakeOperations.rollbackFor(ALERT);
  RobotRig rig;

  private RobotRig rig(String channel, String targetOptions) {
    rig = new RobotRig(channel, ops, dir.resolve("relay"), targetOptions);
    return rig;
  }

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  private static ObjectNode twoShops() {
    return Payloads.group(
        "firing",
        Payloads.alert(ALERT, "warning", "shop-1"),
        Payloads.alert(ALERT, "warning", "shop-2"));
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  @Nested
  class DingTalk {
    @Test
    void aFiringAlertWithAnActionIsAnActionCardWithOneButtonAndTodaysText() {
      JsonNode body = rig("dingtalk", "").deliver(Payloads.firing(ALERT, "critical", "shop-1"));
      JsonNode official = FakeOperations.buttons().at("/dingtalk/action_card_single");
      OfficialRobot.assertSameShape("dingtalk", official, body);
      assertThat(body.path("msgtype").asText()).isEqualTo("actionCard");
      JsonNode card = body.path("actionCard");
      assertThat(fieldNames(card))
          .containsAll(
              strings(FakeOperations.buttons().at("/dingtalk/action_card_required/single")))
          .doesNotContain("btns");
      assertThat(card.path("singleTitle").asText()).isEqualTo(LABEL);
      assertThat(card.path("singleURL").asText()).isEqualTo(FakeOperations.URL);

      JsonNode plain =
          rig.withoutOperations(Payloads.firing(ALERT, "critical", "shop-1"), dir.resolve("plain"));
      assertThat(plain.path("msgtype").asText()).isEqualTo("markdown");
      assertThat(card.path("title").asText()).isEqualTo(plain.at("/markdown/title").asText());
      assertThat(card.path("text").asText()).isEqualTo(plain.at("/markdown/text").asText());
    }

    @Test
    void severalAlertsWithActionsGetOneButtonEachNamedByShop() {
      JsonNode body = rig("dingtalk", "").deliver(twoShops());
      OfficialRobot.assertSameShape(
          "dingtalk", FakeOperations.buttons().at("/dingtalk/action_card_btns"), body);
      JsonNode card = body.path("actionCard");
      assertThat(fieldNames(card))
          .containsAll(strings(FakeOperations.buttons().at("/dingtalk/action_card_required/btns")))
          .doesNotContain("singleTitle", "singleURL");
      assertThat(card.path("btns")).hasSize(2);
      assertThat(card.at("/btns/0/title").asText()).isEqualTo(LABEL + " · shop-1");
      assertThat(card.at("/btns/0/actionURL").asText()).isEqualTo(FakeOperations.url("shop-1"));
      assertThat(card.at("/btns/1/title").asText()).isEqualTo(LABEL + " · shop-2");
      assertThat(card.at("/btns/1/actionURL").asText()).isEqualTo(FakeOperations.url("shop-2"));
      for (JsonNode b : card.path("btns")) {
        assertThat(fieldNames(b))
            .containsAll(
                strings(FakeOperations.buttons().at("/dingtalk/action_card_required/button")));
      }
    }

    @Test
    void beyondFiveLinksTheRestAreLinesInTheText() {
      ObjectNode[] alerts = new ObjectNode[7];
      for (int i = 0; i < alerts.length; i++) {
        alerts[i] = Payloads.alert(ALERT, "warning", "shop-" + (i + 1));
      }
      JsonNode card =
          rig("dingtalk", "").deliver(Payloads.group("firing", alerts)).path("actionCard");
      assertThat(card.path("btns")).hasSize(Dialect.MAX_BUTTONS);
      assertThat(card.path("text").asText())
          .contains("👉 [" + LABEL + " · shop-6](" + FakeOperations.url("shop-6") + ")  \n")
          .contains("👉 [" + LABEL + " · shop-7](" + FakeOperations.url("shop-7") + ")  \n")
          .doesNotContain("· shop-5](");
    }

    @Test
    void aMessageThatMentionsPeopleStaysMarkdownWithAtAndCarriesTheLinkInTheText() {
      JsonNode body =
          rig("dingtalk", MENTIONS).deliver(Payloads.firing(ALERT, "critical", "shop-1"));
      assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
      assertThat(strings(body.at("/at/atMobiles"))).containsExactly("13800000000");
      assertThat(body.at("/markdown/text").asText())
          .startsWith("### 🔥 [FIRING:1] " + ALERT + " · critical\n\n👉 [" + LABEL + "]")
          .contains("👉 [" + LABEL + "](" + FakeOperations.URL + ")  \n")
          .endsWith("@13800000000");
    }

    @Test
    void anAlertWithoutAnActionIsTheMarkdownMessageOfToday() {
      ObjectNode payload = Payloads.firing("InventorySyncStale", "critical", "shop-1");
      JsonNode body = rig("dingtalk", MENTIONS).deliver(payload);
      assertThat(body).isEqualTo(rig.withoutOperations(payload, dir.resolve("plain")));
      assertThat(ops.asked).hasSize(1);
    }
  }

  @Nested
  class Feishu {
    @Test
    void aFiringAlertWithAnActionHasAnActionElementWithAUrlButton() {
      JsonNode body = rig("feishu", "").deliver(Payloads.firing(ALERT, "critical", "shop-1"));
      JsonNode official = FakeOperations.buttons().at("/feishu/card_with_button/card/elements/1");
      JsonNode action = body.at("/card/elements/1");
      OfficialRobot.assertSameShape("feishu.action", official, action);
      assertThat(action.path("tag").asText()).isEqualTo("action");
      JsonNode button = action.at("/actions/0");
      assertThat(fieldNames(button))
          .containsAll(strings(FakeOperations.buttons().at("/feishu/button_required")));
      assertThat(button.path("tag").asText()).isEqualTo("button");
      assertThat(button.at("/text/content").asText()).isEqualTo(LABEL);
      assertThat(strings(FakeOperations.buttons().at("/feishu/button_types")))
          .contains(button.path("type").asText());
      assertThat(button.path("url").asText()).isEqualTo(FakeOperations.URL);

      JsonNode plain =
          rig.withoutOperations(Payloads.firing(ALERT, "critical", "shop-1"), dir.resolve("plain"));
      assertThat(plain.at("/card/elements")).hasSize(1);
      assertThat(body.at("/card/elements/0")).isEqualTo(plain.at("/card/elements/0"));
      assertThat(body.at("/card/header")).isEqualTo(plain.at("/card/header"));
    }

    @Test
    void severalAlertsWithActionsAreSeveralButtonsInOneActionElementBesideTheMentions() {
      ObjectNode payload =
          Payloads.group(
              "firing",
              Payloads.alert(ALERT, "critical", "shop-1"),
              Payloads.alert(ALERT, "critical", "shop-2"));
      JsonNode body = rig("feishu", "      mention: {user_ids: [\"ou_1\"]}\n").deliver(payload);
      assertThat(body.at("/card/elements/0/text/content").asText()).endsWith("<at id=ou_1></at>");
      assertThat(body.at("/card/elements")).hasSize(2);
      JsonNode actions = body.at("/card/elements/1/actions");
      assertThat(actions).hasSize(2);
      assertThat(actions.at("/0/url").asText()).isEqualTo(FakeOperations.url("shop-1"));
      assertThat(actions.at("/1/text/content").asText()).isEqualTo(LABEL + " · shop-2");
      assertThat(actions.at("/1/url").asText()).isEqualTo(FakeOperations.url("shop-2"));
    }
  }

  @Nested
  class WeCom {
    /** A markdown link as the robot's document writes one: {@code [text](url)}. */
    private final Pattern link = Pattern.compile("\\[[^\\]\\n]+\\]\\(([^()\\s]+)\\)");

    @Test
    void theLinkIsAMarkdownLinkAtTheTopOfTheContentAndTheRestIsTodays() {
      assertThat(
              link.matcher(FakeOperations.buttons().at("/wecom/markdown_link").asText()).matches())
          .as("the document's link syntax")
          .isTrue();
      ObjectNode payload = Payloads.firing(ALERT, "critical", "shop-1");
      JsonNode body = rig("wecom", "").deliver(payload);
      OfficialRobot.assertSameShape(
          "wecom", FakeOperations.buttons().at("/wecom/markdown_example"), body);
      String content = body.at("/markdown/content").asText();
      String line = "👉 [" + LABEL + "](" + FakeOperations.URL + ")\n";
      assertThat(link.matcher(line.strip().substring(3)).matches()).isTrue();
      assertThat(content).contains("\n\n" + line + "\n📖 **Runbook:**");
      String plain =
          rig.withoutOperations(payload, dir.resolve("plain")).at("/markdown/content").asText();
      assertThat(content.replace(line + "\n", "")).isEqualTo(plain);
    }

    @Test
    void theLinksStayWhenTheSizeLimitShortensTheMessage() {
      ObjectNode[] alerts = new ObjectNode[60];
      for (int i = 0; i < alerts.length; i++) {
        alerts[i] = Payloads.alert(ALERT, "critical", "shop-" + (i + 1));
        ((ObjectNode) alerts[i].get("annotations")).put("description", "订单支付失败。".repeat(40));
      }
      JsonNode body = rig("wecom", "").deliver(Payloads.group("firing", alerts));
      String content = body.at("/markdown/content").asText();
      assertThat(Utf8.length(content)).isLessThanOrEqualTo(4096);
      assertThat(content)
          .contains("(" + FakeOperations.url("shop-1") + ")")
          .contains("more alerts not shown");
      int links = (int) content.lines().filter(l -> l.startsWith("👉 [")).count();
      int listed = (int) content.lines().filter(l -> l.startsWith("- **[critical]")).count();
      assertThat(links).as("one link per listed alert").isEqualTo(listed).isPositive();
    }
  }

  @Nested
  class Urls {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dingtalk", "feishu", "wecom"})
    void theLinkReachesTheRobotByteForByte(String channel) throws InterruptedException {
      rig(channel, "").deliver(Payloads.firing(ALERT, "critical", "shop-1"));
      String raw = rig.server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8();
      assertThat(raw).contains(FakeOperations.URL);
    }
  }

  @Nested
  class LinkText {
    @Test
    void aLabelCannotBreakTheMarkdownLinkAndOnlySpacesAndParenthesesAreEncoded() {
      String text =
          Extras.preamble(
              0,
              1,
              List.of(new Button("Approve [x]", "https://e.example/a?b=(c)&d=%2B+e")),
              "\n",
              false);
      assertThat(text).isEqualTo("👉 [Approve (x)](https://e.example/a?b=%28c%29&d=%2B+e)\n\n");
    }
  }

  @Nested
  class Resolved {
    @Test
    void resolvedAlertsAreNeverAskedForALinkAndCarryNone() {
      ObjectNode payload =
          Payloads.group("resolved", Payloads.resolved(Payloads.alert(ALERT, "critical", "s1")));
      JsonNode body = rig("dingtalk", "").deliver(payload);
      assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
      assertThat(body.toString()).doesNotContain("approve");
      assertThat(ops.asked).isEmpty();
    }

    @Test
    void aFiringNotificationAsksOnlyForItsFiringAlerts() {
      ObjectNode payload =
          Payloads.group(
              "firing",
              Payloads.alert(ALERT, "warning", "shop-1"),
              Payloads.resolved(Payloads.alert(ALERT, "warning", "shop-2")));
      JsonNode body = rig("dingtalk", "").deliver(payload);
      assertThat(ops.asked).extracting(l -> l.get("shop")).containsExactly("shop-1");
      assertThat(body.at("/actionCard/singleURL").asText()).isEqualTo(FakeOperations.URL);
    }
  }

  @Nested
  class Failures {
    @Test
    void eachAlertIsAskedOnceForOneMessageThoughTheSizeIsProbedManyTimes() {
      rig("wecom", "").deliver(twoShops());
      assertThat(ops.asked).extracting(l -> l.get("shop")).containsExactly("shop-1", "shop-2");
    }

    @Test
    void aFailingLinkSourceSendsTheMessageWithoutButtons() {
      ops.failure = new IllegalStateException("approval store unavailable");
      JsonNode body = rig("dingtalk", "").deliver(Payloads.firing(ALERT, "critical", "shop-1"));
      assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
      assertThat(rig.relay.notifications("dingtalk", "oncall", "sent")).isEqualTo(1);
    }
  }
}
