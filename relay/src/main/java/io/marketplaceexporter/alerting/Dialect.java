package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.json.JsonMappers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/** One robot API: its markdown dialect, its request (with signing) and its error codes. */
abstract class Dialect {
  /** Writes characters outside the BMP (emoji) as UTF-8, not as escaped surrogate pairs. */
  static final ObjectMapper JSON =
      JsonMappers.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

  private final String channel;
  private final int defaultMaxBytes;
  private final String headingPrefix;
  private final String lineBreak;

  /**
   * {@code headingPrefix} starts the title line in the text, null where the title is shown
   * elsewhere; {@code lineBreak} ends a line so that the robot's client shows a line break.
   */
  Dialect(String channel, int defaultMaxBytes, String headingPrefix, String lineBreak) {
    this.channel = channel;
    this.defaultMaxBytes = defaultMaxBytes;
    this.headingPrefix = headingPrefix;
    this.lineBreak = lineBreak;
  }

  final String channel() {
    return channel;
  }

  /** The robot's limit on a request body in bytes, used unless the target sets its own. */
  final int defaultMaxBytes() {
    return defaultMaxBytes;
  }

  /** The title line of the text; empty where the title is shown elsewhere. */
  final String heading(String title) {
    return headingPrefix == null ? "" : headingPrefix + title;
  }

  final String lineBreak() {
    return lineBreak;
  }

  /** The least time between two sends to one robot; zero where only the per-minute limit counts. */
  Duration minInterval() {
    return Duration.ZERO;
  }

  /** At most this many buttons in one message; further links go in the text. */
  static final int MAX_BUTTONS = 5;

  /**
   * Whether a message shows its links as buttons, given whether it mentions people; false: the
   * links are markdown links in the text. No robot shows buttons by default.
   */
  boolean showsButtons(boolean mentions) {
    return false;
  }

  /** The in-text mention of these people (DingTalk also lists them in the body). */
  abstract String mentions(List<String> mobiles, List<String> userIds);

  /** The URL to post to, with signing query parameters where the robot wants them. */
  HttpUrl url(Robot robot, Instant now) {
    return robot.httpUrl();
  }

  /** The JSON request body, with signing fields where the robot wants them. */
  abstract byte[] body(Message message, Robot robot, Instant now);

  /** Reads the robot's answer; {@code body} may be empty. */
  abstract Verdict verdict(int httpStatus, String body);

  static Dialect forChannel(String channel) {
    return switch (channel) {
      case "dingtalk" -> new DingTalkDialect();
      case "wecom" -> new WeComDialect();
      case "feishu" -> new FeishuDialect();
      default -> throw new IllegalArgumentException("unknown channel " + channel);
    };
  }

  /** Each id between {@code prefix} and {@code suffix}, separated by spaces. */
  static String join(List<String> ids, String prefix, String suffix) {
    StringBuilder sb = new StringBuilder();
    for (String id : ids) {
      sb.append(sb.length() == 0 ? "" : " ").append(prefix).append(id).append(suffix);
    }
    return sb.toString();
  }

  static byte[] write(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a robot message", e);
    }
  }

  /** The answer as a JSON object, or null when it is not one. */
  static JsonNode read(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n != null && n.isObject() ? n : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * The verdict on an {@code {"errcode": n, "errmsg": "..."}} answer (DingTalk, WeCom): 0 is sent,
   * a code in {@code known} is what it says there, and any other code is retried with backoff, as
   * it is not certainly permanent; without such an answer the HTTP status decides.
   */
  static Verdict errcode(
      int httpStatus, String body, String robot, Map<Integer, Verdict.Kind> known) {
    JsonNode answer = read(body);
    if (httpStatus != 200 || answer == null || !answer.path("errcode").isNumber()) {
      return byStatus(httpStatus, robot);
    }
    int code = answer.path("errcode").asInt();
    if (code == 0) {
      return Verdict.sent();
    }
    String reason = robot + " errcode " + code + " (" + answer.path("errmsg").asText("") + ")";
    return byCode(code, reason, known);
  }

  /** A refusal with the robot's own code: as {@code known} says, else retried with backoff. */
  static Verdict byCode(int code, String reason, Map<Integer, Verdict.Kind> known) {
    return new Verdict(known.getOrDefault(code, Verdict.Kind.RETRY), reason);
  }

  /**
   * The verdict for an HTTP status without a usable answer: 429 is the rate limit, 413 too large,
   * 408 and 5xx are retried; other 3xx and 4xx are dropped (the URL or the request is wrong).
   */
  static Verdict byStatus(int status, String robot) {
    String reason = "HTTP " + status + " from " + robot;
    if (status == 429) {
      return new Verdict(Verdict.Kind.RATE_LIMITED, reason);
    }
    if (status == 413) {
      return new Verdict(Verdict.Kind.TOO_LARGE, reason);
    }
    if (status >= 500 || status == 408) {
      return new Verdict(Verdict.Kind.RETRY, reason);
    }
    if (status >= 300) {
      return new Verdict(Verdict.Kind.DROP, reason);
    }
    return new Verdict(Verdict.Kind.RETRY, "unreadable answer from " + robot);
  }
}
