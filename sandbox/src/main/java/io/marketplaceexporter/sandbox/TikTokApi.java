package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.marketplaceexporter.crypto.HmacSha256;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TikTok Shop: {@code GET /api/v2/token/refresh} (expiries as absolute Unix timestamps) and {@code
 * POST /order/202309/orders/search}, signed over path, sorted parameters and body. Its documented
 * codes: 36009002 when throttled (with HTTP 429), 36009003 for an internal error.
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
    long from = body(ctx).path("create_time_ge").asLong(0) * 1000;
    int pageSize = Math.max(1, Math.min(100, parse(query.get("page_size"), 20)));
    int offset = parse(query.get("page_token"), 0);
    List<OrderBook.Order> all = sandbox.orders(shop).since(from);
    long now = sandbox.clock().millis();
    int end = Math.min(all.size(), offset + pageSize);
    ObjectNode data = object();
    ArrayNode orders = data.putArray("orders");
    for (OrderBook.Order o : all.subList(Math.min(offset, all.size()), end)) {
      orders
          .addObject()
          .put("id", o.id())
          .put("status", o.pending(now) ? "AWAITING_SHIPMENT" : "COMPLETED")
          .put("create_time", o.createdAt() / 1000)
          .put("update_time", Math.min(now, o.shipsAt()) / 1000);
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
