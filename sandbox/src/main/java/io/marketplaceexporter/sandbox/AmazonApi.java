package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * Login with Amazon ({@code POST /auth/o2/token}) and the Orders API ({@code GET
 * /orders/v0/orders}, {@code MaxResultsPerPage} orders a page, default 100, with {@code
 * NextToken}), as the SP-API documents them: orders placed ({@code CreatedAfter}) or last updated
 * ({@code LastUpdatedAfter}) since a time, exactly one of the two. As in the Orders model's own
 * NextToken sandbox example, each page after the first starts with the last order of the page
 * before: a client must not count it twice.
 */
final class AmazonApi extends SandboxApi {
  static final Duration ACCESS_LIFETIME = Duration.ofHours(1);
  static final int PAGE = 100;

  AmazonApi(Sandbox sandbox) {
    super(sandbox);
  }

  @Override
  void register(RoutesConfig routes) {
    routes.post("/auth/o2/token", this::token);
    routes.get("/orders/v0/orders", this::orders);
  }

  private static void lwaError(Context ctx, int status, String error, String description) {
    json(ctx, status, object().put("error", error).put("error_description", description));
  }

  static void spError(Context ctx, int status, String code, String message) {
    ObjectNode body = object();
    body.putArray("errors")
        .addObject()
        .put(
            "code",
            switch (code) {
              case "throttled" -> "QuotaExceeded";
              case "server" -> "InternalFailure";
              default -> code;
            })
        .put("message", message)
        .put("details", "");
    json(ctx, status, body);
  }

  private void token(Context ctx) {
    if (!SandboxCredentials.AMAZON_CLIENT_ID.equals(ctx.formParam("client_id"))
        || !SandboxCredentials.AMAZON_CLIENT_SECRET.equals(ctx.formParam("client_secret"))) {
      lwaError(ctx, 401, "invalid_client", "Client authentication failed");
      return;
    }
    if (!"refresh_token".equals(ctx.formParam("grant_type"))) {
      lwaError(ctx, 400, "unsupported_grant_type", "Only refresh_token is supported");
      return;
    }
    String refresh = ctx.formParam("refresh_token");
    Tokens.Issued t = sandbox.tokens().refresh(refresh, ACCESS_LIFETIME, Duration.ofDays(3650));
    if (t == null) {
      lwaError(ctx, 400, "invalid_grant", "The request has an invalid grant parameter");
      return;
    }
    long expiresIn = (t.accessExpiresAt() - sandbox.clock().millis()) / 1000;
    json(
        ctx,
        200,
        object()
            .put("access_token", t.access())
            .put("refresh_token", refresh)
            .put("token_type", "bearer")
            .put("expires_in", expiresIn));
  }

  /**
   * The shop of an SP-API call's access token, with the operation's rate ({@code rate}, requests a
   * second) in its header, unless it is faulted; null after answering.
   */
  SandboxShop shop(Context ctx, String rate) {
    ctx.header("x-amzn-RateLimit-Limit", rate);
    ctx.header("x-amzn-RequestId", requestId());
    SandboxShop shop = sandbox.tokens().shopOf(ctx.header("x-amz-access-token"));
    if (shop == null || !shop.marketplace().equals("amazon")) {
      spError(ctx, 403, "Unauthorized", "Access to requested resource is denied.");
      return null;
    }
    return faulted(ctx, shop, AmazonApi::spError) ? null : shop;
  }

  private void orders(Context ctx) {
    SandboxShop shop = shop(ctx, "0.0167");
    if (shop == null) {
      return;
    }
    if (ctx.queryParam("MarketplaceIds") == null) {
      spError(ctx, 400, "InvalidInput", "MarketplaceIds is required");
      return;
    }
    OrderBook.By by;
    long since;
    int offset;
    String next = ctx.queryParam("NextToken");
    try {
      if (next != null) {
        // The token carries the filter of the first page: NextToken replaces the other criteria.
        String[] parts =
            new String(Base64.getDecoder().decode(next), StandardCharsets.UTF_8).split(":");
        by = OrderBook.By.valueOf(parts[0]);
        since = Long.parseLong(parts[1]);
        offset = Integer.parseInt(parts[2]);
      } else {
        String created = ctx.queryParam("CreatedAfter");
        String updated = ctx.queryParam("LastUpdatedAfter");
        if ((created == null) == (updated == null)) {
          spError(
              ctx,
              400,
              "InvalidInput",
              created == null
                  ? "Either CreatedAfter or LastUpdatedAfter is required"
                  : "CreatedAfter and LastUpdatedAfter cannot both be specified");
          return;
        }
        by = created != null ? OrderBook.By.CREATED : OrderBook.By.UPDATED;
        since = Instant.parse(created != null ? created : updated).toEpochMilli();
        offset = 0;
      }
    } catch (DateTimeParseException | IllegalArgumentException | IndexOutOfBoundsException e) {
      spError(ctx, 400, "InvalidInput", "Invalid CreatedAfter, LastUpdatedAfter or NextToken");
      return;
    }
    int size;
    try {
      String max = ctx.queryParam("MaxResultsPerPage");
      size = max == null ? PAGE : Integer.parseInt(max);
    } catch (NumberFormatException e) {
      size = 0;
    }
    if (size < 1 || size > PAGE) {
      spError(ctx, 400, "InvalidInput", "MaxResultsPerPage must be 1 to 100");
      return;
    }
    long now = sandbox.clock().millis();
    List<OrderBook.Order> all = sandbox.orders(shop).listed(by, since, now);
    int start = Math.min(offset > 0 && size > 1 ? offset - 1 : offset, all.size());
    int end = Math.min(start + size, all.size());
    ObjectNode payload = object();
    ArrayNode orders = payload.putArray("Orders");
    for (OrderBook.Order o : all.subList(start, end)) {
      orders
          .addObject()
          .put("AmazonOrderId", o.id())
          .put("PurchaseDate", Instant.ofEpochMilli(o.createdAt()).toString())
          .put("LastUpdateDate", Instant.ofEpochMilli(o.updatedAt(now)).toString())
          .put("OrderStatus", o.pending(now) ? "Unshipped" : "Shipped")
          .put("FulfillmentChannel", "MFN")
          .put("SalesChannel", "Amazon.com")
          .put("MarketplaceId", ctx.queryParam("MarketplaceIds"));
    }
    if (end < all.size()) {
      payload.put(
          "NextToken",
          Base64.getEncoder()
              .encodeToString((by + ":" + since + ":" + end).getBytes(StandardCharsets.UTF_8)));
    }
    payload.put(
        by == OrderBook.By.CREATED ? "CreatedBefore" : "LastUpdatedBefore",
        Instant.ofEpochMilli(now).toString());
    json(ctx, 200, object().set("payload", payload));
  }
}
