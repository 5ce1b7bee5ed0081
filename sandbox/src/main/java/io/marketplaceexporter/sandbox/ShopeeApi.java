package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.marketplaceexporter.crypto.HmacSha256;
import java.time.Duration;
import java.util.List;

/**
 * Shopee Open Platform v2: {@code /api/v2/auth/access_token/get} and {@code
 * /api/v2/order/get_order_list} (orders by {@code time_range_field} {@code create_time} or {@code
 * update_time}, from {@code time_from} to {@code time_to}, at most 15 days apart), with the partner
 * signature checked on every call. Refresh tokens are single-use, as Shopee's are: each refresh
 * answers a new one and the one used stops working.
 */
final class ShopeeApi extends SandboxApi {
  static final String TOKEN_PATH = "/api/v2/auth/access_token/get";
  static final String ORDERS_PATH = "/api/v2/order/get_order_list";

  /** The longest {@code time_from}..{@code time_to} range get_order_list accepts. */
  static final Duration MAX_RANGE = Duration.ofDays(15);

  ShopeeApi(Sandbox sandbox) {
    super(sandbox);
  }

  @Override
  void register(RoutesConfig routes) {
    routes.post(TOKEN_PATH, this::token);
    routes.get(ORDERS_PATH, this::orders);
  }

  static void error(Context ctx, int status, String code, String message) {
    String error =
        switch (code) {
          case "throttled" -> "error_too_many_request";
          case "server" -> "error_server";
          default -> code;
        };
    json(
        ctx,
        status,
        object().put("error", error).put("message", message).put("request_id", requestId()));
  }

  /** True when the partner id and signature over {@code base} are right; answers otherwise. */
  private static boolean signed(Context ctx, String path, String rest) {
    String partnerId = ctx.queryParam("partner_id");
    String ts = ctx.queryParam("timestamp");
    String expected =
        HmacSha256.hex(SandboxCredentials.SHOPEE_PARTNER_KEY, partnerId + path + ts + rest);
    if (!SandboxCredentials.SHOPEE_PARTNER_ID.equals(partnerId)
        || !expected.equals(ctx.queryParam("sign"))) {
      error(ctx, 403, "error_sign", "Wrong sign.");
      return false;
    }
    return true;
  }

  private void token(Context ctx) {
    if (!signed(ctx, TOKEN_PATH, "")) {
      return;
    }
    JsonNode body = body(ctx);
    Tokens.Issued t =
        sandbox
            .tokens()
            .refresh(
                body.path("refresh_token").asText(null),
                Duration.ofHours(4),
                Duration.ofDays(30),
                true);
    if (t == null || !t.shop().apiShopId().equals(body.path("shop_id").asText())) {
      error(ctx, 403, "error_auth", "Invalid refresh_token.");
      return;
    }
    long expireIn = (t.accessExpiresAt() - sandbox.clock().millis()) / 1000;
    json(
        ctx,
        200,
        object()
            .put("refresh_token", t.refresh())
            .put("access_token", t.access())
            .put("expire_in", expireIn)
            .put("request_id", requestId())
            .put("error", "")
            .put("message", "")
            .put("partner_id", Long.parseLong(SandboxCredentials.SHOPEE_PARTNER_ID))
            .put("shop_id", Long.parseLong(t.shop().apiShopId())));
  }

  /**
   * The shop of a shop-level call to {@code path}, signed and with its access token, unless it is
   * faulted; null after answering an error.
   */
  SandboxShop shop(Context ctx, String path) {
    String access = ctx.queryParam("access_token");
    String shopId = ctx.queryParam("shop_id");
    if (!signed(ctx, path, access + shopId)) {
      return null;
    }
    SandboxShop shop = sandbox.tokens().shopOf(access);
    if (shop == null || !shop.apiShopId().equals(shopId)) {
      error(ctx, 403, "invalid_access_token", "Invalid access_token.");
      return null;
    }
    return faulted(ctx, shop, ShopeeApi::error) ? null : shop;
  }

  private void orders(Context ctx) {
    SandboxShop shop = shop(ctx, ORDERS_PATH);
    if (shop == null) {
      return;
    }
    OrderBook.By by =
        switch (String.valueOf(ctx.queryParam("time_range_field"))) {
          case "create_time" -> OrderBook.By.CREATED;
          case "update_time" -> OrderBook.By.UPDATED;
          default -> null;
        };
    if (by == null) {
      error(
          ctx,
          400,
          "error_param",
          "Wrong parameters, detail: time_range_field must be create_time or update_time.");
      return;
    }
    long from;
    long to;
    int pageSize;
    int cursor;
    try {
      from = Long.parseLong(ctx.queryParam("time_from"));
      to = Long.parseLong(ctx.queryParam("time_to"));
      pageSize = Integer.parseInt(ctx.queryParam("page_size"));
      String c = ctx.queryParam("cursor");
      cursor = c == null || c.isEmpty() ? 0 : Integer.parseInt(c);
    } catch (NumberFormatException e) {
      error(
          ctx,
          400,
          "error_param",
          "Wrong parameters, detail: time_from, time_to, page_size and cursor must be numbers.");
      return;
    }
    if (from > to || to - from > MAX_RANGE.toSeconds()) {
      error(
          ctx,
          400,
          "order.order_list_invalid_time",
          "Start time must be earlier than end time and diff in 15days.");
      return;
    }
    List<OrderBook.Order> all = sandbox.orders(shop).listed(by, from * 1000, to * 1000 + 999);
    long now = sandbox.clock().millis();
    int end = Math.min(all.size(), cursor + Math.max(1, Math.min(100, pageSize)));
    ObjectNode response = object();
    ArrayNode list = response.putArray("order_list");
    for (OrderBook.Order o : all.subList(Math.min(cursor, all.size()), end)) {
      list.addObject()
          .put("order_sn", o.id())
          .put("order_status", o.pending(now) ? "READY_TO_SHIP" : "COMPLETED");
    }
    response.put("more", end < all.size()).put("next_cursor", end < all.size() ? "" + end : "");
    ok(ctx, object(), response);
  }

  /** A successful answer: {@code head}'s fields, then empty error and message, and the response. */
  static void ok(Context ctx, ObjectNode head, ObjectNode response) {
    head.put("error", "").put("message", "");
    json(ctx, 200, head.put("request_id", requestId()).set("response", response));
  }
}
