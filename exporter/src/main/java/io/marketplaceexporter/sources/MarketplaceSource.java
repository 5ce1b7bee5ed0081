package io.marketplaceexporter.sources;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.state.ShopKey;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * A marketplace shop polled with OAuth tokens: each poll refreshes the access token when it is near
 * expiry, reports token expiries, reads the shop's orders and feeds new orders and the backlog. A
 * rejected access token is dropped so that the next poll refreshes it.
 */
public abstract class MarketplaceSource extends ConfiguredSource {
  /** What every marketplace connector reads; each adds its own with {@link SourceKeys#plus}. */
  public static final SourceKeys KEYS =
      new SourceKeys(Set.of("refresh_token"), Set.of("lookback", "max_pages"));

  protected final ShopKey shop;
  protected final TokenState tokens;
  protected final ApiClient api;

  /** How far back each poll reads orders (option {@code lookback}, default 2d). */
  protected final Duration lookback;

  /** At most this many pages of orders per poll (option {@code max_pages}, default 10). */
  protected final int maxPages;

  private final OrderTracker orders = new OrderTracker(50_000);
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,4096}");

  protected MarketplaceSource(
      SourceSetup setup, String marketplace, TokenState tokens, ApiClient.Classifier classifier) {
    super(setup);
    this.shop = setup.shop(marketplace);
    this.lookback = setup.durationOption("lookback", "2d");
    this.maxPages = setup.intOption("max_pages", 10);
    this.tokens = tokens;
    this.api = new ApiClient(setup.http(), setup.ingest(), shop, classifier, setup.clock());
  }

  /** The configured {@code auth_url}, else the marketplace's token endpoint base. */
  protected HttpUrl authUrl(String fallback) {
    return setup.config().authUrl() == null ? HttpUrl.get(fallback) : setup.baseUrl(true);
  }

  @Override
  public final void poll() throws PollException {
    IngestService ingest = setup.ingest();
    if (!tokens.accessUsable(setup.nowSeconds())) {
      refreshTokens();
    }
    reportCredentials();
    List<OrderTracker.Order> list;
    try {
      list = fetchOrders();
    } catch (PollException e) {
      if (e.reason() == PollError.AUTH) {
        tokens.invalidate();
      }
      throw e;
    }
    orders.apply(list, ingest, shop);
  }

  /** Feeds the token expiries; Amazon adds its client secret's rotation deadline. */
  protected void reportCredentials() {
    tokens.report(setup.ingest(), shop);
  }

  /** Gets a new access token (and, where the marketplace rotates it, refresh token). */
  protected abstract void refreshTokens() throws PollException;

  /** Reads every page of the shop's recent orders. */
  protected abstract List<OrderTracker.Order> fetchOrders() throws PollException;

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
