package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Feishu (飞书) custom bots: {@code msg_type: interactive}, a card whose header is the title (red
 * while firing, green when resolved) and whose {@code lark_md} element is the text; mentions as
 * {@code <at id=...></at>}, the card syntax ({@code <at user_id="...">} is for text messages). When
 * a secret is set the body carries {@code timestamp} (seconds) and {@code sign}. Answers carry
 * {@code code} (older bots {@code StatusCode}): 11232 is the rate limit, 19021 a bad signature.
 */
final class FeishuDialect extends Dialect {
  FeishuDialect() {
    super("feishu", 30_000, null, "\n");
  }

  /** Feishu bots take at most 5 requests a second (and 100 a minute). */
  @Override
  Duration minInterval() {
    return Duration.ofMillis(250);
  }

  @Override
  String mentions(List<String> mobiles, List<String> userIds) {
    return join(userIds, "<at id=", "></at>");
  }

  @Override
  byte[] body(Message message, Robot robot, Instant now) {
    ObjectNode root = JSON.createObjectNode();
    if (robot.secret() != null) {
      long ts = now.getEpochSecond();
      root.put("timestamp", Long.toString(ts));
      root.put("sign", Signatures.feishu(ts, robot.secret().reveal()));
    }
    root.put("msg_type", "interactive");
    ObjectNode card = root.putObject("card");
    card.putObject("config").put("wide_screen_mode", true);
    ObjectNode header = card.putObject("header");
    header.putObject("title").put("tag", "plain_text").put("content", message.title());
    header.put("template", message.firing() ? "red" : "green");
    ObjectNode div = card.putArray("elements").addObject();
    div.put("tag", "div");
    div.putObject("text").put("tag", "lark_md").put("content", message.text());
    return write(root);
  }

  @Override
  Verdict verdict(int httpStatus, String body) {
    JsonNode answer = read(body);
    JsonNode code =
        answer == null ? null : answer.has("code") ? answer.get("code") : answer.get("StatusCode");
    if (code == null || !code.isNumber()) {
      return byStatus(httpStatus, "Feishu");
    }
    String message =
        answer.has("msg") ? answer.path("msg").asText() : answer.path("StatusMessage").asText();
    String reason = "Feishu code " + code.asInt() + " (" + message + ")";
    if (code.asInt() == 0 && httpStatus == 200) {
      return Verdict.sent();
    }
    if (code.asInt() == 11232 || httpStatus == 429) {
      return new Verdict(Verdict.Kind.RATE_LIMITED, reason);
    }
    return new Verdict(httpStatus >= 500 ? Verdict.Kind.RETRY : Verdict.Kind.DROP, reason);
  }
}
