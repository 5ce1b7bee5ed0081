package io.marketplaceexporter.http;

import io.javalin.http.Context;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary;
import io.marketplaceexporter.model.Vocabulary.Marketplace;
import io.marketplaceexporter.state.Anomaly;
import io.marketplaceexporter.state.Change;
import io.marketplaceexporter.state.MarketplaceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of {@code /api/v1}: current anomalous SKUs and recent changes, and shop retirement.
 * SKUs are listed here so that they never have to become metric labels.
 */
final class QueryHandlers {
  static final int MAX_LIMIT = 1000;
  private final MarketplaceState state;

  QueryHandlers(MarketplaceState state) {
    this.state = state;
  }

  /** {@code GET /api/v1/anomalies?limit=&marketplace=&site=&shop=&kind=}, newest first. */
  void anomalies(Context ctx) {
    int limit = limit(ctx);
    String marketplace = ctx.queryParam("marketplace");
    String site = ctx.queryParam("site");
    String shop = ctx.queryParam("shop");
    String kind = ctx.queryParam("kind");
    List<Map<String, Object>> items = new ArrayList<>();
    int total = 0;
    for (Anomaly a : state.anomalies(Integer.MAX_VALUE)) {
      if ((marketplace != null && !marketplace.equals(a.shop().marketplace()))
          || (site != null && !site.equals(a.shop().site()))
          || (shop != null && !shop.equals(a.shop().shop()))
          || (kind != null && !kind.equals(a.kind()))) {
        continue;
      }
      total++;
      if (items.size() < limit) {
        items.add(render(a));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", total);
    out.put("anomalies", items);
    Json.write(ctx, 200, out);
  }

  private static Map<String, Object> render(Anomaly a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("marketplace", a.shop().marketplace());
    m.put("site", a.shop().site());
    m.put("shop", a.shop().shop());
    m.put("sku", a.sku());
    m.put("kind", a.kind());
    m.put("since", Instant.ofEpochMilli(a.sinceMillis()).toString());
    putNumber(m, "price", a.price());
    putNumber(m, "reference_price", a.referencePrice());
    putNumber(m, "floor", a.floor());
    if (a.currency() != null) {
      m.put("currency", a.currency());
    }
    if (a.available() != null) {
      m.put("available", a.available());
    }
    return m;
  }

  private static void putNumber(Map<String, Object> m, String key, double v) {
    if (!Double.isNaN(v)) {
      m.put(key, v);
    }
  }

  /** {@code GET /api/v1/changes?limit=}: the latest deploys and changes, newest first. */
  void changes(Context ctx) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (Change c : state.recentChanges(limit(ctx))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("service", c.service());
      m.put("kind", c.kind().label());
      m.put("version", c.version());
      m.put("at", Instant.ofEpochMilli((long) (c.at() * 1000)).toString());
      if (c.shop() != null) {
        m.put("shop", c.shop());
      }
      if (c.approver() != null) {
        m.put("approver", c.approver());
      }
      if (c.alert() != null) {
        m.put("alert", c.alert());
      }
      items.add(m);
    }
    Json.write(ctx, 200, Map.of("changes", items));
  }

  /** {@code DELETE /api/v1/shops/{marketplace}/{shop}?site=}: removes a shop's series. */
  void retireShop(Context ctx) {
    String marketplace = ctx.pathParam("marketplace");
    if (Vocabulary.parse(Marketplace.class, marketplace).isEmpty()) {
      throw new BadRequest(400, "marketplace: must be " + Vocabulary.allowed(Marketplace.class));
    }
    String site = ctx.queryParam("site") == null ? "" : ctx.queryParam("site");
    ShopKey key = new ShopKey(marketplace, site, ctx.pathParam("shop"));
    if (!state.retire(key)) {
      throw new BadRequest(404, "shop: no series for " + key);
    }
    ctx.status(204);
  }

  private static int limit(Context ctx) {
    String raw = ctx.queryParam("limit");
    if (raw == null) {
      return 100;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequest(400, "limit: must be a whole number from 1 to " + MAX_LIMIT);
  }
}
