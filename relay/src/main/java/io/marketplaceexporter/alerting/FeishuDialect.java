package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.crypto.HmacSha256;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Feishu (飞书) custom bots: {@code msg_type: interactive}, a card whose header is the title (red
 * while firing, green when resolved, blue for the exporter's notices), whose {@code lark_md}
 * element is the text, and whose buttons, if any, are one {@code action} element; mentions as
 * {@code <at id=...></at>}, the card syntax ({@code <at user_id="...">} is for text messages). When
 * a secret is set the body carries {@code timestamp} (seconds) and {@code sign}. Answers carry
 * {@code code} (older bots {@code StatusCode}), whatever the HTTP status; the codes and their
 * sources are in {@code docs/alert-relay.md} and the test fixtures under {@code robots/official}.
 */
final class FeishuDialect extends Dialect {
  /**
   * The request body limit: the custom bot guide says 20 KB; 20000 bytes is within either reading
   * of that (20000 or 20480).
   */
  static final int MAX_BODY_BYTES = 20_000;

  /**
   * 11232 and 99991400: rate limited; 9499 (Bad Request): a body of the wrong format or over 20 KB,
   * so shrunk and sent again; 19021: signature or timestamp (over an hour off) not accepted; 19022:
   * IP not allowed; 19024: no keyword found.
   */
  static final Map<Integer, Verdict.Kind> CODES =
      Map.of(
          11232, Verdict.Kind.RATE_LIMITED,
          99991400, Verdict.Kind.RATE_LIMITED,
          9499, Verdict.Kind.TOO_LARGE,
          19021, Verdict.Kind.DROP,
          19022, Verdict.Kind.DROP,
          19024, Verdict.Kind.DROP);

  FeishuDialect() {
    super("feishu", MAX_BODY_BYTES, null, "\n");
  }

  /** Feishu bots take at most 5 requests a second (and 100 a minute). */
  @Override
  Duration minInterval() {
    return Duration.ofMillis(250);
  }

  @Override
  boolean showsButtons(boolean mentions) {
    return true;
  }

  @Override
  String mentions(List<String> mobiles, List<String> userIds) {
    return join(userIds, "<at id=", "></at>");
  }

  /**
   * Feishu's signature: Base64 of HMAC-SHA256 over an empty message keyed with {@code timestamp +
   * "\n" + secret}; {@code timestamp} is Unix seconds.
   */
  static String sign(long timestampSeconds, String secret) {
    return HmacSha256.base64(timestampSeconds + "\n" + secret, "");
  }

  @Override
  byte[] body(Message message, Robot robot, Instant now) {
    ObjectNode root = JSON.createObjectNode();
    if (robot.secret() != null) {
      long ts = now.getEpochSecond();
      root.put("timestamp", Long.toString(ts));
      root.put("sign", sign(ts, robot.secret().reveal()));
    }
    root.put("msg_type", "interactive");
    ObjectNode card = root.putObject("card");
    card.putObject("config").put("wide_screen_mode", true);
    ObjectNode header = card.putObject("header");
    header.putObject("title").put("tag", "plain_text").put("content", message.title());
    header.put(
        "template",
        switch (message.tone()) {
          case FIRING -> "red";
          case RESOLVED -> "green";
          case NOTICE -> "blue";
        });
    ArrayNode elements = card.putArray("elements");
    ObjectNode div = elements.addObject();
    div.put("tag", "div");
    div.putObject("text").put("tag", "lark_md").put("content", message.text());
    if (!message.buttons().isEmpty()) {
      ObjectNode action = elements.addObject();
      action.put("tag", "action");
      ArrayNode actions = action.putArray("actions");
      for (Button b : message.buttons()) {
        ObjectNode button = actions.addObject();
        button.put("tag", "button");
        button.putObject("text").put("tag", "plain_text").put("content", b.label());
        button.put("type", "primary");
        button.put("url", b.url());
      }
    }
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
    if (code.asInt() == 0) {
      return httpStatus == 200 ? Verdict.sent() : byStatus(httpStatus, "Feishu");
    }
    return byCode(code.asInt(), reason, CODES);
  }
}
