package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Bounds on what the exporter holds. {@code shopTtl} removes a shop's series after that long
 * without any event for it ({@code 0s} keeps them forever); it is long by default so that a shop
 * whose sync stopped keeps alerting. {@code maxUnmatchedPaymentsPerShop} bounds the payments
 * captured and not yet matched to an order that the exporter remembers per shop.
 */
public record LimitsConfig(
    int maxSeriesPerMetric, int maxTrackedSkus, Duration shopTtl, int maxUnmatchedPaymentsPerShop) {
  public LimitsConfig {
    require(
        maxSeriesPerMetric > 0 && maxSeriesPerMetric <= 10_000_000,
        "max_series_per_metric",
        "must be 1..10000000");
    require(
        maxTrackedSkus > 0 && maxTrackedSkus <= 50_000_000,
        "max_tracked_skus",
        "must be 1..50000000");
    require(
        shopTtl.isZero() || shopTtl.compareTo(Duration.ofMinutes(1)) >= 0,
        "shop_ttl",
        "must be 0s (never expire) or at least 1m");
    require(
        maxUnmatchedPaymentsPerShop > 0 && maxUnmatchedPaymentsPerShop <= 1_000_000,
        "max_unmatched_payments_per_shop",
        "must be 1..1000000");
  }

  @JsonCreator
  static LimitsConfig of(
      @JsonProperty("max_series_per_metric") Integer maxSeriesPerMetric,
      @JsonProperty("max_tracked_skus") Integer maxTrackedSkus,
      @JsonProperty("shop_ttl") String shopTtl,
      @JsonProperty("max_unmatched_payments_per_shop") Integer maxUnmatchedPaymentsPerShop) {
    return new LimitsConfig(
        maxSeriesPerMetric == null ? 200_000 : maxSeriesPerMetric,
        maxTrackedSkus == null ? 200_000 : maxTrackedSkus,
        ConfigLoader.duration(shopTtl, "7d", "shop_ttl"),
        maxUnmatchedPaymentsPerShop == null ? 1_000 : maxUnmatchedPaymentsPerShop);
  }

  public static LimitsConfig defaults() {
    return of(null, null, null, null);
  }
}
