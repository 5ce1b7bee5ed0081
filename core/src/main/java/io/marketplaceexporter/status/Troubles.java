package io.marketplaceexporter.status;

import io.marketplaceexporter.state.ShopSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which shops are in trouble now, judged from what the exporter holds: the same conditions and
 * default thresholds as the alert rule pack (rules/config.libsonnet), without its {@code for}
 * durations or per-shop overrides. A quick look, not a second alerting: the alerts stay the truth.
 *
 * <ul>
 *   <li>{@code price_zero} (critical): SKUs priced at zero or below; {@code price_anomaly}: drops,
 *       spikes, prices under the floor; {@code negative_stock}: SKUs with negative stock;
 *   <li>{@code sync}: a sync job whose last run failed, or without success for 2 expected intervals
 *       (at least 10m; critical after 3, at least 30m);
 *   <li>{@code token}: a refresh token or client secret expired or expiring within 7d (critical
 *       within 1d), an access token past its expiry;
 *   <li>{@code throttled}: over 5% of at least 20 recent API calls answered 429; {@code quota}: a
 *       quota over 80% used (critical over 95%);
 *   <li>{@code order_failures}: over 5% of recent orders failed, and at least 3 (one failure among
 *       a handful of orders is not an incident); {@code backlog}: an order pending for over a day.
 * </ul>
 */
public final class Troubles {
  static final double DAY = 86_400;
  static final double RATIO_MAX = 0.05;
  static final long MIN_API_CALLS = 20;
  static final long MIN_ORDERS = 3;
  static final long MIN_FAILED_ORDERS = 3;

  private Troubles() {}

  /**
   * What is wrong with {@code s} at {@code now} (Unix seconds), worst first; empty when nothing.
   */
  public static List<Trouble> of(ShopSummary s, double now) {
    List<Trouble> out = new ArrayList<>();
    catalog(s, out);
    for (ShopSummary.Sync sync : s.syncs()) {
      sync(sync, now, out);
    }
    s.tokenExpiries().forEach((token, at) -> token(token, at - now, out));
    api(s, out);
    ShopSummary.Recent r = s.recent();
    if (r.orders() >= MIN_ORDERS
        && r.orderFailures() >= MIN_FAILED_ORDERS
        && r.orderFailures() > RATIO_MAX * r.orders()) {
      out.add(
          warning(
              "order_failures", r.orderFailures() + " of " + r.orders() + " recent orders failed"));
    }
    if (s.pendingOrders() > 0 && now - s.oldestPendingAt() > DAY) {
      out.add(
          warning(
              "backlog",
              s.pendingOrders()
                  + " orders pending, the oldest for "
                  + Ages.ofSeconds(now - s.oldestPendingAt())));
    }
    out.sort((a, b) -> Boolean.compare(b.critical(), a.critical()));
    return out;
  }

  private static void catalog(ShopSummary s, List<Trouble> out) {
    Map<String, Integer> skus = s.anomalousSkus();
    if (skus.getOrDefault("zero", 0) > 0) {
      out.add(
          new Trouble(
              "price_zero", Trouble.CRITICAL, skus(skus.get("zero")) + " priced at zero or below"));
    }
    for (String kind : List.of("drop", "spike", "below_floor")) {
      if (skus.getOrDefault(kind, 0) > 0) {
        out.add(
            warning(
                "price_anomaly", skus(skus.get(kind)) + " with a price " + kind.replace('_', ' ')));
      }
    }
    if (s.negativeSkus() > 0) {
      out.add(warning("negative_stock", skus(s.negativeSkus()) + " with negative stock"));
    }
  }

  private static void sync(ShopSummary.Sync sync, double now, List<Trouble> out) {
    double every = sync.expectedIntervalSeconds();
    double warnAfter = Double.isNaN(every) ? 600 : Math.max(600, 2 * every);
    double criticalAfter = Double.isNaN(every) ? 1800 : Math.max(1800, 3 * every);
    double lag = now - sync.lastSuccessAt();
    String name = sync.system() + " " + sync.job() + " sync";
    List<String> why = new ArrayList<>();
    if (sync.lastRunFailed()) {
      why.add("last run failed");
    }
    if (Double.isNaN(sync.lastSuccessAt())) {
      why.add("never succeeded");
    } else if (lag > warnAfter) {
      why.add("no success for " + Ages.ofSeconds(lag));
    }
    if (!why.isEmpty()) {
      out.add(
          new Trouble(
              "sync",
              lag > criticalAfter ? Trouble.CRITICAL : Trouble.WARNING,
              name + ": " + String.join(", ", why)));
    }
  }

  private static void token(String token, double left, List<Trouble> out) {
    String name = token.equals("refresh") ? "refresh token" : token.replace('_', ' ');
    if (token.equals("access")) {
      if (left < 0) {
        out.add(
            new Trouble(
                "token",
                Trouble.CRITICAL,
                "access token expired " + Ages.ofSeconds(-left) + " ago, not refreshed"));
      }
    } else if (left <= 0) {
      out.add(
          new Trouble(
              "token", Trouble.CRITICAL, name + " expired " + Ages.ofSeconds(-left) + " ago"));
    } else if (left <= 7 * DAY) {
      out.add(
          new Trouble(
              "token",
              left <= DAY ? Trouble.CRITICAL : Trouble.WARNING,
              name + " expires in " + Ages.ofSeconds(left)));
    }
  }

  private static void api(ShopSummary s, List<Trouble> out) {
    ShopSummary.Recent r = s.recent();
    if (r.apiCalls() >= MIN_API_CALLS && r.apiThrottled() > RATIO_MAX * r.apiCalls()) {
      out.add(
          warning(
              "throttled",
              r.apiThrottled() + " of " + r.apiCalls() + " recent API calls throttled (429)"));
    }
    for (ShopSummary.Quota q : s.quotas()) {
      double used = 1 - q.remaining() / q.limit();
      if (q.limit() > 0 && used > 0.8) {
        out.add(
            new Trouble(
                "quota",
                used > 0.95 ? Trouble.CRITICAL : Trouble.WARNING,
                "API quota " + q.operation() + " " + Math.round(used * 100) + "% used"));
      }
    }
  }

  private static String skus(long n) {
    return n == 1 ? "1 SKU" : n + " SKUs";
  }

  private static Trouble warning(String kind, String detail) {
    return new Trouble(kind, Trouble.WARNING, detail);
  }
}
