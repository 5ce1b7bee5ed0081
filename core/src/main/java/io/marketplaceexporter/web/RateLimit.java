package io.marketplaceexporter.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.Durations;
import java.time.Duration;

/**
 * {@code rate_limit}: one token bucket for every request the server receives, as in the exporter
 * toolkit. It holds {@code burst} tokens and starts full; each request takes one, and one comes
 * back every {@code interval}. A request that finds the bucket empty is answered 429. An {@code
 * interval} of zero (the default) turns it off.
 *
 * @param interval the time it takes for one token to come back; zero: no rate limit
 * @param burst how many requests may come at once, and the most tokens the bucket holds
 */
public record RateLimit(Duration interval, int burst) {
  public RateLimit {
    if (interval.isNegative()) {
      throw new ConfigException("interval: must not be negative");
    }
    if (!interval.isZero() && burst < 1) {
      throw new ConfigException(
          "burst: must be at least 1 when interval is set (with 0 every request would be"
              + " refused); set interval: 0 to turn the rate limit off");
    }
    if (burst < 0) {
      throw new ConfigException("burst: must not be negative");
    }
  }

  @JsonCreator
  static RateLimit of(
      @JsonProperty("interval") String interval, @JsonProperty("burst") Integer burst) {
    Duration d;
    try {
      d = interval == null ? Duration.ZERO : Durations.parse(interval);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("interval: " + e.getMessage());
    }
    return new RateLimit(d, burst == null ? 0 : burst);
  }

  /** No rate limit. */
  public static RateLimit none() {
    return new RateLimit(Duration.ZERO, 0);
  }

  /** Whether requests are limited at all. */
  public boolean enabled() {
    return !interval.isZero();
  }

  @Override
  public String toString() {
    return enabled()
        ? burst + " request(s) at once, then one per " + Durations.format(interval)
        : "none";
  }
}
