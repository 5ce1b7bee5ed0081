package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.marketplaceexporter.crypto.HmacSha256;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lazada Open Platform under {@code /rest}: {@code /auth/token/refresh} and {@code /orders/get}
 * (orders by {@code created_after} and/or {@code update_after}, one of them required, optionally
 * {@code created_before}, {@code update_before}, {@code sort_by}, {@code sort_direction}), signed
 * over the API path and the sorted parameters (upper-case hex). Orders are answered as the
 * GetOrders sample of Lazada's API reference shows them: {@code created_at} in ISO 8601 with the
 * site's offset ({@code 2018-02-09T22:44:30+08:00}), {@code order_id}, {@code count} and {@code
 * countTotal} as strings; errors, the rate limit included ({@code ApiCallLimit}), with HTTP 200.
 */
final class LazadaApi extends SandboxApi {
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

  LazadaApi(Sandbox sandbox) {
    super(sandbox);
  }

  @Override
  void register(RoutesConfig routes) {
    routes.get("/rest/auth/token/refresh", this::token);
    routes.get("/rest/orders/get", this::orders);
  }

  static void error(Context ctx, int status, String code, String message) {
    String c =
        switch (code) {
          case "throttled" -> "ApiCallLimit";
          case "server" -> "InternalError";
          default -> code;
        };
    json(
        ctx,
        status == 429 ? 200 : status,
        object()
            .put("type", status >= 500 ? "ISP" : "ISV")
            .put("code", c)
            .put("message", message)
            .put("request_id", requestId()));
  }

