package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP request a rollback action sends ({@code actions.rollbacks[i].request}). {@code url} and
 * each of {@code headers} are secret references ({@code ${ENV}}, {@code file:/path}, or the value
 * itself), resolved at start-up; {@code secrets} names more references the {@code body} template
 * may use as {@code {{secrets.NAME}}}. The template also takes {@code {{labels.NAME}}} (the alert's
 * label, empty when absent), {@code {{action}}} and {@code {{approver}}}; every value is escaped
 * for {@code content_type} ({@code application/json}: inside a JSON string, where every placeholder
 * must stand; {@code application/x-www-form-urlencoded}: form-encoded; {@code text/plain}: as is).
 */
public record ActionRequestConfig(
    String method,
    String url,
    Map<String, String> headers,
    Map<String, String> secrets,
    String body,
    String contentType,
    Duration timeout) {
  public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
  public static final List<String> CONTENT_TYPES =
      List.of("application/json", "application/x-www-form-urlencoded", "text/plain");

  /** {@code {{labels.x}}}, {@code {{secrets.x}}}, {@code {{action}}}, {@code {{approver}}}. */
  public static final Pattern PLACEHOLDER =
      Pattern.compile(
          "\\{\\{\\s*(labels\\.[a-zA-Z_][a-zA-Z0-9_]*|secrets\\.[a-zA-Z0-9_-]+"
              + "|action|approver)\\s*}}");

  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

  public ActionRequestConfig {
    method = method == null ? "POST" : method;
    require(METHODS.contains(method), "method", "must be one of " + METHODS);
    require(url != null && !url.isEmpty(), "url", "must be set");
    if (!url.startsWith("${") && !url.startsWith("file:")) {
      require(
          url.startsWith("http://") || url.startsWith("https://"),
          "url",
          "must be an http:// or https:// URL (or a secret reference: ${ENV} or file:/path)");
    }
    headers = headers == null ? Map.of() : Map.copyOf(new TreeMap<>(headers));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      require(HEADER_NAME.matcher(h.getKey()).matches(), "headers." + h.getKey(), "not a header");
      require(
          h.getValue() != null && !h.getValue().isEmpty(),
          "headers." + h.getKey(),
          "must not be empty");
    }
    secrets = secrets == null ? Map.of() : Map.copyOf(new TreeMap<>(secrets));
    for (Map.Entry<String, String> s : secrets.entrySet()) {
      require(
          s.getValue() != null && !s.getValue().isEmpty(),
          "secrets." + s.getKey(),
          "must not be empty");
    }
    body = body == null ? "" : body;
    require(
        body.isEmpty() || !method.equals("GET") && !method.equals("DELETE"),
        "body",
        "a " + method + " request has no body");
    contentType = contentType == null ? "application/json" : contentType;
    require(CONTENT_TYPES.contains(contentType), "content_type", "must be one of " + CONTENT_TYPES);
    Matcher m = Pattern.compile("\\{\\{(.*?)}}").matcher(body);
    while (m.find()) {
      require(
          PLACEHOLDER.matcher(m.group()).matches(),
          "body",
          "unknown placeholder "
              + m.group()
              + "; known: {{labels.NAME}}, {{secrets.NAME}}, {{action}}, {{approver}}");
      String p = m.group(1).strip();
      if (p.startsWith("secrets.")) {
        require(
            secrets.containsKey(p.substring("secrets.".length())),
            "body",
            m.group() + " names no entry of request.secrets");
      }
    }
    require(
        timeout.compareTo(Duration.ofSeconds(1)) >= 0
            && timeout.compareTo(Duration.ofMinutes(5)) <= 0,
        "timeout",
        "must be between 1s and 5m");
  }

  @JsonCreator
  static ActionRequestConfig of(
      @JsonProperty("method") String method,
      @JsonProperty("url") String url,
      @JsonProperty("headers") Map<String, String> headers,
      @JsonProperty("secrets") Map<String, String> secrets,
      @JsonProperty("body") String body,
      @JsonProperty("content_type") String contentType,
      @JsonProperty("timeout") String timeout) {
    return new ActionRequestConfig(
        method,
        url,
        headers,
        secrets,
        body,
        contentType,
        ConfigLoader.duration(timeout, "10s", "timeout"));
  }
}
