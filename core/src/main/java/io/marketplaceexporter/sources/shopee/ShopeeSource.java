package io.marketplaceexporter.sources.shopee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import io.marketplaceexporter.sources.ApiClient;
import io.marketplaceexporter.sources.ListingCensus;
import io.marketplaceexporter.sources.MarketplaceSource;
import io.marketplaceexporter.sources.OrderTracker;
import io.marketplaceexporter.sources.PollException;
import io.marketplaceexporter.sources.SourceKeys;
import io.marketplaceexporter.sources.SourceSetup;
import io.marketplaceexporter.state.ListingCounts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * One Shopee shop, polled through Open Platform v2. Every call is signed: HMAC-SHA256 keyed by the
 * partner key over {@code partner_id + path + timestamp} (plus {@code access_token + shop_id} for
 * shop APIs), lower-case hex. Access tokens live 4 hours; each refresh returns a new refresh token
 * valid for 30 days.
 *
 * <p>Credentials: {@code partner_key}, {@code refresh_token}. Options: {@code partner_id}
 * (required), {@code shop_id} (default: {@code shop}), {@code lookback} (default {@code 2d}, at
 * most 15 days), {@code max_pages} (default 10), {@code listings_interval} (listing counts from
 * {@code v2.product.get_item_list}, see {@link #LISTINGS}).
 */
public final class ShopeeSource extends MarketplaceSource {
  static final String TOKEN_PATH = "/api/v2/auth/access_token/get";
  static final String ORDERS_PATH = "/api/v2/order/get_order_list";
  static final String TOKEN_OPERATION = "v2.auth.access_token.get";
  static final String ORDERS_OPERATION = "v2.order.get_order_list";
  static final String ITEMS_PATH = "/api/v2/product/get_item_list";
  static final String ITEMS_OPERATION = "v2.product.get_item_list";

  /**
   * {@code item_status} of {@code v2.product.get_item_list} (Open Platform v2 reference): NORMAL is
   * active, UNLIST inactive, REVIEWING under review, BANNED and SHOPEE_DELETE suppressed (taken
   * down by Shopee); SELLER_DELETE is not counted. Pages of 100 items, the documented maximum.
   */
  static final ListingCensus LISTINGS =
      new ListingCensus(
          Map.of(
              "NORMAL", ListingStatus.ACTIVE,
              "UNLIST", ListingStatus.INACTIVE,
              "REVIEWING", ListingStatus.UNDER_REVIEW,
              "BANNED", ListingStatus.SUPPRESSED,
              "SHOPEE_DELETE", ListingStatus.SUPPRESSED),
          List.of("NORMAL", "UNLIST", "REVIEWING", "BANNED", "SHOPEE_DELETE"),
          100,
          ITEMS_OPERATION);

  static final Duration REFRESH_LIFETIME = Duration.ofDays(30);
  private static final Set<String> PENDING = Set.of("READY_TO_SHIP", "PROCESSED", "RETRY_SHIP");

  /** JSON is UTF-8 (RFC 8259); bodies go as bytes, so OkHttp parses no charset per call. */
  private static final MediaType JSON = MediaType.get("application/json");

  private final Secret partnerKey;
  private final long partnerId;
  private final long shopId;
  private final HttpUrl base;

  /** The credentials and options this connector reads. */
  public static final SourceKeys KEYS =
      MarketplaceSource.KEYS.plus(Set.of("partner_key"), Set.of("partner_id", "shop_id"));

  public ShopeeSource(SourceSetup setup) {
    super(setup, "shopee", setup.tokens(), ShopeeSource::classify);
    this.partnerKey = setup.secret("partner_key");
    this.partnerId = number(setup, "partner_id", setup.option("partner_id"));
    this.shopId = number(setup, "shop_id", setup.option("shop_id", setup.config().shop()));
    if (lookback.compareTo(Duration.ofDays(15)) > 0) {
      throw new ConfigException(setup.key("options.lookback") + ": Shopee allows at most 15d");
    }
    this.base = setup.baseUrl(false);
  }

  private static long number(SourceSetup setup, String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(setup.key("options." + option) + ": must be Shopee's numeric id");
    }
  }

  /** The signature of a call: lower-case hex HMAC-SHA256 over the concatenated base string. */
  static String sign(String partnerKey, String base) {
    return HmacSha256.hex(partnerKey, base);
  }

  /** Maps Shopee's {@code error} field (empty on success) onto a result class and poll error. */
  static ApiClient.Verdict classify(int status, JsonNode body) {
    JsonNode e = body == null ? null : body.get("error");
    String error = e == null || !e.isTextual() ? "" : e.textValue();
    if (error.isEmpty()) {
      return ApiClient.byStatus(status, body);
    }
    return ApiClient.byError(status, error, body.path("message").asText(""));
  }

  /**
   * The URL of a call to {@code path} with the common parameters and its signature; {@code access}
   * is the access token of a shop-level call, null for the token call.
   */
  private HttpUrl.Builder signed(String path, String access) {
    long ts = setup.clock().millis() / 1000;
    String base = partnerId + path + ts + (access == null ? "" : access + shopId);
    HttpUrl.Builder url =
        this.base
            .newBuilder()
            .encodedPath(path)
            .addQueryParameter("partner_id", Long.toString(partnerId))
            .addQueryParameter("timestamp", Long.toString(ts));
    if (access != null) {
      url.addQueryParameter("access_token", access)
          .addQueryParameter("shop_id", Long.toString(shopId));
    }
    return url.addQueryParameter("sign", sign(partnerKey.reveal(), base));
  }

  @Override
  protected void refreshTokens() throws PollException {
    HttpUrl url = signed(TOKEN_PATH, null).build();
    ObjectNode body =
        ApiClient.json()
            .createObjectNode()
            .put("refresh_token", tokens.refresh().reveal())
            .put("partner_id", partnerId)
            .put("shop_id", shopId);
    Request request =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create(body.toString().getBytes(StandardCharsets.UTF_8), JSON))
            .build();
    double now = setup.nowSeconds();
    JsonNode answer = api.call(TOKEN_OPERATION, request);
    Secret access = token(answer, "access_token", TOKEN_OPERATION);
    Secret refresh = token(answer, "refresh_token", TOKEN_OPERATION);
    double expireIn = number(answer, "expire_in", TOKEN_OPERATION);
    tokens.refreshed(access, now, now + expireIn, refresh, now + REFRESH_LIFETIME.toSeconds());
  }

  @Override
  protected ListingCounts countListings() throws PollException {
    return LISTINGS.count(this::items);
  }

  /** One page of the shop's items of {@code statuses} (repeated {@code item_status}). */
  private ListingCensus.Page items(List<String> statuses, String offset, int pageSize)
      throws PollException {
    HttpUrl.Builder url =
        signed(ITEMS_PATH, tokens.access().reveal())
            .addQueryParameter("offset", offset == null ? "0" : offset)
            .addQueryParameter("page_size", Integer.toString(pageSize));
    statuses.forEach(s -> url.addQueryParameter("item_status", s));
    JsonNode response =
        container(
            api.call(ITEMS_OPERATION, new Request.Builder().url(url.build()).get().build()),
            "response",
            ITEMS_OPERATION);
    List<String> found = new ArrayList<>();
    // Shopee leaves "item" out of an empty page
    response.path("item").forEach(i -> found.add(i.path("item_status").asText("")));
    long total = LISTINGS.total(response, "total_count");
    String next =
        response.path("has_next_page").asBoolean(false)
            ? Long.toString(LISTINGS.total(response, "next_offset"))
            : null;
    return new ListingCensus.Page(found, total, next);
  }

  @Override
  protected OrderTracker.Listing fetchOrders(OrderTracker.Window window) throws PollException {
    long from = window.fromSeconds();
    long to = window.toSeconds();
    List<OrderTracker.Order> out = new ArrayList<>();
    String cursor = "";
    for (int page = 0; page < maxPages; page++) {
      HttpUrl url =
          signed(ORDERS_PATH, tokens.access().reveal())
              .addQueryParameter("time_range_field", window.full() ? "create_time" : "update_time")
              .addQueryParameter("time_from", Long.toString(from))
              .addQueryParameter("time_to", Long.toString(to))
              .addQueryParameter("page_size", "100")
              .addQueryParameter("cursor", cursor)
              .addQueryParameter("response_optional_fields", "order_status")
              .build();
      JsonNode response =
          container(
              api.call(ORDERS_OPERATION, new Request.Builder().url(url).get().build()),
              "response",
              ORDERS_OPERATION);
      readOrders(
          container(response, "order_list", ORDERS_OPERATION),
          ORDERS_OPERATION,
          out,
          o ->
              new OrderTracker.Order(
                  text(o, "order_sn", ORDERS_OPERATION),
                  PENDING.contains(o.path("order_status").asText("")),
                  Double.NaN));
      if (!response.path("more").asBoolean(false)) {
        return new OrderTracker.Listing(out, true);
      }
      cursor = text(response, "next_cursor", ORDERS_OPERATION);
    }
    return new OrderTracker.Listing(out, false);
  }
}
