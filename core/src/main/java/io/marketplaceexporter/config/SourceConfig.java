package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One source the exporter polls itself: a marketplace shop ({@code amazon}, {@code shopee}, {@code
 * tiktok}, {@code lazada}) or a {@code generic} HTTP JSON endpoint (an ERP, an in-house system).
 *
 * <p>{@code credentials} values are references ({@code ${ENV_NAME}}, {@code file:/path}) resolved
 * when the source starts; which keys a type needs is checked there, naming the key. {@code options}
 * are plain, type-specific settings. {@code url} is the API base URL (the whole URL for {@code
 * generic}); {@code authUrl} is the token endpoint's base URL where the marketplace has a separate
 * one. The generic fields ({@code method}, {@code headers}, {@code body}, {@code mappings}) are
 * rejected for the other types.
 */
public record SourceConfig(
    String name,
    String type,
    Duration interval,
    Duration timeout,
    String url,
    String authUrl,
    String site,
    String shop,
    Map<String, String> credentials,
    Map<String, String> options,
    String method,
    Map<String, String> headers,
    String body,
    List<Mapping> mappings) {
  /** The source types there are connectors for. */
  public static final Set<String> TYPES = Set.of("amazon", "shopee", "tiktok", "lazada", "generic");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  public SourceConfig {
    require(
        name != null && NAME.matcher(name).matches(),
        "name",
        "must be 1-64 of A-Z a-z 0-9 _ . : -");
    require(
        type != null && TYPES.contains(type),
        "type",
        "must be one of " + List.copyOf(new java.util.TreeSet<>(TYPES)));
    require(interval.compareTo(Duration.ofSeconds(1)) >= 0, "interval", "must be at least 1s");
    require(
        !timeout.isNegative() && timeout.compareTo(Duration.ofMillis(10)) >= 0,
        "timeout",
        "must be at least 10ms");
    require(
        url != null && (url.startsWith("http://") || url.startsWith("https://")),
        "url",
        "must be an http:// or https:// URL");
    site = site == null ? "" : site;
    credentials = Map.copyOf(credentials);
    options = Map.copyOf(options);
    headers = Map.copyOf(headers);
    mappings = List.copyOf(mappings);
    boolean generic = type.equals("generic");
    require(method == null || generic, "method", "is only for type generic");
    require(headers.isEmpty() || generic, "headers", "are only for type generic");
    require(body == null || generic, "body", "is only for type generic");
    require(mappings.isEmpty() || generic, "mappings", "are only for type generic");
    require(!generic || !mappings.isEmpty(), "mappings", "must list at least one mapping");
    require(generic || (shop != null && !shop.isEmpty()), "shop", "must be set");
    require(
        method == null || Set.of("GET", "POST").contains(method), "method", "must be GET or POST");
  }

  @JsonCreator
  static SourceConfig of(
      @JsonProperty("name") String name,
      @JsonProperty("type") String type,
      @JsonProperty("interval") String interval,
      @JsonProperty("timeout") String timeout,
      @JsonProperty("url") String url,
      @JsonProperty("auth_url") String authUrl,
      @JsonProperty("site") String site,
      @JsonProperty("shop") String shop,
      @JsonProperty("credentials") Map<String, String> credentials,
      @JsonProperty("options") Map<String, String> options,
      @JsonProperty("method") String method,
      @JsonProperty("headers") Map<String, String> headers,
      @JsonProperty("body") String body,
      @JsonProperty("mappings") List<Mapping> mappings) {
    return new SourceConfig(
        name,
        type,
        ConfigLoader.duration(interval, "60s", "interval"),
        ConfigLoader.duration(timeout, "30s", "timeout"),
        url,
        authUrl,
        site,
        shop,
        credentials == null ? Map.of() : credentials,
        options == null ? Map.of() : options,
        method,
        headers == null ? Map.of() : headers,
        body,
        mappings == null ? List.of() : mappings);
  }

  /** The HTTP method of a generic source. */
  public String methodOrGet() {
    return method == null ? "GET" : method;
  }

  /**
   * One mapping of a generic source: for every item that the JSONPath {@code forEach} selects
   * (default {@code $}, the whole response), one ingest event whose fields are given by {@code
   * event}. A field value that is a string starting with {@code $} is a JSONPath evaluated on the
   * item; {@code $$} starts a literal {@code $}; anything else is a constant.
   */
  public record Mapping(String forEach, Map<String, JsonNode> event) {
    public Mapping {
      require(
          forEach != null && forEach.startsWith("$"),
          "for_each",
          "must be a JSONPath starting with $");
      require(event != null && !event.isEmpty(), "event", "must map event fields");
      require(event.containsKey("type"), "event.type", "must be set (order, sync, price, ...)");
      event = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(event));
    }

    @JsonCreator
    static Mapping of(
        @JsonProperty("for_each") String forEach,
        @JsonProperty("event") Map<String, JsonNode> event) {
      return new Mapping(forEach == null ? "$" : forEach, event);
    }
  }

  @Override
  public String toString() {
    return "SourceConfig[name=" + name + ", type=" + type + ", url=" + url + "]";
  }
}
