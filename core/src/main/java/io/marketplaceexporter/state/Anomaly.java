package io.marketplaceexporter.state;

/**
 * A SKU that is anomalous now: a price anomaly ({@code kind} zero, drop, spike, below_floor) or
 * negative stock ({@code kind} negative_stock). Prices are NaN where unknown.
 */
public record Anomaly(
    ShopKey shop,
    String sku,
    String kind,
    long sinceMillis,
    double price,
    double referencePrice,
    double floor,
    String currency,
    Long available) {
  public static final String NEGATIVE_STOCK = "negative_stock";
}
