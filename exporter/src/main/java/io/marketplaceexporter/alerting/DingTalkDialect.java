package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * DingTalk custom robots: {@code msgtype: markdown} with title and text, mentions in {@code at} and
 * as {@code @mobile} / {@code @userId} in the text (DingTalk highlights only those in both), and,
 * when a secret is set, {@code timestamp} (ms) and {@code sign} query parameters. Answers carry
 * {@code errcode}: 130101 is the 20-a-minute limit, 460101 a message too large, 310000 a bad
 * signature, keyword or IP.
 */
final class DingTalkDialect extends Dialect {
  DingTalkDialect() {
    super("dingtalk", 20_000, "### ", "  \n");
  }

  @Override
  String mentions(List<String> mobiles, List<String> userIds) {
    List<String> all = new ArrayList<>(mobiles);
    all.addAll(userIds);
    return join(all, "@", "");
  }

  @Override
  HttpUrl url(Robot robot, Instant now) {
    HttpUrl url = robot.httpUrl();
    if (robot.secret() == null) {
      return url;
    }
    long ts = now.toEpochMilli();
    String sign = Signatures.dingtalk(ts, robot.secret().reveal());
    return url.newBuilder()
        .addQueryParameter("timestamp", Long.toString(ts))
        .addEncodedQueryParameter("sign", URLEncoder.encode(sign, StandardCharsets.UTF_8))
        .build();
  }

  @Override
  byte[] body(Message message, Robot robot, Instant now) {
    ObjectNode root = JSON.createObjectNode();
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
    return errcode(httpStatus, body, "DingTalk", 130101, 460101);
  }
}
