package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The ingest API. An event {@code id} seen again within {@code dedupWindow} (and among the last
 * {@code dedupMaxIds} ids) is a duplicate and changes nothing. At most {@code maxConcurrent}
 * requests are parsed and applied at once (0: one fewer than the processors, at least one), so that
 * a scrape always finds a processor free however busy ingest is.
 */
public record IngestConfig(Duration dedupWindow, int dedupMaxIds, int maxConcurrent) {
  public IngestConfig {
    require(
        !dedupWindow.isNegative() && dedupWindow.compareTo(Duration.ofDays(7)) <= 0,
        "dedup_window",
        "must be between 0s and 7d");
    require(dedupMaxIds >= 0 && dedupMaxIds <= 10_000_000, "dedup_max_ids", "must be 0..10000000");
    require(maxConcurrent >= 0 && maxConcurrent <= 1024, "max_concurrent", "must be 0..1024");
  }

  @JsonCreator
  static IngestConfig of(
      @JsonProperty("dedup_window") String dedupWindow,
      @JsonProperty("dedup_max_ids") Integer dedupMaxIds,
      @JsonProperty("max_concurrent") Integer maxConcurrent) {
    return new IngestConfig(
        ConfigLoader.duration(dedupWindow, "1h", "dedup_window"),
        dedupMaxIds == null ? 100_000 : dedupMaxIds,
        maxConcurrent == null ? 0 : maxConcurrent);
  }

  public static IngestConfig defaults() {
    return of(null, null, null);
  }

  /** {@link #maxConcurrent} with 0 resolved for this machine. */
  public int concurrency() {
    return maxConcurrent > 0
        ? maxConcurrent
        : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }
}
