package io.marketplaceexporter.sources.lazada;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.sources.ConnectorTestBase;
import io.marketplaceexporter.sources.OfficialPages;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 19: the Lazada connector counts the seller's products per GetProducts {@code filter}, one
 * one-product call each, from {@code total_products} of the official response sample.
 */
class LazadaListingsTest extends ConnectorTestBase {
  static final String SHOP = "lzd_th_5520";
  static final String OFFICIAL = "lazada/official/products-get.json";
  static final List<String> FILTERS = List.of("live", "inactive", "pending", "rejected");

  static String yaml(String... extra) {
    String yaml = OfficialPages.withOptions(LazadaSourceTest.YAML, "app_key:", extra);
    return OfficialPages.withOptions(yaml, "app_key:", "listings_interval: 15m");
  }

  /** The official answer with {@code total_products} {@code n}, a string as in the sample. */
  static String total(long n) throws Exception {
    ObjectNode body =
        (ObjectNode) new ObjectMapper().readTree(SourcesTestSupport.fixture(OFFICIAL));
    ((ObjectNode) body.get("data")).put("total_products", Long.toString(n));
    return body.toString();
  }

  void tokenAndOrders() {
    enqueue("lazada/token-refresh.json");
    enqueue("lazada/orders-get.json");
  }

  double listed(String status) {
    return listed(SHOP, status);
  }

  @Nested
  class PerFilter {
    @Test
    void fourOneProductCallsCountLiveInactivePendingAndRejectedProducts() throws Exception {
      start(yaml(), LazadaSourceTest.ENV);
      tokenAndOrders();
      for (long n : new long[] {480, 20, 7, 3}) {
        enqueueBody(total(n));
      }

      scheduler.pollOnce(source);

      assertThat(server.getRequestCount()).as("token, orders, four filters").isEqualTo(6);
      server.takeRequest();
      server.takeRequest();
      for (String filter : FILTERS) {
        HttpUrl u = server.takeRequest().getUrl();
        assertThat(u.encodedPath()).isEqualTo("/rest/products/get");
        assertThat(u.queryParameter("filter")).isEqualTo(filter);
        assertThat(u.queryParameter("limit")).isEqualTo("1");
        assertThat(u.queryParameter("offset")).as("deprecated, not sent").isNull();
        StringBuilder base = new StringBuilder("/products/get");
        u.queryParameterNames().stream()
            .filter(n -> !n.equals("sign"))
            .sorted()
            .forEach(n -> base.append(n).append(u.queryParameter(n)));
        assertThat(u.queryParameter("sign"))
            .as("signed as every Lazada call")
            .isEqualTo(
                HmacSha256.hex(LazadaSourceTest.APP_SECRET, base.toString())
                    .toUpperCase(Locale.ROOT));
      }
      assertThat(listed("active")).isEqualTo(480);
      assertThat(listed("inactive")).isEqualTo(20);
      assertThat(listed("under_review")).isEqualTo(7);
      assertThat(listed("suppressed")).isEqualTo(3);
    }

    @ParameterizedTest(name = "filter {0} counts as {1}")
    @CsvSource({"0, active", "1, inactive", "2, under_review", "3, suppressed"})
    void eachFilterCountsAsItsNormalisedStatus(int index, String normalised) throws Exception {
      start(yaml(), LazadaSourceTest.ENV);
      tokenAndOrders();
      for (int i = 0; i < FILTERS.size(); i++) {
        enqueueBody(total(i == index ? 1 : 0));
      }

      scheduler.pollOnce(source);

      assertOneListedAs(SHOP, normalised);
    }

    @Test
    void theNumericFormOfTotalProductsIsReadToo() throws Exception {
      start(yaml(), LazadaSourceTest.ENV);
      tokenAndOrders();
      for (int i = 0; i < FILTERS.size(); i++) {
        enqueueBody(total(5).replace("\"total_products\":\"5\"", "\"total_products\":5"));
      }

      scheduler.pollOnce(source);

      assertThat(listed("active")).isEqualTo(5);
    }
  }

  @Nested
  class Failures {
    @Test
    void anErrorAnswerKeepsTheLastCountsAndCountsTheError() throws Exception {
      start(yaml(), LazadaSourceTest.ENV);
      tokenAndOrders();
      for (long n : new long[] {50, 5, 1, 2}) {
        enqueueBody(total(n));
      }
      scheduler.pollOnce(source);
      t.clock.advance(Duration.ofMinutes(15));
      enqueue("lazada/orders-get.json");
      enqueueBody(total(10));
      enqueue("lazada/official/error-get-product-failed.json");

      scheduler.pollOnce(source);

      assertThat(listed("active")).as("not replaced by a partial count").isEqualTo(50);
      assertThat(listed("suppressed")).isEqualTo(2);
      assertThat(pollErrors("lazada-th", "api_error")).isEqualTo(1);
      assertThat(
              shopValue(
                  SHOP,
                  "marketplace_api_requests_total",
                  "operation",
                  "/products/get",
                  "code",
                  "4xx"))
          .isEqualTo(1);
    }

    @Test
    void theCallsTakePermitsOfTheApplicationsQuotaAndAHeldOneCountsNothing() throws Exception {
      start(yaml("app_rate_limit: 4/1h burst 8"), LazadaSourceTest.ENV);
      tokenAndOrders();
      enqueueBody(total(480));
      enqueueBody(total(20));

      scheduler.pollOnce(source);

      assertThat(server.getRequestCount())
          .as("token, orders, two filters: the window")
          .isEqualTo(4);
      assertThat(t.value("marketplace_listings", "shop", SHOP)).isNaN();
      assertThat(pollErrors("lazada-th", "throttled")).isEqualTo(1);
    }
  }
}
