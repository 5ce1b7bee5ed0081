package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The watch each {@code change} of kind {@code deploy} starts ({@code deploy_watch:}): how long it
 * watches.
 */
public record DeployWatchConfig(Duration duration) {
  public DeployWatchConfig {
    require(
        duration.compareTo(Duration.ofMinutes(1)) >= 0
            && duration.compareTo(Duration.ofHours(24)) <= 0,
        "duration",
        "must be between 1m and 24h");
  }

  @JsonCreator
  static DeployWatchConfig of(@JsonProperty("duration") String duration) {
    return new DeployWatchConfig(ConfigLoader.duration(duration, "30m", "duration"));
  }

  public static DeployWatchConfig defaults() {
    return of(null);
  }
}
