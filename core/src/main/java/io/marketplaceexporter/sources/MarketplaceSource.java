package io.marketplaceexporter.sources;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.ingest.Event;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
import io.marketplaceexporter.state.ListingCounts;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A marketplace shop polled with OAuth tokens: each poll refreshes the access token when it is near
 * expiry, reports token expiries, reads the shop's orders and feeds new orders and the backlog. A
 * rejected access token is dropped so that the next poll refreshes it.
 *
 * <p>One order the connector cannot read never fails the poll: an order without a readable id or
 * status is left out, an order whose time is in a form the connector does not know is kept without
 * its time (it counts as pending but not for the oldest pending order). Each such problem is logged
 * once per source, naming the operation and field but no value. Only an answer whose envelope is
 * wrong (no order list, no paging field) is a {@code malformed} poll.
 */
public abstract class MarketplaceSource extends ConfiguredSource {
  /** How often the shop's listings are counted (issue 19); absent: never. */
  public static final String LISTINGS_OPTION = "listings_interval";

  /** How often a poll lists the whole {@code lookback} instead of what changed (default 1h). */
  public static final String RESYNC_OPTION = "resync_interval";

  /** What every marketplace connector reads; each adds its own with {@link SourceKeys#plus}. */
  public static final SourceKeys KEYS =
      SourceKeys.COMMON.plus(
          Set.of("refresh_token"),
          Set.of(
              "lookback",
              "max_pages",
              CallRates.APP_OPTION,
              CallRates.SELLER_OPTION,
              LISTINGS_OPTION,
              RESYNC_OPTION));

  protected final ShopKey shop;
  protected final TokenState tokens;
  protected final ApiClient api;

  /** How far back each poll reads orders (option {@code lookback}, default 2d). */
  protected final Duration lookback;

  /** At most this many pages of orders per poll (option {@code max_pages}, default 10). */
  protected final int maxPages;

  private static final Logger LOG = LoggerFactory.getLogger(MarketplaceSource.class);
  private static final int MAX_REPORTED = 64;

