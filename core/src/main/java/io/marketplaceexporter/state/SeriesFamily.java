package io.marketplaceexporter.state;

import io.marketplaceexporter.model.MetricNames;
import java.util.List;

/**
 * The business metric families of the contract ({@code docs/metrics.md}) that the state holds, with
 * the labels each is exposed with. The cardinality guard counts label sets per family.
 */
public enum SeriesFamily {
  ORDERS(
      MetricNames.ORDERS,
      Type.COUNTER,
      "Orders processed, by outcome.",
      "marketplace",
      "site",
      "shop",
      "outcome"),
  ORDER_FAILURES(
      MetricNames.ORDER_FAILURES,
      Type.COUNTER,
      "Failed orders, by reason.",
      "marketplace",
      "site",
      "shop",
      "reason"),
  ORDERS_PENDING(
      MetricNames.ORDERS_PENDING,
      Type.GAUGE,
      "Orders waiting to be processed or shipped.",
      "marketplace",
      "site",
      "shop"),
  ORDER_OLDEST_PENDING(
      MetricNames.ORDER_OLDEST_PENDING,
      Type.GAUGE,
      "When the oldest pending order was placed, in Unix seconds.",
      "marketplace",
      "site",
      "shop"),
  SYNC_LAST_SUCCESS(
      MetricNames.SYNC_LAST_SUCCESS,
      Type.GAUGE,
      "When the last successful run of a sync job finished, in Unix seconds. Never moves back.",
      "marketplace",
      "site",
      "shop",
      "system",
      "job"),
  SYNC_EXPECTED_INTERVAL(
      MetricNames.SYNC_EXPECTED_INTERVAL,
      Type.GAUGE,
      "How often a sync job is expected to succeed, in seconds: from its sync events"
          + " (expected_interval_seconds) or the configuration (alerting.sync_schedules).",
      "marketplace",
      "site",
      "shop",
      "system",
      "job"),
  SYNC_RUNS(
      MetricNames.SYNC_RUNS,
      Type.COUNTER,
      "Sync runs, by outcome.",
      "marketplace",
      "site",
      "shop",
      "system",
      "job",
      "outcome"),
  API_REQUESTS(
      MetricNames.API_REQUESTS,
      Type.COUNTER,
      "Marketplace API calls, by result class (2xx, 3xx, 4xx, 429, 5xx, error).",
      "marketplace",
      "site",
      "shop",
      "operation",
      "code"),
  API_DURATION(
      MetricNames.API_DURATION,
      Type.HISTOGRAM,
      "Latency of marketplace API calls.",
      "marketplace",
      "operation"),
  API_QUOTA_LIMIT(
      MetricNames.API_QUOTA_LIMIT,
      Type.GAUGE,
      "The API quota the marketplace grants for an operation.",
      "marketplace",
      "site",
      "shop",
      "operation"),
  API_QUOTA_REMAINING(
      MetricNames.API_QUOTA_REMAINING,
      Type.GAUGE,
      "What is left of the API quota for an operation.",
      "marketplace",
      "site",
      "shop",
      "operation"),
  TOKEN_EXPIRY(
      MetricNames.TOKEN_EXPIRY,
      Type.GAUGE,
      "When a credential expires (access, refresh, client_secret), in Unix seconds.",
      "marketplace",
      "site",
      "shop",
      "token"),
  PRICE_CHECKS(
      MetricNames.PRICE_CHECKS, Type.COUNTER, "Prices checked.", "marketplace", "site", "shop"),
  PRICE_ANOMALIES(
      MetricNames.PRICE_ANOMALIES,
      Type.COUNTER,
      "Price checks that found an anomaly, by kind.",
      "marketplace",
      "site",
      "shop",
      "kind"),
  PRICE_ANOMALOUS_SKUS(
      MetricNames.PRICE_ANOMALOUS_SKUS,
      Type.GAUGE,
      "SKUs whose latest price is anomalous, by kind.",
      "marketplace",
      "site",
      "shop",
      "kind"),
  INVENTORY_NEGATIVE_SKUS(
      MetricNames.INVENTORY_NEGATIVE_SKUS,
      Type.GAUGE,
      "SKUs whose latest available stock is below zero.",
      "marketplace",
      "site",
      "shop"),
  LISTINGS(
      MetricNames.LISTINGS,
      Type.GAUGE,
      "Listings of a shop by normalised status (active, inactive, under_review, suppressed),"
          + " as last counted.",
      "marketplace",
      "site",
      "shop",
      "status"),
  CHANGES(
      MetricNames.CHANGES,
      Type.COUNTER,
      "Deploys and operational changes, by kind.",
      "service",
      "kind"),
  CHANGE_LAST(
      MetricNames.CHANGE_LAST,
      Type.GAUGE,
      "When the latest change of a kind to a service happened, in Unix seconds.",
      "service",
      "kind"),
  CHANGE_INFO(
      MetricNames.CHANGE_INFO,
      Type.GAUGE,
      "Always 1: the kind and version of the latest change per service.",
      "service",
      "kind",
      "version"),
  // Payments (event type payment): ShopPayments.
  PAYMENTS(
      MetricNames.PAYMENTS,
      Type.COUNTER,
      "Payment events by status (captured, matched, refunded).",
      "marketplace",
      "site",
      "shop",
      "gateway",
      "status"),
  PAYMENTS_UNMATCHED(
      MetricNames.PAYMENTS_UNMATCHED,
      Type.GAUGE,
      "Payments the gateway captured whose order is not yet known to be paid.",
      "marketplace",
      "site",
      "shop",
      "gateway"),
  PAYMENT_OLDEST_UNMATCHED_AGE(
      MetricNames.PAYMENT_OLDEST_UNMATCHED_AGE,
      Type.GAUGE,
      "Seconds since the oldest unmatched payment was captured, as of the scrape.",
      "marketplace",
      "site",
      "shop",
      "gateway");

  /** How a family is exposed. */
  public enum Type {
    COUNTER,
    GAUGE,
    HISTOGRAM
  }

  private final String metricName;
  private final Type type;
  private final String help;
  private final List<String> labelNames;

  SeriesFamily(String metricName, Type type, String help, String... labelNames) {
    this.metricName = metricName;
    this.type = type;
    this.help = help;
    this.labelNames = List.of(labelNames);
  }

  public String metricName() {
    return metricName;
  }

  public Type type() {
    return type;
  }

  public String help() {
    return help;
  }

  public List<String> labelNames() {
    return labelNames;
  }
}
