package io.marketplaceexporter.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketplaceexporter.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code http_server_config}: response headers added to every answer, from the set the exporter
 * toolkit allows (two of them with fixed values). {@code http2} is accepted for compatibility with
 * files written for other exporters, but this server speaks HTTP/1.1 only, whatever it says.
 */
public record HttpServerConfig(boolean http2, Map<String, String> headers) {
  /**
   * The headers that may be set, each with its allowed values (empty: any value). Names are matched
   * exactly, as in the toolkit.
   */
  static final Map<String, List<String>> ALLOWED_HEADERS =
      Map.of(
          "Strict-Transport-Security", List.of(),
          "X-Content-Type-Options", List.of("nosniff"),
          "X-Frame-Options", List.of("deny", "sameorigin"),
          "X-XSS-Protection", List.of(),
          "Content-Security-Policy", List.of());

  public HttpServerConfig {
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String key = "headers." + h.getKey();
      List<String> allowed = ALLOWED_HEADERS.get(h.getKey());
      if (allowed == null) {
        throw new ConfigException(
            key
                + ": this header cannot be configured; allowed: "
                + String.join(", ", ALLOWED_HEADERS.keySet().stream().sorted().toList()));
      }
      String value = h.getValue();
      if (value == null || value.isEmpty()) {
        throw new ConfigException(key + ": must not be empty (remove the key to leave it unset)");
      }
      if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new ConfigException(key + ": must not contain control characters or line breaks");
      }
      if (!allowed.isEmpty() && !allowed.contains(value)) {
        throw new ConfigException(
            key + ": must be one of " + String.join(", ", allowed) + ", got \"" + value + "\"");
      }
    }
  }

  @JsonCreator
  static HttpServerConfig of(
      @JsonProperty("http2") Boolean http2, @JsonProperty("headers") Map<String, String> headers) {
    return new HttpServerConfig(http2 == null || http2, headers == null ? Map.of() : headers);
  }

  public static HttpServerConfig defaults() {
    return of(null, null);
  }
}
