package io.marketplaceexporter.state;

import io.marketplaceexporter.model.ShopKey;
import java.util.List;
import java.util.Map;

/**
 * What the exporter knows of one shop now, read in one go for the status page. Times are Unix
 * seconds and NaN where unknown; {@code recent*} counts cover the last five to ten minutes (events
 * received, whatever their own time). Map keys are label values ({@code kind}, {@code token}).
 */
public record ShopSummary(
    ShopKey shop,
    long lastSeenMillis,
    Map<String, Integer> anomalousSkus,
    int negativeSkus,
    List<Sync> syncs,
    Map<String, Double> tokenExpiries,
    List<Quota> quotas,
    long pendingOrders,
    double oldestPendingAt,
    Recent recent) {

  /** A sync job of the shop: its last success, expected interval, and how its last run ended. */
  public record Sync(
      String system,
      String job,
      double lastSuccessAt,
      double expectedIntervalSeconds,
      boolean lastRunFailed) {}

  /** An API quota of the shop; NaN where the source did not report it. */
  public record Quota(String operation, double limit, double remaining) {}

  /** Orders and API calls received in the last five to ten minutes. */
  public record Recent(long orders, long orderFailures, long apiCalls, long apiThrottled) {}

  public ShopSummary {
    anomalousSkus = Map.copyOf(anomalousSkus);
    syncs = List.copyOf(syncs);
    tokenExpiries = Map.copyOf(tokenExpiries);
    quotas = List.copyOf(quotas);
  }
}