  /** The parameters when the signature over {@code apiPath} is right; null after answering. */
  static TreeMap<String, String> signed(Context ctx, String apiPath) {
    TreeMap<String, String> params = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
      params.put(e.getKey(), e.getValue().get(0));
    }
    String expected = signature(SandboxCredentials.LAZADA_APP_SECRET, apiPath, params);
    if (!SandboxCredentials.isLazadaAppKey(params.get("app_key"))
        || !expected.equals(params.get("sign"))) {
      error(
          ctx,
          200,
          "IncompleteSignature",
          "The request signature does not conform to platform standards");
      return null;
    }
    return params;
  }

  /**
   * The signature the sandbox expects: the API path, then every parameter but {@code sign} sorted
   * by name as name and value, HMAC-SHA256 keyed by the app secret, upper-case hex.
   */
  static String signature(String appSecret, String apiPath, TreeMap<String, String> params) {
    StringBuilder base = new StringBuilder(apiPath);
    params.forEach(
        (k, v) -> {
          if (!k.equals("sign")) {
            base.append(k).append(v);
          }
        });
    return HmacSha256.hex(appSecret, base.toString()).toUpperCase(Locale.ROOT);
  }

  private void token(Context ctx) {
    TreeMap<String, String> params = signed(ctx, "/auth/token/refresh");
    if (params == null) {
      return;
    }
    Tokens.Issued t =
        sandbox
            .tokens()
            .refresh(params.get("refresh_token"), Duration.ofDays(7), Duration.ofDays(30));
    if (t == null) {
      error(ctx, 200, "IllegalRefreshToken", "The specified refresh token is invalid or expired");
      return;
    }
    long now = sandbox.clock().millis();
    json(
        ctx,
        200,
        object()
            .put("access_token", t.access())
            .put("refresh_token", t.refresh())
            .put("country", t.shop().site().toLowerCase(Locale.ROOT))
            .put("expires_in", (t.accessExpiresAt() - now) / 1000)
            .put("refresh_expires_in", (t.refreshExpiresAt() - now) / 1000)
            .put("account_platform", "seller_center")
            .put("account", t.shop().shop() + "@sandbox.example")
            .put("code", "0")
            .put("request_id", requestId()));
  }

  /** The shop of a signed call's access token, unless it is faulted; null after answering. */
  SandboxShop shop(Context ctx, TreeMap<String, String> params) {
    SandboxShop shop = sandbox.tokens().shopOf(params.get("access_token"));
    if (shop == null) {
      error(ctx, 200, "IllegalAccessToken", "The specified access token is invalid or expired");
      return null;
    }
    return faulted(ctx, shop, LazadaApi::error) ? null : shop;
  }

  /** An ISO 8601 date with its offset in epoch millis; a missing one is no bound. */
  private static long date(String iso) {
    return iso == null ? Long.MAX_VALUE : OffsetDateTime.parse(iso).toInstant().toEpochMilli();
  }

  /**
   * The order of {@code sort_by} ({@code created_at} or {@code updated_at}; the reference states no
   * default, the sandbox sorts by the time it filters on) and {@code sort_direction} ({@code DESC},
   * the default, or {@code ASC}); null if either is invalid.
   */
  private static Comparator<OrderBook.Order> sorting(String sortBy, String direction, long now) {
    Comparator<OrderBook.Order> by =
        switch (sortBy) {
          case "created_at" -> OrderBook.oldestFirst(OrderBook.By.CREATED, now);
          case "updated_at" -> OrderBook.oldestFirst(OrderBook.By.UPDATED, now);
          default -> null;
        };
    return switch (direction == null ? "DESC" : direction) {
      case "DESC" -> by == null ? null : by.reversed();
      case "ASC" -> by;
      default -> null;
    };
  }

  private void orders(Context ctx) {
    TreeMap<String, String> params = signed(ctx, "/orders/get");
    SandboxShop shop = params == null ? null : shop(ctx, params);
    if (shop == null) {
      return;
    }
    String created = params.get("created_after");
    String updated = params.get("update_after");
    if (created == null && updated == null) {
      error(
          ctx,
          200,
          "MissingParameter",
          "the input parameter \"created_after\" or \"update_after\" that is mandatory for"
              + " processing this request is not supplied");
      return;
    }
    long createdFrom;
    long updatedFrom;
    long createdTo;
    long updatedTo;
    String field = "created_after";
    try {
      createdFrom = created == null ? Long.MIN_VALUE : date(created);
      field = "update_after";
      updatedFrom = updated == null ? Long.MIN_VALUE : date(updated);
      field = "created_before";
      createdTo = date(params.get(field));
      field = "update_before";
      updatedTo = date(params.get(field));
    } catch (DateTimeParseException e) {
      error(ctx, 200, "17", "E017: \"" + params.get(field) + "\" Invalid Date Format");
      return;
    }
    int offset;
    int limit;
    try {
      field = "offset";
      offset = Integer.parseInt(params.getOrDefault(field, "0"));
      field = "limit";
      limit = Math.max(1, Math.min(100, Integer.parseInt(params.getOrDefault(field, "100"))));
    } catch (NumberFormatException e) {
      boolean isOffset = field.equals("offset");
      error(
          ctx,
          200,
          isOffset ? "14" : "19",
          "E0"
              + (isOffset ? "14" : "19")
              + ": \""
              + params.get(field)
              + "\" Invalid "
              + (isOffset ? "Offset" : "Limit"));
      return;
    }
    long now = sandbox.clock().millis();
    String sortBy = params.getOrDefault("sort_by", updated != null ? "updated_at" : "created_at");
    Comparator<OrderBook.Order> order = sorting(sortBy, params.get("sort_direction"), now);
    if (order == null) {
      boolean knownField = sortBy.equals("created_at") || sortBy.equals("updated_at");
      error(
          ctx,
          200,
          knownField ? "74" : "75",
          knownField ? "E074: Invalid sort direction." : "E075: Invalid sort filter.");
      return;
    }
    OrderBook book = sandbox.orders(shop);
    List<OrderBook.Order> all =
        updated != null
            ? book.listed(OrderBook.By.UPDATED, updatedFrom, updatedTo)
            : book.listed(OrderBook.By.CREATED, createdFrom, createdTo);
    all.removeIf(
        o ->
            o.createdAt() < createdFrom
                || o.createdAt() > createdTo
                || o.updatedAt(now) > updatedTo);
    all.sort(order);
    ObjectNode data = object();
    ArrayNode orders = data.putArray("orders");
    List<OrderBook.Order> page =
        all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
    for (OrderBook.Order o : page) {
      orders
          .addObject()
          .put("order_id", o.id().replaceAll("\\D", ""))
          .put("order_number", o.id().replaceAll("\\D", ""))
          .put(
              "created_at",
              CREATED.format(
                  OffsetDateTime.ofInstant(
                      Instant.ofEpochMilli(o.createdAt()), ZoneOffset.ofHours(7))))
          .put(
              "updated_at",
              CREATED.format(
                  OffsetDateTime.ofInstant(
                      Instant.ofEpochMilli(o.updatedAt(now)), ZoneOffset.ofHours(7))))
          .put("items_count", "1")
          .putArray("statuses")
          .add(o.pending(now) ? "pending" : "delivered");
    }
    data.put("count", Integer.toString(page.size()))
        .put("countTotal", Integer.toString(all.size()));
    json(ctx, 200, object().put("code", "0").put("request_id", requestId()).set("data", data));
  }
}
