package io.marketplaceexporter.state;

import java.util.List;

/**
 * The business metric families of the contract ({@code docs/metrics.md}) that the state holds, with
 * the labels each is exposed with. The cardinality guard counts label sets per family.
 */
public enum SeriesFamily {
  ORDERS(
      "marketplace_orders_total",
      Type.COUNTER,
      "Orders processed, by outcome.",
      "marketplace",
      "site",
      "shop",
      "outcome"),
  ORDER_FAILURES(
      "marketplace_order_failures_total",
      Type.COUNTER,
      "Failed orders, by reason.",
      "marketplace",
      "site",
      "shop",
      "reason"),
  ORDERS_PENDING(
      "marketplace_orders_pending",
      Type.GAUGE,
      "Orders waiting to be processed or shipped.",
      "marketplace",
      "site",
      "shop"),
  ORDER_OLDEST_PENDING(
      "marketplace_order_oldest_pending_timestamp_seconds",
      Type.GAUGE,
      "When the oldest pending order was placed, in Unix seconds.",
      "marketplace",
      "site",
      "shop"),
  SYNC_LAST_SUCCESS(
      "marketplace_sync_last_success_timestamp_seconds",
      Type.GAUGE,
      "When the last successful run of a sync job finished, in Unix seconds. Never moves back.",
      "marketplace",
      "site",
      "shop",
      "system",
      "job"),
  SYNC_EXPECTED_INTERVAL(
      "marketplace_sync_expected_interval_seconds",
      Type.GAUGE,
      "How often a sync job is expected to succeed, in seconds: from its sync events"
          + " (expected_interval_seconds) or the configuration (alerting.sync_schedules).",
      "marketplace",
      "site",
      "shop",
      "system",
      "job"),
  SYNC_RUNS(
      "marketplace_sync_runs_total",
      Type.COUNTER,
      "Sync runs, by outcome.",
      "marketplace",
      "site",
      "shop",
      "system",
      "job",
      "outcome"),
  API_REQUESTS(
      "marketplace_api_requests_total",
      Type.COUNTER,
      "Marketplace API calls, by result class (2xx, 3xx, 4xx, 429, 5xx, error).",
      "marketplace",
      "site",
      "shop",
      "operation",
      "code"),
  API_DURATION(
      "marketplace_api_request_duration_seconds",
      Type.HISTOGRAM,
      "Latency of marketplace API calls.",
      "marketplace",
      "operation"),
  API_QUOTA_LIMIT(
      "marketplace_api_quota_limit",
      Type.GAUGE,
      "The API quota the marketplace grants for an operation.",
      "marketplace",
      "site",
      "shop",
      "operation"),
  API_QUOTA_REMAINING(
      "marketplace_api_quota_remaining",
      Type.GAUGE,
      "What is left of the API quota for an operation.",
      "marketplace",
      "site",
      "shop",
      "operation"),
  TOKEN_EXPIRY(
      "marketplace_token_expiry_timestamp_seconds",
      Type.GAUGE,
      "When a credential expires (access, refresh, client_secret), in Unix seconds.",
      "marketplace",
      "site",
      "shop",
      "token"),
  PRICE_CHECKS(
      "marketplace_price_checks_total",
      Type.COUNTER,
      "Prices checked.",
      "marketplace",
      "site",
      "shop"),
  PRICE_ANOMALIES(
      "marketplace_price_anomalies_total",
      Type.COUNTER,
      "Price checks that found an anomaly, by kind.",
      "marketplace",
      "site",
      "shop",
      "kind"),
  PRICE_ANOMALOUS_SKUS(
      "marketplace_price_anomalous_skus",
      Type.GAUGE,
      "SKUs whose latest price is anomalous, by kind.",
      "marketplace",
      "site",
      "shop",
      "kind"),
  INVENTORY_NEGATIVE_SKUS(
      "marketplace_inventory_negative_skus",
      Type.GAUGE,
      "SKUs whose latest available stock is below zero.",
      "marketplace",
      "site",
      "shop"),
  CHANGES(
      "marketplace_changes_total",
      Type.COUNTER,
      "Deploys and operational changes, by kind.",
      "service",
      "kind"),
  CHANGE_LAST(
      "marketplace_change_last_timestamp_seconds",
      Type.GAUGE,
      "When the latest change of a kind to a service happened, in Unix seconds.",
      "service",
      "kind"),
  CHANGE_INFO(
      "marketplace_change_info",
      Type.GAUGE,
      "Always 1: the kind and version of the latest change per service.",
      "service",
      "kind",
      "version");

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
