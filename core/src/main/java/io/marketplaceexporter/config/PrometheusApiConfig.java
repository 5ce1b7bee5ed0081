package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The Prometheus whose HTTP API the verification and deploy watches and the drills query ({@code
 * prometheus:}); {@code url} empty means none is configured.
 */
public record PrometheusApiConfig(String url, Duration timeout) {
  public PrometheusApiConfig {
    url = url == null ? "" : url;
    require(
        timeout.compareTo(Duration.ofMillis(100)) >= 0
            && timeout.compareTo(Duration.ofMinutes(2)) <= 0,
        "timeout",
        "must be between 100ms and 2m");
  }

  @JsonCreator
  static PrometheusApiConfig of(
      @JsonProperty("url") String url, @JsonProperty("timeout") String timeout) {
    return new PrometheusApiConfig(url, ConfigLoader.duration(timeout, "10s", "timeout"));
  }

  public static PrometheusApiConfig defaults() {
    return of(null, null);
  }
}
