package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.marketplaceexporter.crypto.HmacSha256;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TikTok Shop: {@code GET /api/v2/token/refresh} (expiries as absolute Unix timestamps) and {@code
 * POST /order/202309/orders/search} (orders by {@code create_time_ge}/{@code create_time_lt} and
 * {@code update_time_ge}/{@code update_time_lt} in the body, Unix seconds, every one optional),
 * signed over path, sorted parameters and body. Its documented codes: 36009002 when throttled (with
 * HTTP 429), 36009003 for an internal error.
 */
final class TikTokApi extends SandboxApi {
  static final String ORDERS_PATH = "/order/202309/orders/search";

  TikTokApi(Sandbox sandbox) {
    super(sandbox);
  }

  @Override
  void register(RoutesConfig routes) {
    routes.get("/api/v2/token/refresh", this::token);
    routes.post(ORDERS_PATH, this::orders);
  }

  static void error(Context ctx, int status, String code, String message) {
    long c =
        switch (code) {
          case "throttled" -> 36009002;
          case "server" -> 36009003;
          case "sign" -> 106001;
          default -> 105002;
        };
    json(
        ctx,
        status,
        object().put("code", c).put("message", message).put("request_id", requestId()));
  }

  private void token(Context ctx) {
    if (!SandboxCredentials.TIKTOK_APP_KEY.equals(ctx.queryParam("app_key"))
        || !SandboxCredentials.TIKTOK_APP_SECRET.equals(ctx.queryParam("app_secret"))) {
      error(ctx, 401, "auth", "Invalid app_key or app_secret");
      return;
    }
    Tokens.Issued t =
        sandbox
            .tokens()
            .refresh(ctx.queryParam("refresh_token"), Duration.ofDays(7), Duration.ofDays(365));
    if (t == null) {
      error(ctx, 401, "auth", "Invalid refresh token or the refresh token has expired");
      return;
    }
    ObjectNode data =
        object()
            .put("access_token", t.access())
            .put("access_token_expire_in", t.accessExpiresAt() / 1000)
            .put("refresh_token", t.refresh())
            .put("refresh_token_expire_in", t.refreshExpiresAt() / 1000)
            .put("open_id", "sandbox-" + t.shop().shop())
            .put("seller_name", "Sandbox " + t.shop().shop())
            .put("seller_base_region", t.shop().site())
            .put("user_type", 0);
    json(
        ctx,
        200,
        object()
            .put("code", 0)
            .put("message", "success")
            .put("request_id", requestId())
            .set("data", data));
  }

  /** The query of a signed shop call to {@code path}; null after answering an error. */
  static TreeMap<String, String> signed(Context ctx, String path) {
    TreeMap<String, String> query = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
      query.put(e.getKey(), e.getValue().get(0));
    }
    StringBuilder base = new StringBuilder(path);
    query.forEach(
        (k, v) -> {
          if (!k.equals("sign") && !k.equals("access_token")) {
            base.append(k).append(v);
          }
        });
    base.append(ctx.body());
    String secret = SandboxCredentials.TIKTOK_APP_SECRET;
    String expected = HmacSha256.hex(secret, secret + base + secret);
    if (!SandboxCredentials.TIKTOK_APP_KEY.equals(query.get("app_key"))
        || !expected.equals(query.get("sign"))) {
      error(ctx, 401, "sign", "Invalid signature. Please check your sign parameter.");
      return null;
    }
    return query;
  }

  /**
   * The shop of a signed call's access token and cipher, unless it is faulted; null if answered.
   */
  SandboxShop shop(Context ctx, TreeMap<String, String> query) {
    SandboxShop shop = sandbox.tokens().shopOf(ctx.header("x-tts-access-token"));
    if (shop == null || !shop.shopCipher().equals(query.get("shop_cipher"))) {
      error(ctx, 401, "auth", "Expired credentials. The access token has expired.");
      return null;
    }
    return faulted(ctx, shop, TikTokApi::error) ? null : shop;
  }

  private void orders(Context ctx) {
    TreeMap<String, String> query = signed(ctx, ORDERS_PATH);
    SandboxShop shop = query == null ? null : shop(ctx, query);
    if (shop == null) {
      return;
    }
    JsonNode body = body(ctx);
    long now = sandbox.clock().millis();
    long[] range = new long[4];
    String[] fields = {"create_time_ge", "create_time_lt", "update_time_ge", "update_time_lt"};
    for (int i = 0; i < fields.length; i++) {
      JsonNode v = body.path(fields[i]);
      if (!v.isMissingNode() && !v.isNull() && !v.canConvertToLong()) {
        error(ctx, 400, "param", fields[i] + " must be a Unix timestamp in seconds");
        return;
      }
      // An empty lower bound is the shop's earliest time, an empty upper bound the current time.
      range[i] = v.canConvertToLong() ? v.asLong() * 1000 : i % 2 == 0 ? Long.MIN_VALUE : now + 1;
    }
    boolean byUpdate = body.hasNonNull("update_time_ge") || body.hasNonNull("update_time_lt");
    List<OrderBook.Order> all =
        byUpdate
            ? sandbox.orders(shop).listed(OrderBook.By.UPDATED, range[2], range[3] - 1)
            : sandbox.orders(shop).listed(OrderBook.By.CREATED, range[0], range[1] - 1);
    all.removeIf(o -> o.createdAt() < range[0] || o.createdAt() >= range[1]);
    String sortField = query.getOrDefault("sort_field", "create_time");
    String sortOrder = query.getOrDefault("sort_order", "DESC");
    if (!sortField.matches("create_time|update_time") || !sortOrder.matches("ASC|DESC")) {
      error(ctx, 400, "param", "sort_field or sort_order is invalid");
      return;
    }
    Comparator<OrderBook.Order> order =
        OrderBook.oldestFirst(
            sortField.equals("create_time") ? OrderBook.By.CREATED : OrderBook.By.UPDATED, now);
    all.sort(sortOrder.equals("ASC") ? order : order.reversed());
    int pageSize = Math.max(1, Math.min(100, parse(query.get("page_size"), 20)));
    int offset = parse(query.get("page_token"), 0);
    int end = Math.min(all.size(), offset + pageSize);
    ObjectNode data = object();
    ArrayNode orders = data.putArray("orders");
    for (OrderBook.Order o : all.subList(Math.min(offset, all.size()), end)) {
      orders
          .addObject()
          .put("id", o.id())
          .put("status", o.pending(now) ? "AWAITING_SHIPMENT" : "COMPLETED")
          .put("create_time", o.createdAt() / 1000)
          .put("update_time", o.updatedAt(now) / 1000);
    }
    data.put("next_page_token", end < all.size() ? Integer.toString(end) : "");
    data.put("total_count", all.size());
    json(
        ctx,
        200,
        object()
            .put("code", 0)
            .put("message", "Success")
            .put("request_id", requestId())
            .set("data", data));
  }

  static int parse(String s, int fallback) {
    try {
      return s == null || s.isEmpty() ? fallback : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
