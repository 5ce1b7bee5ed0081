package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * WeCom (企业微信) group robots: {@code msgtype: markdown} with {@code content}, mentions as {@code
 * <@userid>}; the robot key is in the URL, there is no signature. Answers carry {@code errcode}:
 * 45009 is the 20-a-minute limit, 40058 a message too large (markdown content is limited to 4096
 * bytes).
 */
final class WeComDialect extends Dialect {
  WeComDialect() {
    super("wecom", 4096, "### ", "\n");
  }

  @Override
  String mentions(List<String> mobiles, List<String> userIds) {
    return join(userIds, "<@", ">");
  }

  @Override
  byte[] body(Message message, Robot robot, Instant now) {
    ObjectNode root = JSON.createObjectNode();
    root.put("msgtype", "markdown");
    root.putObject("markdown").put("content", message.text());
    return write(root);
  }

  @Override
  Verdict verdict(int httpStatus, String body) {
    return errcode(httpStatus, body, "WeCom", 45009, 40058);
  }
}
