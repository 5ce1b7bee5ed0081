package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * How the poll engine runs every source: at most {@code maxInFlight} polls at once, each source's
 * interval spread by ±{@code jitter} (a fraction), and failed polls retried with exponential
 * backoff up to {@code maxBackoff}.
 */
public record PollingConfig(int maxInFlight, double jitter, Duration maxBackoff) {
  public PollingConfig {
    require(maxInFlight >= 1 && maxInFlight <= 256, "max_in_flight", "must be 1..256");
    require(jitter >= 0 && jitter <= 0.5, "jitter", "must be a fraction 0..0.5");
    require(maxBackoff.compareTo(Duration.ofSeconds(1)) >= 0, "max_backoff", "must be at least 1s");
  }

  @JsonCreator
  static PollingConfig of(
      @JsonProperty("max_in_flight") Integer maxInFlight,
      @JsonProperty("jitter") Double jitter,
      @JsonProperty("max_backoff") String maxBackoff) {
    return new PollingConfig(
        maxInFlight == null ? 4 : maxInFlight,
        jitter == null ? 0.1 : jitter,
        ConfigLoader.duration(maxBackoff, "10m", "max_backoff"));
  }

  public static PollingConfig defaults() {
    return of(null, null, null);
  }
}
