package io.marketplaceexporter.sources.lazada;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import io.marketplaceexporter.sources.ApiClient;
import io.marketplaceexporter.sources.CallRates;
import io.marketplaceexporter.sources.ListingCensus;
import io.marketplaceexporter.sources.MarketplaceSource;
import io.marketplaceexporter.sources.OrderTracker;
import io.marketplaceexporter.sources.PollException;
import io.marketplaceexporter.sources.SourceKeys;
import io.marketplaceexporter.sources.SourceSetup;
import io.marketplaceexporter.state.ListingCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * One Lazada seller on one country site. Calls are signed: every parameter but {@code sign}, sorted
 * by name and concatenated as name and value after the API path, HMAC-SHA256 keyed by the app
 * secret, upper-case hex. The token refresh answers lifetimes in seconds ({@code expires_in},
 * {@code refresh_expires_in}) and a new refresh token.
 *
 * <p>Credentials: {@code app_secret}, {@code refresh_token}. Options: {@code app_key} (required),
 * {@code lookback} (default {@code 2d}), {@code max_pages} (default 10), {@code listings_interval}
 * (listing counts from {@code /products/get}, see {@link #LISTINGS}). {@code url} is the site's
 * REST base ({@code https://api.lazada.co.th/rest}); {@code auth_url} defaults to {@code
 * https://auth.lazada.com/rest}.
 */
public final class LazadaSource extends MarketplaceSource {
  static final String TOKEN_PATH = "/auth/token/refresh";
  static final String ORDERS_PATH = "/orders/get";
  static final int PAGE = 100;
  static final String PRODUCTS_PATH = "/products/get";

  /**
   * {@code filter} values of GetProducts ({@code /products/get}, Lazada API reference): live is
   * active, inactive inactive, pending under review, rejected suppressed; all, deleted and sold-out
   * are not read (whether sold-out products are also live is not stated). Products carry no status
   * in the filter's words, so each filter is one one-product call whose {@code total_products} is
   * the count: 4 calls per count, each taking a permit of the application's daily quota.
   */
  static final ListingCensus LISTINGS =
      new ListingCensus(
          Map.of(
              "live", ListingStatus.ACTIVE,
              "inactive", ListingStatus.INACTIVE,
              "pending", ListingStatus.UNDER_REVIEW,
              "rejected", ListingStatus.SUPPRESSED),
          List.of("all"),
          50,
          PRODUCTS_PATH);

  /** Lazada's rate-limit error code (see docs/sources.md on how far it is confirmed). */
  static final Set<String> THROTTLE_CODES = Set.of("ApiCallLimit");

  private static final Set<String> PENDING =
      Set.of("pending", "packed", "ready_to_ship", "repacked");
  private static final DateTimeFormatter AFTER =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

  private final String appKey;
  private final Secret appSecret;
  private final HttpUrl authUrl;
  private final HttpUrl apiUrl;

  /** The credentials and options this connector reads. */
  public static final SourceKeys KEYS =
      MarketplaceSource.KEYS.plus(Set.of("app_secret"), Set.of("app_key"));

  /**
   * Lazada's per-application daily quota for online apps, 10 million calls a day (Lazada Open
   * Platform getting-started FAQ; apps in test status have 10,000: set {@code app_rate_limit:
   * 10000/1d}). Every call counts, the token refresh included; no per-seller rate is documented.
   */
  static CallRates.Documented rates(String appKey) {
    return new CallRates.Documented(
        appKey,
        new CallRates.Rate(10_000_000, Duration.ofDays(1), 1),
        CallRates.Rate.NONE,
        Set.of());
  }

  public LazadaSource(SourceSetup setup) {
    super(setup, "lazada", setup.tokens(), LazadaSource::classify, rates(setup.option("app_key")));
    this.appKey = setup.option("app_key");
    this.appSecret = setup.secret("app_secret");
    this.authUrl = authUrl("https://auth.lazada.com/rest");
    this.apiUrl = setup.baseUrl(false);
  }

  /**
   * Lazada answers {@code code} "0" on success and an error name otherwise, with HTTP 200 even for
   * its rate limit, which is {@code throttled}.
   */
  static ApiClient.Verdict classify(int status, JsonNode body) {
    JsonNode code = body == null ? null : body.get("code");
    if (code == null || code.asText().equals("0")) {
      return ApiClient.byStatus(status, body);
    }
    return byDocumentedCode(status, code.asText(), body.path("message").asText(""), THROTTLE_CODES);
  }

  /** The signature over {@code path} and the sorted parameters, upper-case hex. */
  static String sign(String appSecret, String path, TreeMap<String, String> params) {
    StringBuilder s = new StringBuilder(path);
    params.forEach(
        (k, v) -> {
          if (!k.equals("sign")) {
            s.append(k).append(v);
          }
        });
    return HmacSha256.hex(appSecret, s.toString()).toUpperCase(Locale.ROOT);
  }

  private Request signed(HttpUrl base, String path, TreeMap<String, String> params) {
    params.put("app_key", appKey);
    params.put("timestamp", Long.toString(setup.clock().millis()));
    params.put("sign_method", "sha256");
    HttpUrl.Builder url = base.newBuilder().addPathSegments(path.substring(1));
    params.forEach(url::addQueryParameter);
    url.addQueryParameter("sign", sign(appSecret.reveal(), path, params));
    return new Request.Builder().url(url.build()).get().build();
  }

  @Override
  protected void refreshTokens() throws PollException {
    TreeMap<String, String> params = new TreeMap<>();
    params.put("refresh_token", tokens.refresh().reveal());
    double now = setup.nowSeconds();
    JsonNode answer = api.call(TOKEN_PATH, signed(authUrl, TOKEN_PATH, params));
    tokens.refreshed(
        token(answer, "access_token", TOKEN_PATH),
        now,
        now + number(answer, "expires_in", TOKEN_PATH),
        token(answer, "refresh_token", TOKEN_PATH),
        now + number(answer, "refresh_expires_in", TOKEN_PATH));
  }

  @Override
  protected ListingCounts countListings() throws PollException {
    return LISTINGS.perStatus(this::products);
  }

  /** The number of the seller's products under one {@code filter}. */
  private ListingCensus.Page products(List<String> filter, String offset, int limit)
      throws PollException {
    TreeMap<String, String> params = new TreeMap<>();
    params.put("access_token", tokens.access().reveal());
    params.put("filter", filter.get(0));
    if (offset != null) {
      params.put("offset", offset); // deprecated by Lazada; counts never page
    }
    params.put("limit", Integer.toString(limit));
    JsonNode data =
        container(
            api.call(PRODUCTS_PATH, signed(apiUrl, PRODUCTS_PATH, params)), "data", PRODUCTS_PATH);
    return new ListingCensus.Page(List.of(), LISTINGS.total(data, "total_products"), null);
  }

  @Override
  protected OrderTracker.Listing fetchOrders(OrderTracker.Window window) throws PollException {
    String after =
        AFTER.format(
            OffsetDateTime.ofInstant(Instant.ofEpochSecond(window.fromSeconds()), ZoneOffset.UTC));
    List<OrderTracker.Order> out = new ArrayList<>();
    for (int page = 0; page < maxPages; page++) {
      TreeMap<String, String> params = new TreeMap<>();
      params.put("access_token", tokens.access().reveal());
      // GetOrders: created_after or update_after is required; sort_by created_at or updated_at.
      params.put(window.full() ? "created_after" : "update_after", after);
      params.put("sort_by", window.full() ? "created_at" : "updated_at");
      params.put("sort_direction", "DESC");
      params.put("offset", Integer.toString(page * PAGE));
      params.put("limit", Integer.toString(PAGE));
      JsonNode data =
          container(
              api.call(ORDERS_PATH, signed(apiUrl, ORDERS_PATH, params)), "data", ORDERS_PATH);
      JsonNode orders = container(data, "orders", ORDERS_PATH);
      readOrders(
          orders,
          ORDERS_PATH,
          out,
          o ->
              new OrderTracker.Order(
                  text(o, "order_id", ORDERS_PATH),
                  pending(container(o, "statuses", ORDERS_PATH)),
                  orderTime(o, "created_at", ORDERS_PATH)));
      if (orders.size() < PAGE || (page + 1L) * PAGE >= countTotal(data)) {
        return new OrderTracker.Listing(out, true);
      }
    }
    return new OrderTracker.Listing(out, false);
  }

  private static boolean pending(JsonNode statuses) {
    for (JsonNode s : statuses) {
      if (PENDING.contains(s.asText())) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code countTotal}, documented as a number and answered as a string ({@code "500"}); when it is
   * neither, paging stops only at a short page.
   */
  private static long countTotal(JsonNode data) {
    JsonNode n = data.get("countTotal");
    if (n != null
        && (n.isNumber() || (n.isTextual() && n.textValue().strip().matches("\\d{1,18}")))) {
      return n.isNumber() ? n.asLong() : Long.parseLong(n.textValue().strip());
    }
    return Long.MAX_VALUE;
  }
}
