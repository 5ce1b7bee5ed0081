package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.RelayTargetConfig;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Messages fit the robot's size limit by dropping detail, never the runbook, never mid-character.
 */
class SizeLimitTest {
  private static final String CHINESE = "订单支付失败，请检查支付网关和库存同步。";

  private static MessageRenderer renderer(Dialect dialect) {
    RelayTargetConfig.Mention mention =
        ConfigLoader.parse(
                "relay:\n  wecom:\n    t:\n      url: http://127.0.0.1/x\n"
                    + "      mention: {user_ids: [zhangsan]}\n")
            .relay()
            .wecom()
            .get("t")
            .mention();
    return new MessageRenderer(dialect, ZoneId.of("Asia/Shanghai"), new Mentions(mention));
  }

  private static AlertGroup groupOf(int alerts, String description) {
    ObjectNode[] list = new ObjectNode[alerts];
    for (int i = 0; i < alerts; i++) {
      list[i] = Payloads.alert("OrderFailureRateHigh", "critical", "店铺-" + i);
      ((ObjectNode) list[i].get("annotations"))
          .put("summary", "店铺-" + i + " " + CHINESE)
          .put("description", description);
    }
    return Payloads.parsed(Payloads.group("firing", list));
  }

  private static void assertValidUtf8(byte[] bytes) throws CharacterCodingException {
    StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes));
  }

  @Nested
  class Shortening {
    @Test
    void aSmallGroupKeepsEveryDetail() {
      MessageRenderer r = renderer(new WeComDialect());
      Message m = r.fit(List.of(groupOf(1, CHINESE)), 4096);
      assertThat(m.text()).contains("Description: " + CHINESE).contains("🔕 **Silence:**");
    }

    @Test
    void descriptionsGoFirstThenLinksOtherThanTheRunbook() {
      MessageRenderer r = renderer(new WeComDialect());
      Message m = r.fit(List.of(groupOf(8, CHINESE.repeat(5))), 4096);
      assertThat(r.size(m)).isLessThanOrEqualTo(4096);
      assertThat(m.text())
          .doesNotContain("Description:")
          .contains("📖 **Runbook:** [https://runbooks.example.com/OrderFailureRateHigh]")
          .contains("<@zhangsan>");
      for (int i = 0; i < 8; i++) {
        assertThat(m.text()).contains("店铺-" + i);
      }
    }

    @Test
    void alertsBeyondTheLimitAreCountedNotSilentlyLost() throws Exception {
      MessageRenderer r = renderer(new WeComDialect());
      Message m = r.fit(List.of(groupOf(300, CHINESE)), 4096);
      byte[] body = new WeComDialect().body(m, null, null);
      assertThat(body.length).isLessThanOrEqualTo(4096);
      assertValidUtf8(body);
      assertThat(m.text())
          .startsWith(
              "### 🔥 [FIRING:300] OrderFailureRateHigh · critical\n\n"
                  + "📖 **Runbook:** [https://runbooks.example.com/OrderFailureRateHigh]")
          .endsWith("<@zhangsan>");
      Matcher more = Pattern.compile("…and (\\d+) more alerts not shown").matcher(m.text());
      assertThat(more.find()).isTrue();
      assertThat(shopsShown(m.text()) + Integer.parseInt(more.group(1))).isEqualTo(300);
    }

    @Test
    void dingTalkGroupsUpToItsTwentyThousandBytes() throws Exception {
      MessageRenderer r = renderer(new DingTalkDialect());
      Message m = r.fit(List.of(groupOf(400, CHINESE)), 20_000);
      byte[] body = new DingTalkDialect().body(m, null, null);
      assertThat(body.length).isLessThanOrEqualTo(20_000).isGreaterThan(15_000);
      assertValidUtf8(body);
    }
  }

  /** How many distinct shops a text lists as alert lines. */
  private static int shopsShown(String text) {
    Matcher m = Pattern.compile("店铺-(\\d+):").matcher(text);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (m.find()) {
      seen.add(m.group(1));
    }
    return seen.size();
  }

  @Nested
  class LastResort {
    @Test
    void whenEvenTheLinksDoNotFitTheTextIsCutAtALineNeverInsideACharacter() throws Exception {
      List<ObjectNode> alerts = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        ObjectNode a = Payloads.alert("库存同步失败", "critical", "s" + i);
        ((ObjectNode) a.get("annotations"))
            .put("runbook_url", "https://wiki.example.cn/运维手册/库存/" + i);
        alerts.add(a);
      }
      MessageRenderer r = renderer(new WeComDialect());
      AlertGroup g = Payloads.parsed(Payloads.group("firing", alerts.toArray(ObjectNode[]::new)));
      Message m = r.fit(List.of(g), 2048);
      byte[] body = new WeComDialect().body(m, null, null);
      assertThat(body.length).isLessThanOrEqualTo(2048);
      assertValidUtf8(body);
      assertThat(m.text())
          .contains("📖 **Runbook:** [https://wiki.example.cn/运维手册/库存/0]")
          .endsWith("\n…");
    }
  }

  @Nested
  class Utf8Cuts {
    @Test
    void neverSplitsAChineseCharacterOrAnEmoji() {
      String s = "告警🔥恢复";
      for (int max = 0; max <= Utf8.length(s); max++) {
        String cut = Utf8.truncate(s, max);
        assertThat(s).startsWith(cut);
        assertThat(Utf8.length(cut)).isLessThanOrEqualTo(max);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isEqualTo(Utf8.length(cut));
      }
      assertThat(Utf8.truncate(s, 5)).isEqualTo("告");
      assertThat(Utf8.truncate(s, 9)).isEqualTo("告警");
      assertThat(Utf8.truncate(s, 10)).isEqualTo("告警🔥");
    }

    @Test
    void prefersALineBreakNearTheEnd() {
      assertThat(Utf8.truncate("第一行\n第二行很长很长", 25))
          .as("the line break is too early to prefer")
          .isEqualTo("第一行\n第二行很长");
      assertThat(Utf8.truncate("第一行第二行\n很长很长", 25)).isEqualTo("第一行第二行");
    }
  }
}
