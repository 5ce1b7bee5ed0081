package io.marketplaceexporter.sources;

import static io.marketplaceexporter.sources.OfficialPages.times;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every connector that pages through a listing search must do when a call fails (issue 19),
 * tested once for each: an error answer keeps the last counts, counts the error and is tried again
 * at the next poll; a page the rate limit holds back publishes no partial count.
 */
public abstract class PagedListingsTestBase extends ConnectorTestBase {
  /** The source's YAML with {@code listings_interval: 15m} and these option lines. */
  protected abstract String yaml(String... extra);

  protected abstract java.util.Map<String, String> env();

  /** The token refresh and one page of orders: the calls of a first poll before the listings. */
  protected abstract void tokenAndOrders();

  /** One page of orders: the call of a later poll before the listings. */
  protected abstract String ordersFixture();

  /** The official page with these statuses, its total, and the next page (null: the last). */
  protected abstract String page(List<String> statuses, long total, String next);

  /** The next page's cursor after {@code offset} listings, in the marketplace's form. */
  protected abstract String cursor(int offset);

  /** The official answer of an internal error ({@code http_5xx}). */
  protected abstract String errorFixture();

  protected abstract String shop();

  protected abstract String sourceName();

  protected abstract String operation();

  /** The marketplace statuses counted active and suppressed. */
  protected abstract List<String> activeAndSuppressed();

  @Nested
  class Failures {
    @Test
    void anErrorAnswerKeepsTheLastCountsCountsTheErrorAndIsRetriedNextPoll() {
      String active = activeAndSuppressed().get(0);
      String suppressed = activeAndSuppressed().get(1);
      start(yaml(), env());
      tokenAndOrders();
      enqueueBody(page(times(active, 7, suppressed, 2), 9, null));
      scheduler.pollOnce(source);
      t.clock.advance(Duration.ofMinutes(15));
      enqueue(ordersFixture());
      enqueue(errorFixture());

      scheduler.pollOnce(source);

      assertThat(listed(shop(), "active")).isEqualTo(7);
      assertThat(listed(shop(), "suppressed")).isEqualTo(2);
      assertThat(
              shopValue(
                  shop(),
                  "marketplace_api_requests_total",
                  "operation",
                  operation(),
                  "code",
                  "5xx"))
          .isEqualTo(1);
      assertThat(pollErrors(sourceName(), "http_5xx")).isEqualTo(1);
      enqueue(ordersFixture());
      enqueueBody(page(times(active, 3, suppressed, 6), 9, null));
      scheduler.pollOnce(source);
      assertThat(listed(shop(), "suppressed")).as("retried at the next poll").isEqualTo(6);
    }

    @Test
    void aPageHeldByTheRateLimitPublishesNoPartialCount() {
      start(yaml("app_rate_limit: \"3/1h burst 6\""), env());
      tokenAndOrders();
      enqueueBody(page(times(activeAndSuppressed().get(0), 100), 150, cursor(100)));

      scheduler.pollOnce(source);

      assertThat(server.getRequestCount()).as("token, orders, first page: the window").isEqualTo(3);
      assertThat(t.value("marketplace_listings", "shop", shop())).isNaN();
      assertThat(pollErrors(sourceName(), "throttled")).isEqualTo(1);
    }
  }
}
