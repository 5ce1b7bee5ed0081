package io.marketplaceexporter.state;

import java.util.List;
import java.util.Map;

/**
 * The part of the state that the next event cannot rebuild: per shop its last-success timestamps,
 * token expiries and backlog, its last listing counts by status, the last price and stock of its
 * SKUs (with the anomalies they show), its unmatched payments, and the latest changes. Counters are
 * not here: they restart from zero, as Prometheus expects. Absent values are null. Label values are
 * the contract's label values ({@code inventory}, {@code refresh}, {@code zero}, {@code deploy}).
 *
 * <p>These records are the body of the state file ({@code storage.StateStore}, format version 1,
 * field names in snake case): a change that an older reader would misread needs a new format
 * version and a migration there.
 */
public record StateImage(List<Shop> shops, Changes changes) {
  /**
   * One shop; {@code lastSeenMillis} drives {@code limits.shop_ttl} after a restart too. {@code
   * listings}: the last listing counts by status label, null when the shop never had any.
   */
  public record Shop(
      String marketplace,
      String site,
      String shop,
      long lastSeenMillis,
      Long pendingOrders,
      Double oldestPendingAt,
      List<Sync> syncs,
      Map<String, Double> tokens,
      List<Sku> skus,
      List<Payment> payments,
      Map<String, Long> listings) {}

  /** A payment captured and not matched to its order yet; {@code capturedAt} in Unix seconds. */
  public record Payment(String gateway, String paymentId, double capturedAt) {}

  /** The last successful run of a sync job, in Unix seconds. */
  public record Sync(String system, String job, double lastSuccessAt) {}

  /** The last price and stock of a SKU; {@code anomaly} is the price anomaly kind it shows. */
  public record Sku(
      String sku,
      Double price,
      Double referencePrice,
      Double floor,
      String currency,
      String anomaly,
      long anomalySinceMillis,
      Long available,
      long negativeSinceMillis,
      long lastSeenMillis) {}

  /**
   * The change log: last time per service and kind, latest per service, recent ones newest first.
   */
  public record Changes(List<Last> last, List<Entry> latest, List<Entry> recent) {}

  /** When the latest change of a kind to a service happened, in Unix seconds. */
  public record Last(String service, String kind, double at) {}

  /** One change. */
  public record Entry(
      String service,
      String kind,
      String version,
      double at,
      String shop,
      String approver,
      String alert) {}

  static Double present(double v) {
    return Double.isNaN(v) ? null : v;
  }

  static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }
}
