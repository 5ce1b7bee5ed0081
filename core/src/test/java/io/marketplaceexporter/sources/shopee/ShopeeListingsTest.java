package io.marketplaceexporter.sources.shopee;

import static io.marketplaceexporter.sources.OfficialPages.at;
import static io.marketplaceexporter.sources.OfficialPages.times;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.sources.OfficialPages;
import io.marketplaceexporter.sources.PagedListingsTestBase;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 19: the Shopee connector counts the shop's items by {@code item_status} through {@code
 * v2.product.get_item_list}, built on the official response sample.
 */
class ShopeeListingsTest extends PagedListingsTestBase {
  static final String SHOP = "220041";
  static final String OFFICIAL = "shopee/official/get-item-list.json";
  static final List<String> COUNTED =
      List.of("NORMAL", "UNLIST", "REVIEWING", "BANNED", "SHOPEE_DELETE");

  @Override
  protected String yaml(String... extra) {
    String yaml = OfficialPages.withOptions(ShopeeSourceTest.YAML, "partner_id:", extra);
    return OfficialPages.withOptions(yaml, "partner_id:", "listings_interval: 15m");
  }

  /** The official page with these item statuses, {@code total_count}, and the next offset. */
  @Override
  protected String page(List<String> statuses, long total, String nextOffset) {
    ObjectNode body = OfficialPages.page(OFFICIAL, "/response/item", "item_status", statuses);
    at(body, "/response")
        .put("total_count", total)
        .put("has_next_page", nextOffset != null)
        .put("next_offset", nextOffset == null ? 0 : Integer.parseInt(nextOffset));
    return body.toString();
  }

  @Override
  protected void tokenAndOrders() {
    enqueue("shopee/official/access-token-get.json");
    enqueue("shopee/get-order-list-page2.json");
  }

  @Override
  protected Map<String, String> env() {
    return ShopeeSourceTest.ENV;
  }

  @Override
  protected String ordersFixture() {
    return "shopee/get-order-list-page2.json";
  }

  @Override
  protected String cursor(int offset) {
    return Integer.toString(offset);
  }

  @Override
  protected String errorFixture() {
    return "shopee/official/get-item-list-error-inner.json";
  }

  @Override
  protected String shop() {
    return SHOP;
  }

  @Override
  protected String sourceName() {
    return "shopee-sg";
  }

  @Override
  protected String operation() {
    return "v2.product.get_item_list";
  }

  @Override
  protected List<String> activeAndSuppressed() {
    return List.of("NORMAL", "BANNED");
  }

  double listed(String status) {
    return listed(SHOP, status);
  }

  HttpUrl skipToListings() throws Exception {
    server.takeRequest();
    server.takeRequest();
    return server.takeRequest().getUrl();
  }

  @Nested
  class Paging {
    @Test
    void aShopOfAFewPagesIsCountedItemByItemAcrossThePages() throws Exception {
      start(yaml(), env());
      tokenAndOrders();
      enqueueBody(page(times("NORMAL", 90, "UNLIST", 10), 250, "100"));
      enqueueBody(page(times("NORMAL", 95, "BANNED", 5), 250, "200"));
      enqueueBody(
          page(
              times("NORMAL", 40, "REVIEWING", 5, "SHOPEE_DELETE", 4, "SELLER_DELETE", 1),
              250,
              null));

      scheduler.pollOnce(source);

      HttpUrl first = skipToListings();
      assertThat(first.encodedPath()).isEqualTo("/api/v2/product/get_item_list");
      assertThat(first.queryParameterValues("item_status")).isEqualTo(COUNTED);
      assertThat(first.queryParameter("offset")).isEqualTo("0");
      assertThat(first.queryParameter("page_size")).isEqualTo("100");
      String ts = first.queryParameter("timestamp");
      assertThat(first.queryParameter("sign"))
          .as("signed as every shop API call")
          .isEqualTo(
              HmacSha256.hex(
                  ShopeeSourceTest.PARTNER_KEY,
                  "2001887/api/v2/product/get_item_list" + ts + ShopeeSourceTest.ACCESS + SHOP));
      assertThat(server.takeRequest().getUrl().queryParameter("offset")).isEqualTo("100");
      assertThat(server.takeRequest().getUrl().queryParameter("offset")).isEqualTo("200");
      assertThat(listed("active")).isEqualTo(225);
      assertThat(listed("inactive")).isEqualTo(10);
      assertThat(listed("under_review")).isEqualTo(5);
      assertThat(listed("suppressed")).as("BANNED and SHOPEE_DELETE").isEqualTo(9);
    }

    @Test
    void aLargeShopIsCountedWithOneOneItemSearchPerStatus() throws Exception {
      start(yaml(), env());
      tokenAndOrders();
      enqueueBody(page(times("NORMAL", 100), 12_000, "100"));
      long[] totals = {11_000, 600, 150, 200, 50};
      for (long n : totals) {
        enqueueBody(page(List.of("NORMAL"), n, null));
      }

      scheduler.pollOnce(source);

      assertThat(server.getRequestCount()).as("token, orders, a first page, 5 counts").isEqualTo(8);
      skipToListings();
      for (String status : List.of("NORMAL", "UNLIST", "REVIEWING", "BANNED", "SHOPEE_DELETE")) {
        HttpUrl u = server.takeRequest().getUrl();
        assertThat(u.queryParameterValues("item_status")).containsExactly(status);
        assertThat(u.queryParameter("page_size")).isEqualTo("1");
      }
      assertThat(listed("active")).isEqualTo(11_000);
      assertThat(listed("inactive")).isEqualTo(600);
      assertThat(listed("under_review")).isEqualTo(150);
      assertThat(listed("suppressed")).isEqualTo(250);
    }
  }

  @ParameterizedTest(name = "{0} counts as {1}")
  @CsvSource({
    "NORMAL, active",
    "UNLIST, inactive",
    "REVIEWING, under_review",
    "BANNED, suppressed",
    "SHOPEE_DELETE, suppressed",
    "SELLER_DELETE, none"
  })
  void eachOfficialItemStatusCountsAsItsNormalisedStatus(String official, String normalised) {
    start(yaml(), env());
    tokenAndOrders();
    enqueueBody(page(List.of(official), 1, null));

    scheduler.pollOnce(source);

    assertOneListedAs(SHOP, normalised);
  }
}