  private final OrderTracker orders;
  private final Duration listingsInterval;
  private long listingsDueMillis = Long.MIN_VALUE;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final ChangeFeed feed = new ChangeFeed();

  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,4096}");

  /** Reads one order of a listing; a {@code malformed} PollException leaves the order out. */
  @FunctionalInterface
  protected interface OrderReader {
    OrderTracker.Order read(JsonNode order) throws PollException;
  }

  /** A marketplace without a documented call rate. */
  protected MarketplaceSource(
      SourceSetup setup, String marketplace, TokenState tokens, ApiClient.Classifier classifier) {
    this(setup, marketplace, tokens, classifier, CallRates.Documented.NONE);
  }

  /**
   * A marketplace whose documented call rates ({@code rates}; options {@code app_rate_limit} and
   * {@code seller_rate_limit} override them) every call of the source keeps.
   */
  protected MarketplaceSource(
      SourceSetup setup,
      String marketplace,
      TokenState tokens,
      ApiClient.Classifier classifier,
      CallRates.Documented rates) {
    super(setup);
    this.shop = setup.shop(marketplace);
    this.lookback = setup.durationOption("lookback", "2d");
    this.maxPages = setup.intOption("max_pages", 10);
    this.tokens = tokens;
    this.api = new ApiClient(setup, shop, classifier, setup.gate(shop, rates));
    this.listingsInterval = setup.durationOption(LISTINGS_OPTION, "0s");
    Duration resync = setup.durationOption(RESYNC_OPTION, "1h");
    if (resync.compareTo(setup.config().interval()) < 0) {
      throw new ConfigException(
          setup.key("options." + RESYNC_OPTION) + ": must be at least the source's interval");
    }
    this.orders = new OrderTracker(50_000, lookback, resync);
    if (!listingsInterval.isZero() && listingsInterval.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new ConfigException(
          setup.key("options." + LISTINGS_OPTION) + ": must be at least 1m (or absent)");
    }
  }

  /** Whether {@code listings_interval} is set: the connector then counts the shop's listings. */
  protected final boolean countsListings() {
    return !listingsInterval.isZero();
  }

  /** The configured {@code auth_url}, else the marketplace's token endpoint base. */
  protected HttpUrl authUrl(String fallback) {
    return setup.config().authUrl() == null ? HttpUrl.get(fallback) : setup.baseUrl(true);
  }

  @Override
  public final void poll() throws PollException {
    IngestService ingest = setup.ingest();
    try {
      if (!tokens.accessUsable(setup.nowSeconds())) {
        refreshTokens();
      }
    } finally {
      // Also when the refresh fails: that is when an expiring client secret or refresh token
      // matters most, and what is known of them (configuration, earlier refreshes) still holds.
      reportCredentials();
    }
    try {
      OrderTracker.Window window = orders.window(setup.clock().millis() / 1000);
      OrderTracker.Listing listing = fetchOrders(window);
      if (!listing.complete()) {
        reportOnce(
            "an order listing had more pages than max_pages ("
                + maxPages
                + "); the rest is read as those orders change");
      }
      orders.apply(window, listing, ingest, shop, feed);
      pollListings();
    } catch (PollException e) {
      if (e.reason() == PollError.AUTH) {
        tokens.invalidate();
      }
      throw e;
    }
  }

  /**
   * The listing counts, once every {@code listings_interval}, after the orders: a failure fails the
   * poll like any call (counted by reason, the last counts kept) and is tried again next poll.
   */
  private void pollListings() throws PollException {
    long now = setup.clock().millis();
    if (!countsListings() || now < listingsDueMillis) {
      return;
    }
    setup.ingest().ingestPolled(new Event.Listings(shop, countListings()));
    listingsDueMillis = now + listingsInterval.toMillis();
  }

  /**
   * Counts the shop's listings by normalised status; called only with {@code listings_interval}.
   */
  protected abstract ListingCounts countListings() throws PollException;

  /** Feeds the token expiries; Amazon adds its client secret's rotation deadline. */
  protected void reportCredentials() {
    tokens.expiries(this::reportExpiry);
  }

  /**
   * Feeds a credential's expiry (Unix seconds) into {@code
   * marketplace_token_expiry_timestamp_seconds} when it changed, else once every {@link
   * ChangeFeed#AGAIN}.
   */
  protected final void reportExpiry(TokenKind kind, double at) {
    if (feed.due(kind, at, setup.clock().millis())) {
      setup.ingest().ingestPolled(new Event.Token(shop, kind, at));
    }
  }

  /** Gets a new access token (and, where the marketplace rotates it, refresh token). */
  protected abstract void refreshTokens() throws PollException;

  /**
   * Reads the shop's orders {@code window} names (created, or updated, from its {@code
   * fromSeconds}), at most {@link #maxPages} pages; the listing is complete when no page was left.
   */
  protected abstract OrderTracker.Listing fetchOrders(OrderTracker.Window window)
      throws PollException;

  /**
   * Reads every order of {@code list} into {@code out}. An order {@code reader} rejects as {@code
   * malformed} is left out and logged once per source and problem; the rest are kept.
   */
  protected final void readOrders(
      JsonNode list, String operation, List<OrderTracker.Order> out, OrderReader reader)
      throws PollException {
    for (JsonNode o : list) {
      try {
        out.add(reader.read(o));
      } catch (PollException e) {
        if (e.reason() != PollError.MALFORMED) {
          throw e;
        }
        reportOnce(e.getMessage() + "; order left out, the others kept");
      }
    }
  }

  /**
   * An order time in Unix seconds from a number of seconds, a numeric string or one of the
   * documented date-time forms; NaN (logged once per source) when absent or in another form: the
   * order is kept without its time.
   */
  protected final double orderTime(JsonNode order, String field, String operation) {
    JsonNode n = order == null ? null : order.get(field);
    double t = Double.NaN;
    if (n != null && n.isNumber()) {
      t = n.asDouble();
    } else if (n != null && n.isTextual()) {
      t = OrderTimes.epochSeconds(n.textValue().strip());
    }
    if (!Double.isFinite(t) || t < 0) {
      reportOnce(operation + ": " + field + " is missing or not a known date form; order kept");
      return Double.NaN;
    }
    return t;
  }

  /** Logs a problem with one order once per source; the message holds no value from the answer. */
  private void reportOnce(String problem) {
    if (reported.size() < MAX_REPORTED && reported.add(problem)) {
      LOG.warn("source {}: {} (logged once)", name(), problem);
    }
  }

  /**
   * The verdict for a marketplace's documented rate-limit error code in the body, whatever the HTTP
   * status: {@code throttled} (backed off, the source stays up), counted as a 429.
   */
  protected static ApiClient.Verdict throttled(String code) {
    return new ApiClient.Verdict(ApiCode.C429, PollError.THROTTLED, "error " + code);
  }

  /**
   * The verdict for an error {@code code} of a marketplace that documents its rate-limit codes: one
   * of {@code throttleCodes} (or HTTP 429) is {@code throttled}; any other code is classified by
   * {@link ApiClient#byError} but never as throttled, so that a business error whose message
   * mentions a limit (Lazada's {@code E019: Invalid Limit}) is not taken for a rate limit.
   */
  protected static ApiClient.Verdict byDocumentedCode(
      int status, String code, String message, Set<String> throttleCodes) {
    if (throttleCodes.contains(code)) {
      return throttled(code);
    }
    ApiClient.Verdict v = ApiClient.byError(status, code, message);
    if (v.error() == PollError.THROTTLED && status != 429) {
      return new ApiClient.Verdict(
          status >= 500 ? ApiCode.C5XX : ApiCode.C4XX, PollError.API_ERROR, v.detail());
    }
    return v;
  }

  /** A required text field of an answer, or a {@code malformed} poll error naming it. */
  protected static String text(JsonNode node, String field, String operation) throws PollException {
    return require(node, field, operation, n -> n.isValueNode() && !n.asText().isEmpty()).asText();
  }

  /**
   * A required token field: printable ASCII without spaces, as every marketplace issues them. A
   * value with other characters is a {@code malformed} answer (and is never put into a header,
   * where an HTTP library's error message could quote it).
   */
  protected static Secret token(JsonNode node, String field, String operation)
      throws PollException {
    String t =
        require(
                node,
                field,
                operation,
                n -> n.isTextual() && TOKEN.matcher(n.textValue()).matches())
            .textValue();
    return Secret.of(t);
  }

  /** A required numeric field, or a {@code malformed} poll error naming it. */
  protected static double number(JsonNode node, String field, String operation)
      throws PollException {
    return require(node, field, operation, JsonNode::isNumber).asDouble();
  }

  /** A required object or array field, or a {@code malformed} poll error naming it. */
  protected static JsonNode container(JsonNode node, String field, String operation)
      throws PollException {
    return require(node, field, operation, JsonNode::isContainerNode);
  }

  private static JsonNode require(
      JsonNode node, String field, String operation, Predicate<JsonNode> ok) throws PollException {
    JsonNode n = node == null ? null : node.get(field);
    if (n == null || n.isNull() || !ok.test(n)) {
      throw new PollException(PollError.MALFORMED, operation + ": answer lacks " + field);
    }
    return n;
  }
}
