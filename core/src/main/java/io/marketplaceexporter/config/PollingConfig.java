package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * How the poll engine runs every source: as many polls at once as the due polls and their durations
 * need, from {@link #MIN_IN_FLIGHT} up to {@code maxInFlight} ({@code max_in_flight}, default
 * {@code auto} = {@link #AUTO_MAX_IN_FLIGHT}); each source's interval spread by ±{@code jitter} (a
 * fraction), and failed polls retried with exponential backoff up to {@code maxBackoff}.
 */
public record PollingConfig(int maxInFlight, double jitter, Duration maxBackoff) {
  /** The places polls start with, and the fewest they shrink to (fewer if the bound is lower). */
  public static final int MIN_IN_FLIGHT = 4;

  /** The bound {@code max_in_flight: auto} stands for. */
  public static final int AUTO_MAX_IN_FLIGHT = 256;

  /** The largest {@code max_in_flight}. */
  public static final int MAX_MAX_IN_FLIGHT = 4096;

  public PollingConfig {
    require(
        maxInFlight >= 1 && maxInFlight <= MAX_MAX_IN_FLIGHT,
        "max_in_flight",
        "must be auto or a whole number 1.." + MAX_MAX_IN_FLIGHT);
    require(jitter >= 0 && jitter <= 0.5, "jitter", "must be a fraction 0..0.5");
    require(maxBackoff.compareTo(Duration.ofSeconds(1)) >= 0, "max_backoff", "must be at least 1s");
  }

  /** The fewest places: {@link #MIN_IN_FLIGHT}, or {@code maxInFlight} when that is lower. */
  public int minInFlight() {
    return Math.min(MIN_IN_FLIGHT, maxInFlight);
  }

  @JsonCreator
  static PollingConfig of(
      @JsonProperty("max_in_flight") Object maxInFlight,
      @JsonProperty("jitter") Double jitter,
      @JsonProperty("max_backoff") String maxBackoff) {
    int max;
    if (maxInFlight == null || "auto".equals(maxInFlight)) {
      max = AUTO_MAX_IN_FLIGHT;
    } else if (maxInFlight instanceof Integer n) {
      max = n;
    } else {
      max = -1; // fails below, naming the key
    }
    return new PollingConfig(
        max,
        jitter == null ? 0.1 : jitter,
        ConfigLoader.duration(maxBackoff, "10m", "max_backoff"));
  }

  public static PollingConfig defaults() {
    return of(null, null, null);
  }
}
