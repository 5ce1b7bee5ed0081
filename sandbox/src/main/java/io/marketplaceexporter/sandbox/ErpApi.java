package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake ERP (in the style of Mabang, Dianxiaomi or an in-house system) that the generic JSON
 * source reads: sync job runs, the price and stock catalog, failed orders, deploys and API quota
 * use, all per shop and all behind a bearer token. Sync jobs run every minute and failed orders and
 * deploys carry stable ids, so a source polling faster than that counts each once.
 *
 * <p>A burst of failed orders is served only once the changes made before it have been served (or
 * {@link #BURST_HOLD_MILLIS} after it began, when nobody reads the changes): a regression follows
 * its deploy, and a reader that polls orders and changes apart would otherwise, about half the
 * time, see the burst of {@code deploy_regression} before its deploy and count it into the failure
 * ratio before the change, which PostDeployRegression compares with.
 */
final class ErpApi extends SandboxApi {
  static final String[] JOBS = {"orders", "inventory", "price", "listing", "logistics"};
  static final String[] REASONS = {"payment", "validation", "timeout", "stock"};
  static final long MINUTE = 60_000;

  /** How long a burst waits at most for the changes before it to be served. */
  static final long BURST_HOLD_MILLIS = 10_000;

  /** A failed order; served once the first {@code afterChanges} changes have been. */
  private record OrderEvent(String id, SandboxShop shop, String reason, long at, int afterChanges) {
    OrderEvent(String id, SandboxShop shop, String reason, long at) {
      this(id, shop, reason, at, 0);
    }

    boolean held(long now, int changesServed) {
      return afterChanges > changesServed && now - at < BURST_HOLD_MILLIS;
    }
  }

  /** Whether a burst of the shop waits for the changes before it. */
  private boolean held(SandboxShop s, long now, int served) {
    return orderEvents.stream().anyMatch(e -> e.shop().equals(s) && e.held(now, served));
  }

  private record ChangeEvent(String id, String service, String kind, String version, long at) {}

  private final List<OrderEvent> orderEvents = new CopyOnWriteArrayList<>();
  private final List<ChangeEvent> changes = new CopyOnWriteArrayList<>();
  private final AtomicInteger deploys = new AtomicInteger(3);
  private final AtomicInteger bursts = new AtomicInteger();
  private final AtomicInteger listingChanges = new AtomicInteger();

  /** How many of {@link #changes} the changes endpoint has served. */
  private final AtomicInteger changesServed = new AtomicInteger();

  ErpApi(Sandbox sandbox) {
    super(sandbox);
    long now = sandbox.clock().millis();
    changes.add(new ChangeEvent("chg-1", "erp-order-sync", "deploy", "2026.11.3", now - 3_600_000));
    changes.add(new ChangeEvent("chg-2", "price-engine", "config", "rules-v42", now - 1_800_000));
    List<SandboxShop> shops = sandbox.shops();
    for (int i = 0; i < shops.size(); i++) {
      orderEvents.add(
          new OrderEvent(
              "fail-seed-" + i, shops.get(i), REASONS[i % REASONS.length], now - 120_000));
    }
    sandbox.faults().listen(this::started);
  }

  @Override
  void register(RoutesConfig routes) {
    routes.before("/erp/*", this::authorize);
    routes.get("/erp/api/v1/sync-status", this::syncStatus);
    routes.get("/erp/api/v1/catalog", this::catalog);
    routes.get("/erp/api/v1/order-events", this::orderEvents);
    routes.get("/erp/api/v1/changes", this::changes);
    routes.get("/erp/api/v1/api-quotas", this::quotas);
  }

  private void authorize(Context ctx) {
    if (!("Bearer " + SandboxCredentials.ERP_TOKEN).equals(ctx.header("Authorization"))) {
      json(ctx, 401, object().put("code", 401).put("message", "invalid token"));
      ctx.skipRemainingHandlers();
    }
  }

  /** One-off effects of a fault: a deploy, a burst of failed orders. */
  private void started(Faults.Fault f) {
    long now = sandbox.clock().millis();
    if (f.kind() == FaultKind.DEPLOY) {
      int n = deploys.incrementAndGet();
      changes.add(
          new ChangeEvent("chg-deploy-" + n, "erp-order-sync", "deploy", "2026.11." + n, now));
    } else if (f.kind() == FaultKind.LISTING_CHANGE) {
      int n = listingChanges.incrementAndGet();
      changes.add(
          new ChangeEvent(
              "chg-listing-" + n, "listing-tool", "listing", "main-image-template-v" + n, now));
    } else if (f.kind() == FaultKind.ORDER_FAILURES) {
      int b = bursts.incrementAndGet();
      int before = changes.size();
      for (SandboxShop s : sandbox.shops()) {
        if (f.shop() == null || f.shop().equals(s.shop())) {
          for (int i = 0; i < 8; i++) {
            orderEvents.add(
                new OrderEvent(
                    "burst-" + b + "-" + s.shop() + "-" + i, s, "api_error", now, before));
          }
        }
      }
    }
  }

  static ObjectNode shopFields(ObjectNode n, SandboxShop s) {
    return n.put("platform", s.marketplace()).put("site", s.site()).put("shopId", s.shop());
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  private void syncStatus(Context ctx) {
    long now = sandbox.clock().millis();
    long minute = Math.floorDiv(now, MINUTE);
    ArrayNode runs = object().arrayNode();
    for (SandboxShop s : sandbox.shops()) {
      for (String job : JOBS) {
        Faults.Fault stalled =
            job.equals("inventory")
                ? sandbox.faults().active(FaultKind.STALLED_SYNC, s.shop())
                : null;
        boolean failed = stalled != null;
        shopFields(runs.addObject(), s)
            .put("system", s.erp())
            .put("job", job)
            .put("runId", s.shop() + "-" + job + "-" + minute + (failed ? "-failed" : ""))
            .put("status", failed ? "failure" : "success")
            .put("finishedAt", iso(minute * MINUTE))
            // Every job runs every minute; the demo maps this to expected_interval_seconds.
            .put("scheduleSeconds", MINUTE / 1000)
            .put(
                "lastSuccessAt",
                iso(
                    failed
                        ? Math.floorDiv(stalled.sinceMillis(), MINUTE) * MINUTE
                        : minute * MINUTE));
      }
    }
    json(ctx, 200, object().put("code", 200).set("data", object().set("runs", runs)));
  }

  private void catalog(Context ctx) {
    long minute = Math.floorDiv(sandbox.clock().millis(), MINUTE);
    ObjectNode data = object();
    ArrayNode prices = data.putArray("prices");
    ArrayNode stock = data.putArray("stock");
    for (SandboxShop s : sandbox.shops()) {
      boolean zero = sandbox.faults().playing(FaultKind.ZERO_PRICE, s.shop());
      boolean drop = sandbox.faults().playing(FaultKind.PRICE_DROP, s.shop());
      boolean negative = sandbox.faults().playing(FaultKind.NEGATIVE_STOCK, s.shop());
      for (int i = 0; i < 10; i++) {
        double p = s.basePrice() * (0.97 + 0.06 * noise(s, i, minute));
        if (zero && i < 3) {
          p = 0;
        } else if (drop && i >= 3 && i < 6) {
          p = s.basePrice() * 0.55;
        }
        shopFields(prices.addObject(), s)
            .put("sku", s.sku(i))
            .put("price", Math.round(p * 100) / 100.0)
            .put("currency", s.currency())
            .put("floor", Math.round(s.basePrice() * 40) / 100.0);
      }
      for (int i = 10; i < 20; i++) {
        long available = negative && i < 12 ? -3 : 5 + Math.round(195 * noise(s, i, minute));
        shopFields(stock.addObject(), s).put("sku", s.sku(i)).put("available", available);
      }
    }
    json(ctx, 200, object().put("code", 200).set("data", data));
  }

  /** A number in [0, 1) fixed for a shop, SKU and minute. */
  private static double noise(SandboxShop s, int sku, long minute) {
    long h = (s.shop().hashCode() * 31L + sku) * 1_000_003L + minute;
    h ^= (h >>> 17);
    h *= 0x9E3779B97F4A7C15L;
    return (h >>> 11) / (double) (1L << 53);
  }

  private void orderEvents(Context ctx) {
    long now = sandbox.clock().millis();
    long minute = Math.floorDiv(now, MINUTE);
    List<OrderEvent> recent = new ArrayList<>();
    List<SandboxShop> shops = sandbox.shops();
    int served = changesServed.get();
    for (int i = 0; i < shops.size(); i++) {
      SandboxShop s = shops.get(i);
      // one ordinary failure every seven minutes per shop, more while a burst plays
      long every = sandbox.faults().playing(FaultKind.ORDER_FAILURES, s.shop()) ? 1 : 7;
      if (every == 1 && held(s, now, served)) {
        continue; // the fault's failures wait with its burst
      }
      if ((minute + i) % every == 0) {
        recent.add(
            new OrderEvent(
                "fail-" + s.shop() + "-" + minute,
                s,
                every == 1 ? "api_error" : REASONS[Math.floorMod(minute, REASONS.length)],
                minute * MINUTE));
      }
    }
    orderEvents.removeIf(e -> e.at() < now - 30 * MINUTE);
    for (OrderEvent e : orderEvents) {
      if (!e.held(now, served)) {
        recent.add(e);
      }
    }
    ArrayNode events = object().arrayNode();
    for (OrderEvent e : recent) {
      shopFields(events.addObject(), e.shop())
          .put("id", e.id())
          .put("outcome", "failure")
          .put("reason", e.reason())
          .put("at", iso(e.at()));
    }
    json(ctx, 200, object().put("code", 200).set("data", object().set("events", events)));
  }

  private void changes(Context ctx) {
    ArrayNode list = object().arrayNode();
    List<ChangeEvent> all = List.copyOf(changes);
    for (ChangeEvent c : all) {
      list.addObject()
          .put("id", c.id())
          .put("service", c.service())
          .put("kind", c.kind())
          .put("version", c.version())
          .put("at", c.at() / 1000);
    }
    json(ctx, 200, object().put("code", 200).set("data", object().set("changes", list)));
    changesServed.accumulateAndGet(all.size(), Math::max);
  }

  private void quotas(Context ctx) {
    long minute = Math.floorDiv(sandbox.clock().millis(), MINUTE);
    ArrayNode list = object().arrayNode();
    for (SandboxShop s : sandbox.shops()) {
      if (s.ordersPerMinute() == 0) {
        continue;
      }
      boolean throttled = sandbox.faults().playing(FaultKind.THROTTLE, s.shop());
      long limit = 10_000;
      long used = Math.floorMod(minute * 37 + s.shop().hashCode(), 8_000);
      shopFields(list.addObject(), s)
          .put("operation", "daily_calls")
          .put("limit", limit)
          .put("remaining", throttled ? 0 : limit - used);
    }
    json(ctx, 200, object().put("code", 200).set("data", object().set("quotas", list)));
  }
}
