package io.marketplaceexporter.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The event mix of one shop-round (orders, backlog, sync, api_call, token, and prices for 20 SKUs:
 * 34 events) for the exporter, and the same information as Prometheus text for the Pushgateway (one
 * group per shop: the series the events feed, plus one price gauge per SKU).
 */
final class Workload {
  static final String[] MARKETPLACES = {"amazon", "shopee", "lazada", "tiktok", "walmart", "ebay"};
  static final String[] JOBS = {"orders", "inventory", "price", "listing", "logistics"};
  static final String[] OPERATIONS = {"getOrders", "getOrderItems", "getInventorySummaries"};
  static final int SKUS = 20;
  static final int EVENTS_PER_ROUND = 34;

  /**
   * Shops per Pushgateway group. The Pushgateway checks every push against everything it holds, so
   * one group per shop makes loading quadratic (1,000 single-shop groups took 320 s on the
   * benchmark machine); a team pushes groups of shops instead, as measured here.
   */
  static final int SHOPS_PER_GROUP = 50;

  private Workload() {}

  static String shop(int i) {
    return "bench-shop-" + i;
  }

  static String marketplace(int i) {
    return MARKETPLACES[i % MARKETPLACES.length];
  }

  /** The 34 events of one round for shop {@code i}, each a JSON object on its own. */
  static List<String> events(int i, long round, double now) {
    String shop =
        "\"marketplace\":\"" + marketplace(i) + "\",\"site\":\"US\",\"shop\":\"" + shop(i) + "\"";
    List<String> out = new ArrayList<>(EVENTS_PER_ROUND);
    out.add("{\"type\":\"order\"," + shop + ",\"outcome\":\"success\",\"count\":3}");
    out.add("{\"type\":\"order\"," + shop + ",\"outcome\":\"failure\",\"reason\":\"payment\"}");
    out.add(
        String.format(
            Locale.ROOT,
            "{\"type\":\"order_backlog\",%s,\"pending\":%d,\"oldest_pending_at\":%.3f}",
            shop,
            round % 7 + 1,
            now - 600));
    for (String job : JOBS) {
      out.add(
          String.format(
              Locale.ROOT,
              "{\"type\":\"sync\",%s,\"system\":\"erp\",\"job\":\"%s\",\"outcome\":\"success\",\"finished_at\":%.3f}",
              shop,
              job,
              now));
    }
    for (String op : OPERATIONS) {
      out.add(
          String.format(
              Locale.ROOT,
              "{\"type\":\"api_call\",%s,\"operation\":\"%s\",\"status\":200,\"duration_seconds\":0.%03d,\"quota_limit\":20,\"quota_remaining\":%d}",
              shop,
              op,
              100 + round % 800,
              round % 20));
    }
    for (String token : new String[] {"access", "refresh", "client_secret"}) {
      out.add(
          String.format(
              Locale.ROOT,
              "{\"type\":\"token\",%s,\"token\":\"%s\",\"expires_at\":%.0f}",
              shop,
              token,
              now + 3600));
    }
    for (int s = 0; s < SKUS; s++) {
      out.add(
          String.format(
              Locale.ROOT,
              "{\"type\":\"price\",%s,\"sku\":\"SKU-%d\",\"price\":%.2f,\"currency\":\"USD\"}",
              shop,
              s,
              19.99 + (round % 3) * 0.1));
    }
    return out;
  }

  /** The Pushgateway body of group {@code g}: the same information for each of its shops. */
  static String pushgatewayText(int g, long round, double now) {
    StringBuilder b = new StringBuilder(SHOPS_PER_GROUP * 4096);
    for (int i = g * SHOPS_PER_GROUP; i < (g + 1) * SHOPS_PER_GROUP; i++) {
      shopText(b, i, round, now);
    }
    return b.toString();
  }

  private static void shopText(StringBuilder b, int i, long round, double now) {
    String l = "marketplace=\"" + marketplace(i) + "\",site=\"US\",shop=\"" + shop(i) + "\"";
    line(b, "marketplace_orders_total", l + ",outcome=\"success\"", 3 * (round + 1));
    line(b, "marketplace_orders_total", l + ",outcome=\"failure\"", round + 1);
    line(b, "marketplace_order_failures_total", l + ",reason=\"payment\"", round + 1);
    line(b, "marketplace_orders_pending", l, round % 7 + 1);
    line(b, "marketplace_order_oldest_pending_timestamp_seconds", l, now - 600);
    for (String job : JOBS) {
      // "job" is the Pushgateway's grouping label and cannot be pushed as a metric label.
      String j = l + ",system=\"erp\",sync_job=\"" + job + "\"";
      line(b, "marketplace_sync_last_success_timestamp_seconds", j, now);
      line(b, "marketplace_sync_runs_total", j + ",outcome=\"success\"", round + 1);
    }
    for (String op : OPERATIONS) {
      String o = l + ",operation=\"" + op + "\"";
      line(b, "marketplace_api_requests_total", o + ",code=\"2xx\"", round + 1);
      line(b, "marketplace_api_quota_limit", o, 20);
      line(b, "marketplace_api_quota_remaining", o, round % 20);
    }
    for (String token : new String[] {"access", "refresh", "client_secret"}) {
      line(
          b,
          "marketplace_token_expiry_timestamp_seconds",
          l + ",token=\"" + token + "\"",
          now + 3600);
    }
    line(b, "marketplace_price_checks_total", l, SKUS * (round + 1));
    for (int s = 0; s < SKUS; s++) {
      line(b, "marketplace_sku_price", l + ",sku=\"SKU-" + s + "\"", 19.99 + (round % 3) * 0.1);
    }
  }

  /** Samples in one Pushgateway body (one group). */
  static int pushgatewaySamples() {
    return (int) pushgatewayText(0, 0, 0).lines().count();
  }

  /** Groups needed for {@code shops} shops. */
  static int groups(int shops) {
    return (shops + SHOPS_PER_GROUP - 1) / SHOPS_PER_GROUP;
  }

  private static void line(StringBuilder b, String name, String labels, double value) {
    b.append(name).append('{').append(labels).append("} ");
    b.append(String.format(Locale.ROOT, "%.3f", value)).append('\n');
  }

  static String pushgatewayPath(int g) {
    return "/metrics/job/marketplace/shop_group/" + g;
  }
}
