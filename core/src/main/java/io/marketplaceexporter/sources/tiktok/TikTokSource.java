package io.marketplaceexporter.sources.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import io.marketplaceexporter.sources.ApiClient;
import io.marketplaceexporter.sources.ListingCensus;
import io.marketplaceexporter.sources.MarketplaceSource;
import io.marketplaceexporter.sources.OrderTracker;
import io.marketplaceexporter.sources.PollError;
import io.marketplaceexporter.sources.PollException;
import io.marketplaceexporter.sources.SourceKeys;
import io.marketplaceexporter.sources.SourceSetup;
import io.marketplaceexporter.state.ListingCounts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * One TikTok Shop shop. Calls are signed: the query parameters except {@code sign} and {@code
 * access_token}, sorted by name and concatenated as name and value, after the path and before the
 * JSON body, all wrapped in the app secret, HMAC-SHA256 keyed by the app secret, lower-case hex.
 * The token refresh answers {@code access_token_expire_in} and {@code refresh_token_expire_in} as
 * absolute Unix timestamps, not durations.
 *
 * <p>Credentials: {@code app_secret}, {@code refresh_token}. Options: {@code app_key} and {@code
 * shop_cipher} (required), {@code lookback} (default {@code 2d}), {@code max_pages} (default 10),
 * {@code listings_interval} (listing counts from Search Products, see {@link #LISTINGS}). {@code
 * auth_url} defaults to {@code https://auth.tiktok-shops.com}.
 */
public final class TikTokSource extends MarketplaceSource {
  static final String ORDERS_PATH = "/order/202309/orders/search";
  static final String TOKEN_OPERATION = "/api/v2/token/refresh";
  static final String ORDERS_OPERATION = ORDERS_PATH;
  static final String PRODUCTS_PATH = "/product/202309/products/search";

  /**
   * Product {@code status} of Search Products (API 202309, the request's {@code status} filter and
   * each product's {@code status}): ACTIVATE is active, SELLER_DEACTIVATED inactive, PENDING under
   * review, FAILED, PLATFORM_DEACTIVATED and FREEZE suppressed; DRAFT, DELETED and SCHEDULED are
   * not counted. Pages of 100 products, the documented maximum.
   */
  static final ListingCensus LISTINGS =
      new ListingCensus(
          Map.of(
              "ACTIVATE", ListingStatus.ACTIVE,
              "SELLER_DEACTIVATED", ListingStatus.INACTIVE,
              "PENDING", ListingStatus.UNDER_REVIEW,
              "FAILED", ListingStatus.SUPPRESSED,
              "PLATFORM_DEACTIVATED", ListingStatus.SUPPRESSED,
              "FREEZE", ListingStatus.SUPPRESSED),
          List.of("ALL"),
          100,
          PRODUCTS_PATH);

  private static final Set<String> PENDING = Set.of("AWAITING_SHIPMENT", "AWAITING_COLLECTION");

  /** "Too many requests. You've made too many requests in a short period of time." */
  static final Set<String> THROTTLE_CODES = Set.of("36009002");

  /** "Internal error. Please try again." */
  static final Set<String> SERVER_CODES = Set.of("36009003");

  /** JSON is UTF-8 (RFC 8259); bodies go as bytes, so OkHttp parses no charset per call. */
  private static final MediaType JSON = MediaType.get("application/json");

  private final String appKey;
  private final Secret appSecret;
  private final String shopCipher;
  private final HttpUrl authUrl;
  private final HttpUrl apiUrl;

  /** The credentials and options this connector reads. */
  public static final SourceKeys KEYS =
      MarketplaceSource.KEYS.plus(Set.of("app_secret"), Set.of("app_key", "shop_cipher"));

  public TikTokSource(SourceSetup setup) {
    super(setup, "tiktok", setup.tokens(), TikTokSource::classify);
    this.appKey = setup.option("app_key");
    this.appSecret = setup.secret("app_secret");
    this.shopCipher = setup.option("shop_cipher");
    this.authUrl = authUrl("https://auth.tiktok-shops.com");
    this.apiUrl = setup.baseUrl(false);
  }

  /**
   * TikTok Shop answers {@code code} 0 on success and its own error code otherwise; its documented
   * rate-limit code is {@code throttled} and its internal error {@code http_5xx}, whatever the HTTP
   * status.
   */
  static ApiClient.Verdict classify(int status, JsonNode body) {
    JsonNode code = body == null ? null : body.get("code");
    if (code == null || (code.canConvertToLong() && code.asLong() == 0)) {
      return ApiClient.byStatus(status, body);
    }
    if (SERVER_CODES.contains(code.asText())) {
      return new ApiClient.Verdict(ApiCode.C5XX, PollError.HTTP_5XX, "error " + code.asText());
    }
    return byDocumentedCode(status, code.asText(), body.path("message").asText(""), THROTTLE_CODES);
  }

  /** The signature of a call to {@code path} with these query parameters and JSON body. */
  static String sign(String appSecret, String path, TreeMap<String, String> query, String body) {
    StringBuilder s = new StringBuilder(path);
    query.forEach(
        (k, v) -> {
          if (!k.equals("sign") && !k.equals("access_token")) {
            s.append(k).append(v);
          }
        });
    s.append(body == null ? "" : body);
    return HmacSha256.hex(appSecret, appSecret + s + appSecret);
  }

  @Override
  protected void refreshTokens() throws PollException {
    HttpUrl url =
        authUrl
            .newBuilder()
            .addPathSegments("api/v2/token/refresh")
            .addQueryParameter("app_key", appKey)
            .addQueryParameter("app_secret", appSecret.reveal())
            .addQueryParameter("refresh_token", tokens.refresh().reveal())
            .addQueryParameter("grant_type", "refresh_token")
            .build();
    double now = setup.nowSeconds();
    JsonNode data =
        container(
            api.call(TOKEN_OPERATION, new Request.Builder().url(url).get().build()),
            "data",
            TOKEN_OPERATION);
    tokens.refreshed(
        token(data, "access_token", TOKEN_OPERATION),
        now,
        number(data, "access_token_expire_in", TOKEN_OPERATION),
        token(data, "refresh_token", TOKEN_OPERATION),
        number(data, "refresh_token_expire_in", TOKEN_OPERATION));
  }

  /**
   * A signed POST of a shop API: the common parameters ({@code app_key}, {@code timestamp}, {@code
   * shop_cipher}) added to {@code query}, the access token in its header.
   */
  private Request signedPost(String path, TreeMap<String, String> query, String body) {
    query.put("app_key", appKey);
    query.put("timestamp", Long.toString(setup.clock().millis() / 1000));
    query.put("shop_cipher", shopCipher);
    HttpUrl.Builder url = apiUrl.newBuilder().encodedPath(path);
    query.forEach(url::addQueryParameter);
    url.addQueryParameter("sign", sign(appSecret.reveal(), path, query, body));
    return new Request.Builder()
        .url(url.build())
        .header("x-tts-access-token", tokens.access().reveal())
        .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON))
        .build();
  }

  @Override
  protected ListingCounts countListings() throws PollException {
    return LISTINGS.count(this::products);
  }

  /** One page of the shop's products of one {@code status} ({@code ALL}: every status). */
  private ListingCensus.Page products(List<String> status, String pageToken, int pageSize)
      throws PollException {
    TreeMap<String, String> query = new TreeMap<>();
    query.put("page_size", Integer.toString(pageSize));
    if (pageToken != null) {
      query.put("page_token", pageToken);
    }
    String body =
        ApiClient.json().createObjectNode().put("status", String.join(",", status)).toString();
    JsonNode data =
        container(
            api.call(PRODUCTS_PATH, signedPost(PRODUCTS_PATH, query, body)), "data", PRODUCTS_PATH);
    List<String> found = new ArrayList<>();
    // an empty result may leave "products" out
    data.path("products").forEach(p -> found.add(p.path("status").asText("")));
    String next = data.path("next_page_token").asText("");
    return new ListingCensus.Page(
        found, LISTINGS.total(data, "total_count"), next.isEmpty() ? null : next);
  }

  @Override
  protected OrderTracker.Listing fetchOrders(OrderTracker.Window window) throws PollException {
    String field = window.full() ? "create_time" : "update_time";
    String body = "{\"" + field + "_ge\":" + window.fromSeconds() + "}";
    List<OrderTracker.Order> out = new ArrayList<>();
    String pageToken = null;
    for (int page = 0; page < maxPages; page++) {
      TreeMap<String, String> query = new TreeMap<>();
      query.put("page_size", "100");
      query.put("sort_field", field);
      query.put("sort_order", "DESC");
      if (pageToken != null) {
        query.put("page_token", pageToken);
      }
      JsonNode data =
          container(
              api.call(ORDERS_OPERATION, signedPost(ORDERS_PATH, query, body)),
              "data",
              ORDERS_OPERATION);
      readOrders(
          container(data, "orders", ORDERS_OPERATION),
          ORDERS_OPERATION,
          out,
          o ->
              new OrderTracker.Order(
                  text(o, "id", ORDERS_OPERATION),
                  PENDING.contains(text(o, "status", ORDERS_OPERATION)),
                  orderTime(o, "create_time", ORDERS_OPERATION)));
      String next = data.path("next_page_token").asText("");
      if (next.isEmpty()) {
        return new OrderTracker.Listing(out, true);
      }
      pageToken = next;
    }
    return new OrderTracker.Listing(out, false);
  }
}
