package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.crypto.HmacSha256;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * DingTalk custom robots: {@code msgtype: markdown} with title and text, mentions in {@code at} and
 * as {@code @mobile} / {@code @userId} in the text (DingTalk highlights only those in both); a
 * message with buttons is an {@code actionCard} (one button as {@code singleTitle}/{@code
 * singleURL}, several as {@code btns}), which the document gives no {@code at} for, so a message
 * that mentions people stays markdown with its links in the text; and, when a secret is set, {@code
 * timestamp} (ms) and {@code sign} query parameters. Answers carry {@code errcode}; the codes and
 * their sources are in {@code docs/alert-relay.md} and the test fixtures under {@code
 * robots/official}.
 */
final class DingTalkDialect extends Dialect {
  /**
   * 130101: over 20 a minute; 460101: body over 20000 bytes; -1: system busy; 310000: signature,
   * timestamp, keyword or IP not accepted; 300001 and 300005: no such robot token.
   */
  static final Map<Integer, Verdict.Kind> CODES =
      Map.of(
          130101, Verdict.Kind.RATE_LIMITED,
          460101, Verdict.Kind.TOO_LARGE,
          -1, Verdict.Kind.RETRY,
          310000, Verdict.Kind.DROP,
          300001, Verdict.Kind.DROP,
          300005, Verdict.Kind.DROP);

  DingTalkDialect() {
    super("dingtalk", 20_000, "### ", "  \n");
  }

  @Override
  String mentions(List<String> mobiles, List<String> userIds) {
    List<String> all = new ArrayList<>(mobiles);
    all.addAll(userIds);
    return join(all, "@", "");
  }

  /** Buttons only where nobody is mentioned: the action card has no {@code at} in the document. */
  @Override
  boolean showsButtons(boolean mentions) {
    return !mentions;
  }

  @Override
  HttpUrl url(Robot robot, Instant now) {
    HttpUrl url = robot.httpUrl();
    if (robot.secret() == null) {
      return url;
    }
    long ts = now.toEpochMilli();
    String sign = sign(ts, robot.secret().reveal());
    return url.newBuilder()
        .addQueryParameter("timestamp", Long.toString(ts))
        .addEncodedQueryParameter("sign", URLEncoder.encode(sign, StandardCharsets.UTF_8))
        .build();
  }

  /**
   * DingTalk's signature: Base64 of HMAC-SHA256 over {@code timestamp + "\n" + secret} keyed with
   * the secret; {@code timestamp} is Unix milliseconds. The caller URL-encodes it into the {@code
   * sign} query parameter.
   */
  static String sign(long timestampMillis, String secret) {
    return HmacSha256.base64(secret, timestampMillis + "\n" + secret);
  }

  @Override
  byte[] body(Message message, Robot robot, Instant now) {
    ObjectNode root = JSON.createObjectNode();
    if (!message.buttons().isEmpty()) {
      root.put("msgtype", "actionCard");
      ObjectNode card = root.putObject("actionCard");
      card.put("title", message.title());
      card.put("text", message.text());
      card.put("btnOrientation", "0");
      if (message.buttons().size() == 1) {
        card.put("singleTitle", message.buttons().get(0).label());
        card.put("singleURL", message.buttons().get(0).url());
      } else {
        for (Button b : message.buttons()) {
          card.withArray("btns").addObject().put("title", b.label()).put("actionURL", b.url());
        }
      }
      return write(root);
    }
    root.put("msgtype", "markdown");
    ObjectNode md = root.putObject("markdown");
    md.put("title", message.title());
    md.put("text", message.text());
    if (!message.mobiles().isEmpty() || !message.userIds().isEmpty()) {
      ObjectNode at = root.putObject("at");
      message.mobiles().forEach(at.putArray("atMobiles")::add);
      message.userIds().forEach(at.putArray("atUserIds")::add);
      at.put("isAtAll", false);
    }
    return write(root);
  }

  @Override
  Verdict verdict(int httpStatus, String body) {
    return errcode(httpStatus, body, "DingTalk", CODES);
  }
}
