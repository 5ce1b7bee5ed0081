package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.json.UntrustedJson;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Alertmanager's webhook payload (version 4). Anything else is a {@link BadPayloadException}
 * that names the field and the problem, like {@code alerts[2].labels.severity: must be a string}.
 */
final class PayloadParser {
  private static final int MAX_ALERTS = 10_000;

  private PayloadParser() {}

  static AlertGroup parse(byte[] body) {
    if (body.length == 0) {
      throw bad("request body is empty: send Alertmanager's webhook payload (version 4)");
    }
    JsonNode root;
    try {
      root = UntrustedJson.parse(body);
    } catch (UntrustedJson.MalformedJsonException e) {
      throw bad(e.getMessage());
    }
    if (!root.isObject()) {
      throw bad("request body must be a JSON object: Alertmanager's webhook payload (version 4)");
    }
    JsonNode version = root.get("version");
    if (version == null) {
      throw bad("version: missing; this is not an Alertmanager webhook payload");
    }
    if (!version.isTextual() || !version.asText().equals("4")) {
      throw bad("version: must be \"4\", got " + clip(version.toString()));
    }
    String status = status(root.get("status"), "status");
    JsonNode alerts = root.get("alerts");
    if (alerts == null) {
      throw bad("alerts: missing");
    }
    if (!alerts.isArray() || alerts.isEmpty()) {
      throw bad("alerts: must be a non-empty array");
    }
    if (alerts.size() > MAX_ALERTS) {
      throw bad("alerts: more than " + MAX_ALERTS + " alerts in one notification");
    }
    List<AlertGroup.Alert> list = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      list.add(alert(alerts.get(i), "alerts[" + i + "]"));
    }
    JsonNode truncated = root.get("truncatedAlerts");
    int truncatedAlerts = 0;
    if (truncated != null && !truncated.isNull()) {
      if (!truncated.isIntegralNumber() || !truncated.canConvertToInt() || truncated.asInt() < 0) {
        throw bad("truncatedAlerts: must be a whole number >= 0");
      }
      truncatedAlerts = truncated.asInt();
    }
    return new AlertGroup(
        text(root, "receiver", "receiver"),
        status,
        text(root, "groupKey", "groupKey"),
        strings(root.get("groupLabels"), "groupLabels"),
        strings(root.get("commonLabels"), "commonLabels"),
        strings(root.get("commonAnnotations"), "commonAnnotations"),
        text(root, "externalURL", "externalURL"),
        truncatedAlerts,
        list);
  }

  private static AlertGroup.Alert alert(JsonNode node, String key) {
    if (node == null || !node.isObject()) {
      throw bad(key + ": must be an object");
    }
    String startsAt = text(node, "startsAt", key + ".startsAt");
    time(startsAt, key + ".startsAt");
    JsonNode endsNode = node.get("endsAt");
    String endsAt =
        endsNode == null || endsNode.isNull() ? "" : text(node, "endsAt", key + ".endsAt");
    if (!endsAt.isEmpty()) {
      time(endsAt, key + ".endsAt");
    }
    return new AlertGroup.Alert(
        status(node.get("status"), key + ".status"),
        strings(node.get("labels"), key + ".labels"),
        strings(node.get("annotations"), key + ".annotations"),
        startsAt,
        endsAt,
        optionalText(node, "generatorURL", key + ".generatorURL"),
        optionalText(node, "fingerprint", key + ".fingerprint"));
  }

  private static String status(JsonNode node, String key) {
    if (node == null) {
      throw bad(key + ": missing");
    }
    if (!node.isTextual()
        || !(node.asText().equals("firing") || node.asText().equals("resolved"))) {
      throw bad(key + ": must be \"firing\" or \"resolved\", got " + clip(node.toString()));
    }
    return node.asText();
  }

  private static String text(JsonNode parent, String field, String key) {
    JsonNode node = parent.get(field);
    if (node == null) {
      throw bad(key + ": missing");
    }
    if (!node.isTextual()) {
      throw bad(key + ": must be a string");
    }
    return node.asText();
  }

  private static String optionalText(JsonNode parent, String field, String key) {
    JsonNode node = parent.get(field);
    return node == null || node.isNull() ? "" : text(parent, field, key);
  }

  private static Map<String, String> strings(JsonNode node, String key) {
    if (node == null) {
      throw bad(key + ": missing");
    }
    if (!node.isObject()) {
      throw bad(key + ": must be an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw bad(key + "." + clip(e.getKey()) + ": must be a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static void time(String text, String key) {
    try {
      OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw bad(key + ": not an RFC 3339 time: " + clip("\"" + text + "\""));
    }
  }

  private static BadPayloadException bad(String message) {
    return new BadPayloadException(message);
  }

  private static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
