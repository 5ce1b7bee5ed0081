package io.marketplaceexporter.sources.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.sources.ConnectorTestBase;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: the Amazon connector counts the seller's listings by status with {@code
 * searchListingsItems} (the official model's sandbox answer), on its own interval.
 */
class AmazonListingsTest extends ConnectorTestBase {
  static final String SHOP = "A2EUQ1WTGCTBG2";
  static final String OFFICIAL = "amazon/official/search-listings-items-static-200.json";

  static String yaml(String interval) {
    return AmazonSourceTest.yaml("2s")
        .replace(
            "client_secret_rotated_at: \"2026-09-01\"\n",
            "client_secret_rotated_at: \"2026-09-01\"\n"
                + "      seller_id: A3SELLERTEST\n"
                + "      listings_interval: "
                + interval
                + "\n");
  }

  /** The official answer, its {@code numberOfResults} set to {@code n} (null: unchanged). */
  static String answer(Integer n) throws Exception {
    ObjectNode body =
        (ObjectNode) new ObjectMapper().readTree(SourcesTestSupport.fixture(OFFICIAL));
    if (n != null) {
      body.put("numberOfResults", n);
    }
    return body.toString();
  }

  void enqueueJson(String body) {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .addHeader("x-amzn-RateLimit-Limit", "5.0")
            .body(body)
            .build());
  }

  /** A poll: token, orders, then (when due) all, BUYABLE and hidden listings: 3, 1 and 1. */
  void pollWithListings() throws Exception {
    enqueueJson(SourcesTestSupport.fixture("amazon/official/lwa-token-response.json"));
    enqueueJson(SourcesTestSupport.fixture("amazon/official/get-orders-test-case-200.json"));
    enqueueJson(answer(null));
    enqueueJson(answer(1));
    enqueueJson(answer(1));
    scheduler.pollOnce(source);
  }

  double listed(String status) {
    return shopValue(SHOP, "marketplace_listings", "status", status);
  }

  @Nested
  class WhenDue {
    @Test
    void threeOneResultSearchesCountActiveInactiveAndSuppressedListings() throws Exception {
      start(yaml("15m"), AmazonSourceTest.ENV);

      pollWithListings();

      assertThat(server.getRequestCount()).as("token, orders, three searches").isEqualTo(5);
      server.takeRequest();
      server.takeRequest();
      HttpUrl all = server.takeRequest().getUrl();
      assertThat(all.encodedPath()).isEqualTo("/listings/2021-08-01/items/A3SELLERTEST");
      assertThat(all.queryParameter("marketplaceIds")).isEqualTo("ATVPDKIKX0DER");
      assertThat(all.queryParameter("pageSize")).isEqualTo("1");
      assertThat(all.queryParameter("withStatus")).isNull();
      RecordedRequest buyable = server.takeRequest();
      assertThat(buyable.getUrl().queryParameter("withStatus")).isEqualTo("BUYABLE");
      assertThat(buyable.getHeaders().get("x-amz-access-token")).startsWith("Atza|");
      assertThat(server.takeRequest().getUrl().queryParameter("withoutStatus"))
          .isEqualTo("BUYABLE,DISCOVERABLE");
      assertThat(listed("active")).isEqualTo(1);
      assertThat(listed("inactive")).isEqualTo(1);
      assertThat(listed("suppressed")).isEqualTo(1);
      assertThat(listed("under_review")).isZero();
      assertThat(
              shopValue(
                  SHOP,
                  "marketplace_api_requests_total",
                  "operation",
                  "searchListingsItems",
                  "code",
                  "2xx"))
          .isEqualTo(3);
    }

    @Test
    void theNextPollWithinTheIntervalReadsOrdersOnly() throws Exception {
      start(yaml("15m"), AmazonSourceTest.ENV);
      pollWithListings();
      enqueueJson(SourcesTestSupport.fixture("amazon/official/get-orders-test-case-200.json"));

      t.clock.advance(Duration.ofMinutes(5));
      scheduler.pollOnce(source);

      assertThat(server.getRequestCount()).isEqualTo(6);
      t.clock.advance(Duration.ofMinutes(10));
      enqueueJson(SourcesTestSupport.fixture("amazon/official/get-orders-test-case-200.json"));
      enqueueJson(answer(4));
      enqueueJson(answer(4));
      enqueueJson(answer(0));
      scheduler.pollOnce(source);
      assertThat(server.getRequestCount()).isEqualTo(10);
      assertThat(listed("active")).isEqualTo(4);
      assertThat(listed("suppressed")).isZero();
    }
  }

  @Nested
  class Configuration {
    @Test
    void anIntervalUnderAMinuteIsRefusedNamingTheKey() {
      assertThatThrownBy(() -> start(yaml("30s"), AmazonSourceTest.ENV))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("options.listings_interval: must be at least 1m");
    }

    @Test
    void listingsNeedTheSellerId() {
      String noSeller = yaml("15m").replace("      seller_id: A3SELLERTEST\n", "");

      assertThatThrownBy(() -> start(noSeller, AmazonSourceTest.ENV))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("options.seller_id: is required");
    }

    @Test
    void withoutAnIntervalNoListingIsRead() throws Exception {
      start(AmazonSourceTest.yaml("2s"), AmazonSourceTest.ENV);
      enqueueJson(SourcesTestSupport.fixture("amazon/official/lwa-token-response.json"));
      enqueueJson(SourcesTestSupport.fixture("amazon/official/get-orders-test-case-200.json"));

      scheduler.pollOnce(source);

      assertThat(server.getRequestCount()).isEqualTo(2);
      assertThat(t.value("marketplace_listings", "shop", SHOP)).isNaN();
    }
  }
}
