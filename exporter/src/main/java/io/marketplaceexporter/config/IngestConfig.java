package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The ingest API. An event {@code id} seen again within {@code dedupWindow} (and among the last
 * {@code dedupMaxIds} ids) is a duplicate and changes nothing.
 */
public record IngestConfig(Duration dedupWindow, int dedupMaxIds) {
  public IngestConfig {
    require(
        !dedupWindow.isNegative() && dedupWindow.compareTo(Duration.ofDays(7)) <= 0,
        "dedup_window",
        "must be between 0s and 7d");
    require(dedupMaxIds >= 0 && dedupMaxIds <= 10_000_000, "dedup_max_ids", "must be 0..10000000");
  }

  @JsonCreator
  static IngestConfig of(
      @JsonProperty("dedup_window") String dedupWindow,
      @JsonProperty("dedup_max_ids") Integer dedupMaxIds) {
    return new IngestConfig(
        ConfigLoader.duration(dedupWindow, "1h", "dedup_window"),
        dedupMaxIds == null ? 100_000 : dedupMaxIds);
  }

  public static IngestConfig defaults() {
    return of(null, null);
  }
}
