package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The ingest API. An event {@code id} seen again within {@code dedupWindow} (and among the last
 * {@code dedupMaxIds} ids) is a duplicate and changes nothing. At most {@code maxConcurrent}
 * requests are parsed and applied at once (0: one fewer than the processors, at least one), so that
 * a scrape always finds a processor free however busy ingest is; and while {@code /metrics} is
 * being rendered, a new request waits up to {@code scrapePriority} before it is parsed (0s: never),
 * so that the scrape also gets the processor ingest would take.
 */
public record IngestConfig(
    Duration dedupWindow, int dedupMaxIds, int maxConcurrent, Duration scrapePriority) {
  public IngestConfig {
    require(
        !dedupWindow.isNegative() && dedupWindow.compareTo(Duration.ofDays(7)) <= 0,
        "dedup_window",
        "must be between 0s and 7d");
    require(dedupMaxIds >= 0 && dedupMaxIds <= 10_000_000, "dedup_max_ids", "must be 0..10000000");
    require(maxConcurrent >= 0 && maxConcurrent <= 1024, "max_concurrent", "must be 0..1024");
    require(
        !scrapePriority.isNegative() && scrapePriority.compareTo(Duration.ofSeconds(5)) <= 0,
        "scrape_priority",
        "must be between 0s and 5s");
  }

  @JsonCreator
  static IngestConfig of(
      @JsonProperty("dedup_window") String dedupWindow,
      @JsonProperty("dedup_max_ids") Integer dedupMaxIds,
      @JsonProperty("max_concurrent") Integer maxConcurrent,
      @JsonProperty("scrape_priority") String scrapePriority) {
    return new IngestConfig(
        ConfigLoader.duration(dedupWindow, "1h", "dedup_window"),
        dedupMaxIds == null ? 100_000 : dedupMaxIds,
        maxConcurrent == null ? 0 : maxConcurrent,
        ConfigLoader.duration(scrapePriority, "1s", "scrape_priority"));
  }

  public static IngestConfig defaults() {
    return of(null, null, null, null);
  }

  /** {@link #maxConcurrent} with 0 resolved for this machine. */
  public int concurrency() {
    return maxConcurrent > 0
        ? maxConcurrent
        : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }
}
