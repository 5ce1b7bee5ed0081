package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * WeCom (企业微信) group robots: {@code msgtype: markdown} with {@code content}, mentions as {@code
 * <@userid>}; the robot key is in the URL, there is no signature. Answers carry {@code errcode};
 * the codes and their sources are in {@code docs/alert-relay.md} and the test fixtures under {@code
 * robots/official}.
 */
final class WeComDialect extends Dialect {
  /**
   * 45009: over 20 a minute; 40058: an invalid parameter, which is how markdown content over 4096
   * bytes is refused; -1: system busy; 93000: the webhook URL (key) is invalid.
   */
  static final Map<Integer, Verdict.Kind> CODES =
      Map.of(
          45009, Verdict.Kind.RATE_LIMITED,
          40058, Verdict.Kind.TOO_LARGE,
          -1, Verdict.Kind.RETRY,
          93000, Verdict.Kind.DROP);

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
    return errcode(httpStatus, body, "WeCom", CODES);
  }
}
