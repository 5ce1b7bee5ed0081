package io.marketplaceexporter.sources.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
import io.marketplaceexporter.sources.ApiClient;
import io.marketplaceexporter.sources.CallRates;
import io.marketplaceexporter.sources.MarketplaceSource;
import io.marketplaceexporter.sources.OrderTracker;
import io.marketplaceexporter.sources.PollError;
import io.marketplaceexporter.sources.PollException;
import io.marketplaceexporter.sources.SourceKeys;
import io.marketplaceexporter.sources.SourceSetup;
import io.marketplaceexporter.state.ListingCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * One Amazon seller account on one marketplace region, polled through the Selling Partner API.
 *
 * <p>Credentials: {@code client_id}, {@code client_secret}, {@code refresh_token}. Options: {@code
 * marketplace_ids} (comma-separated, required), {@code lookback} (how far back {@code getOrders}
 * reads, default {@code 2d}), {@code max_pages} (default 10), and the client secret's rotation
 * deadline as {@code client_secret_expires_at} or {@code client_secret_rotated_at} (plus 180 days).
 * {@code auth_url} defaults to {@code https://api.amazon.com}.
 *
 * <p>Listing counts (issue 19), when {@code listings_interval} is set (at least 1m): every interval
 * three {@code searchListingsItems} calls for the seller ({@code seller_id}, required then) on the
 * first of {@code marketplace_ids}, one result each, whose {@code numberOfResults} count all
 * listings, those {@code BUYABLE} (active) and those neither {@code BUYABLE} nor {@code
 * DISCOVERABLE} (suppressed); the rest are inactive. 3 calls within the operation's burst of 5.
 */
public final class AmazonSource extends MarketplaceSource {
  static final String TOKEN_OPERATION = "lwa.token";
  static final String ORDERS_OPERATION = "getOrders";
  static final String LISTINGS_OPERATION = "searchListingsItems";
  static final Duration SECRET_ROTATION = Duration.ofDays(180);
  private static final Set<String> PENDING = Set.of("Pending", "Unshipped", "PartiallyShipped");

  private final String clientId;
  private final Secret clientSecret;
  private final double clientSecretDeadline;
  private final String marketplaceIds;
  private final HttpUrl authUrl;
  private final HttpUrl apiUrl;
  private final String sellerId;

  /** The credentials and options this connector reads. */
  public static final SourceKeys KEYS =
      MarketplaceSource.KEYS.plus(
          Set.of("client_id", "client_secret"),
          Set.of(
              "marketplace_ids",
              "client_secret_expires_at",
              "client_secret_rotated_at",
              "seller_id"));

  /**
   * SP-API's usage plan of {@code getOrders} (model {@code ordersV0.json}): 0.0167 requests a
   * second per selling partner and application, burst 20. The Login with Amazon token call is
   * another service, with no rate in the documents read, and is not counted.
   */
  static final CallRates.Documented RATES =
      new CallRates.Documented(
          null,
          CallRates.Rate.NONE,
          new CallRates.Rate(1, Duration.ofSeconds(60), 20),
          Set.of(ORDERS_OPERATION));

  public AmazonSource(SourceSetup setup) {
    super(setup, "amazon", setup.tokens(), ApiClient::byStatus, RATES);
    this.clientId = setup.secret("client_id").reveal();
    this.clientSecret = setup.secret("client_secret");
    double expires = setup.instantOption("client_secret_expires_at");
    double rotated = setup.instantOption("client_secret_rotated_at");
    this.clientSecretDeadline =
        Double.isNaN(expires) ? rotated + SECRET_ROTATION.toSeconds() : expires;
    this.marketplaceIds = setup.option("marketplace_ids");
    this.authUrl = authUrl("https://api.amazon.com");
    this.apiUrl = setup.baseUrl(false);
    this.sellerId = countsListings() ? setup.option("seller_id") : null;
  }

  /** All listings, those BUYABLE and those neither BUYABLE nor DISCOVERABLE: three searches. */
  @Override
  protected ListingCounts countListings() throws PollException {
    long all = numberOfResults(null, null);
    long buyable = numberOfResults("withStatus", "BUYABLE");
    long hidden = numberOfResults("withoutStatus", "BUYABLE,DISCOVERABLE");
    long inactive = Math.max(0, all - buyable - hidden);
    return new ListingCounts(buyable, inactive, 0, Math.min(hidden, all));
  }

  /** {@code numberOfResults} of a one-result search, with the filter when one is given. */
  private long numberOfResults(String filter, String statuses) throws PollException {
    HttpUrl.Builder url =
        apiUrl
            .newBuilder()
            .addPathSegments("listings/2021-08-01/items")
            .addPathSegment(sellerId)
            .addQueryParameter("marketplaceIds", marketplaceIds.split(",")[0].strip())
            .addQueryParameter("includedData", "summaries")
            .addQueryParameter("pageSize", "1");
    if (filter != null) {
      url.addQueryParameter(filter, statuses);
    }
    Request request = signedGet(url.build());
    JsonNode body = api.call(LISTINGS_OPERATION, request, AmazonSource::rateLimit);
    double n = number(body, "numberOfResults", LISTINGS_OPERATION);
    if (n < 0 || n != Math.rint(n) || n > 1e9) {
      throw new PollException(
          PollError.MALFORMED, LISTINGS_OPERATION + ": numberOfResults is not a count");
    }
    return (long) n;
  }

  @Override
  protected void refreshTokens() throws PollException {
    Request request =
        new Request.Builder()
            .url(authUrl.newBuilder().addPathSegments("auth/o2/token").build())
            .post(
                new FormBody.Builder()
                    .add("grant_type", "refresh_token")
                    .add("refresh_token", tokens.refresh().reveal())
                    .add("client_id", clientId)
                    .add("client_secret", clientSecret.reveal())
                    .build())
            .build();
    double now = setup.nowSeconds();
    JsonNode body = api.call(TOKEN_OPERATION, request);
    Secret access = token(body, "access_token", TOKEN_OPERATION);
    double expiresIn = number(body, "expires_in", TOKEN_OPERATION);
    Secret rotated =
        body.hasNonNull("refresh_token") ? token(body, "refresh_token", TOKEN_OPERATION) : null;
    tokens.refreshed(access, now, now + expiresIn, rotated, Double.NaN);
  }

  @Override
  protected void reportCredentials() {
    super.reportCredentials();
    if (!Double.isNaN(clientSecretDeadline)) {
      reportExpiry(TokenKind.CLIENT_SECRET, clientSecretDeadline);
    }
  }

  @Override
  protected OrderTracker.Listing fetchOrders(OrderTracker.Window window) throws PollException {
    // getOrders takes CreatedAfter or LastUpdatedAfter (ISO 8601), never both (ordersV0.json).
    String filter = window.full() ? "CreatedAfter" : "LastUpdatedAfter";
    String from = Instant.ofEpochSecond(window.fromSeconds()).toString();
    List<OrderTracker.Order> out = new ArrayList<>();
    String next = null;
    for (int page = 0; page < maxPages; page++) {
      HttpUrl.Builder url =
          apiUrl
              .newBuilder()
              .addPathSegments("orders/v0/orders")
              .addQueryParameter("MarketplaceIds", marketplaceIds);
      if (next == null) {
        url.addQueryParameter(filter, from);
      } else {
        url.addQueryParameter("NextToken", next);
      }
      Request request = signedGet(url.build());
      JsonNode payload =
          container(
              api.call(ORDERS_OPERATION, request, AmazonSource::rateLimit),
              "payload",
              ORDERS_OPERATION);
      readOrders(
          container(payload, "Orders", ORDERS_OPERATION),
          ORDERS_OPERATION,
          out,
          o ->
              new OrderTracker.Order(
                  text(o, "AmazonOrderId", ORDERS_OPERATION),
                  PENDING.contains(text(o, "OrderStatus", ORDERS_OPERATION)),
                  orderTime(o, "PurchaseDate", ORDERS_OPERATION)));
      JsonNode token = payload.get("NextToken");
      if (token == null || !token.isTextual() || token.textValue().isEmpty()) {
        return new OrderTracker.Listing(out, true);
      }
      next = token.textValue();
    }
    return new OrderTracker.Listing(out, false);
  }

  /** A GET of an SP-API operation with the shop's access token. */
  private Request signedGet(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("x-amz-access-token", tokens.access().reveal())
        .header("Accept", "application/json")
        .build();
  }

  /**
   * SP-API reports the operation's rate (requests per second) in {@code x-amzn-RateLimit-Limit}.
   */
  static ApiClient.Quota rateLimit(okhttp3.Headers headers) {
    String v = headers.get("x-amzn-RateLimit-Limit");
    if (v == null) {
      return ApiClient.Quota.NONE;
    }
    try {
      double limit = Double.parseDouble(v.strip());
      return limit >= 0 && Double.isFinite(limit)
          ? new ApiClient.Quota(limit, Double.NaN)
          : ApiClient.Quota.NONE;
    } catch (NumberFormatException e) {
      return ApiClient.Quota.NONE;
    }
  }
}
