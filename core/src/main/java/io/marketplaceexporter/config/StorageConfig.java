package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The state snapshot under {@code --storage.path}: written every {@code snapshotInterval} when the
 * state changed, and on a clean shutdown. A crash loses at most the events acknowledged during the
 * last interval (plus the duration of one write).
 */
public record StorageConfig(Duration snapshotInterval) {
  public StorageConfig {
    require(
        snapshotInterval.compareTo(Duration.ofMillis(100)) >= 0
            && snapshotInterval.compareTo(Duration.ofHours(1)) <= 0,
        "snapshot_interval",
        "must be between 100ms and 1h");
  }

  @JsonCreator
  static StorageConfig of(@JsonProperty("snapshot_interval") String snapshotInterval) {
    return new StorageConfig(ConfigLoader.duration(snapshotInterval, "5s", "snapshot_interval"));
  }

  public static StorageConfig defaults() {
    return of(null);
  }
}
