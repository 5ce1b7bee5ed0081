package io.marketplaceexporter.operations.actions;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.config.ActionRequestConfig;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.json.JsonMappers;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * A rollback request's body template filled in: each placeholder ({@link
 * ActionRequestConfig#PLACEHOLDER}) replaced by its value escaped for the content type, so that an
 * alert's label cannot change the body's structure: in JSON a value can only be the inside of the
 * string it stands in (checked at start-up), in a form it is form-encoded.
 */
final class BodyTemplate {
  /** Shown instead of a secret on the approval page. */
  static final String MASK = "••••••";

  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final String MARKER = "mpe-placeholder-7f3c";

  private final String template;
  private final String contentType;

  BodyTemplate(String template, String contentType) {
    this.template = template;
    this.contentType = contentType;
  }

  /**
   * Start-up check of a JSON template: it must be JSON, and every placeholder must stand inside a
   * string, where its escaped value cannot add keys or values. Errors name {@code key}.
   */
  static BodyTemplate checked(String template, String contentType, String key) {
    BodyTemplate t = new BodyTemplate(template, contentType);
    if (!template.isEmpty() && contentType.equals("application/json")) {
      Matcher m = ActionRequestConfig.PLACEHOLDER.matcher(template);
      int placeholders = 0;
      while (m.find()) {
        placeholders++;
      }
      JsonNode tree = parse(m.reset().replaceAll(MARKER));
      if (tree == null && parse(m.reset().replaceAll("\"" + MARKER + "\"")) == null) {
        throw new ConfigException(key + ": not JSON (with content_type application/json)");
      }
      if (tree == null || countMarkers(tree) != placeholders) {
        throw new ConfigException(
            key
                + ": every placeholder must stand inside a JSON string, such as \"{{labels.shop}}\"");
      }
    }
    return t;
  }

  /** The JSON tree of {@code text}; null when it is not JSON. */
  private static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static int countMarkers(JsonNode n) {
    int count = 0;
    if (n.isTextual()) {
      count += occurrences(n.asText());
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      count += occurrences(e.getKey()) + countMarkers(e.getValue());
    }
    if (n.isArray()) {
      for (JsonNode c : n) {
        count += countMarkers(c);
      }
    }
    return count;
  }

  private static int occurrences(String s) {
    int count = 0;
    for (int i = s.indexOf(MARKER); i >= 0; i = s.indexOf(MARKER, i + 1)) {
      count++;
    }
    return count;
  }

  /**
   * The body for an alert with {@code labels}: {@code secret} gives each {@code secrets.NAME}'s
   * value (the real one to send, {@link #MASK} to show).
   */
  String render(
      Map<String, String> labels, String action, String approver, Function<String, String> secret) {
    Matcher m = ActionRequestConfig.PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String p = m.group(1);
      String value;
      if (p.startsWith("labels.")) {
        value = labels.getOrDefault(p.substring("labels.".length()), "");
      } else if (p.startsWith("secrets.")) {
        value = secret.apply(p.substring("secrets.".length()));
      } else if (p.equals("action")) {
        value = action;
      } else {
        value = approver;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(escape(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String escape(String value) {
    return switch (contentType) {
      case "application/json" -> new String(JsonStringEncoder.getInstance().quoteAsString(value));
      case "application/x-www-form-urlencoded" -> URLEncoder.encode(value, StandardCharsets.UTF_8);
      default -> value;
    };
  }

  boolean isEmpty() {
    return template.isEmpty();
  }
}
