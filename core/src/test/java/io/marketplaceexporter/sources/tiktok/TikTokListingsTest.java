package io.marketplaceexporter.sources.tiktok;

import static io.marketplaceexporter.sources.OfficialPages.at;
import static io.marketplaceexporter.sources.OfficialPages.times;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.sources.OfficialPages;
import io.marketplaceexporter.sources.PagedListingsTestBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 19: the TikTok Shop connector counts the shop's products by {@code status} through Search
 * Products, built on the official response sample.
 */
class TikTokListingsTest extends PagedListingsTestBase {
  static final String SHOP = "7495623318";
  static final String OFFICIAL = "tiktok/official/search-products.json";
  static final String PATH = "/product/202309/products/search";

  @Override
  protected String yaml(String... extra) {
    String yaml = OfficialPages.withOptions(TikTokSourceTest.YAML, "shop_cipher:", extra);
    return OfficialPages.withOptions(yaml, "shop_cipher:", "listings_interval: 15m");
  }

  /** The official page with these product statuses, {@code total_count} and next page token. */
  @Override
  protected String page(List<String> statuses, long total, String next) {
    ObjectNode body = OfficialPages.page(OFFICIAL, "/data/products", "status", statuses);
    at(body, "/data").put("total_count", total).put("next_page_token", next == null ? "" : next);
    return body.toString();
  }

  @Override
  protected void tokenAndOrders() {
    enqueue("tiktok/token-refresh.json");
    enqueue("tiktok/orders-search-page2.json");
  }

  @Override
  protected Map<String, String> env() {
    return TikTokSourceTest.ENV;
  }

  @Override
  protected String ordersFixture() {
    return "tiktok/orders-search-page2.json";
  }

  @Override
  protected String cursor(int offset) {
    return java.util.Base64.getEncoder()
        .encodeToString(("offset=" + offset + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected String errorFixture() {
    return "tiktok/official/error-internal.json";
  }

  @Override
  protected String shop() {
    return SHOP;
  }

  @Override
  protected String sourceName() {
    return "tiktok-us";
  }

  @Override
  protected String operation() {
    return PATH;
  }

  @Override
  protected List<String> activeAndSuppressed() {
    return List.of("ACTIVATE", "FREEZE");
  }

  double listed(String status) {
    return listed(SHOP, status);
  }

  RecordedRequest skipToListings() throws Exception {
    server.takeRequest();
    server.takeRequest();
    return server.takeRequest();
  }

  static String body(RecordedRequest r) {
    return r.getBody().string(StandardCharsets.UTF_8);
  }

  @Nested
  class Paging {
    @Test
    void aShopOfAFewPagesIsCountedProductByProductAcrossPageTokens() throws Exception {
      start(yaml(), env());
      tokenAndOrders();
      enqueueBody(page(times("ACTIVATE", 95, "DRAFT", 5), 230, "b2Zmc2V0PTEwMAo="));
      enqueueBody(
          page(times("ACTIVATE", 90, "SELLER_DEACTIVATED", 6, "PENDING", 4), 230, "b2Zmc2V0"));
      enqueueBody(
          page(
              times("FAILED", 10, "PLATFORM_DEACTIVATED", 10, "FREEZE", 5, "DELETED", 5),
              230,
              null));

      scheduler.pollOnce(source);

      RecordedRequest first = skipToListings();
      HttpUrl url = first.getUrl();
      assertThat(url.encodedPath()).isEqualTo(PATH);
      assertThat(url.queryParameter("page_size")).isEqualTo("100");
      assertThat(url.queryParameter("page_token")).isNull();
      assertThat(body(first)).isEqualTo("{\"status\":\"ALL\"}");
      StringBuilder base = new StringBuilder(PATH);
      url.queryParameterNames().stream()
          .filter(n -> !n.equals("sign"))
          .sorted()
          .forEach(n -> base.append(n).append(url.queryParameter(n)));
      base.append(body(first));
      String secret = TikTokSourceTest.APP_SECRET;
      assertThat(url.queryParameter("sign"))
          .as("signed as the order search")
          .isEqualTo(HmacSha256.hex(secret, secret + base + secret));
      assertThat(url.queryParameter("shop_cipher")).isEqualTo("ROW_abcdef");
      assertThat(first.getHeaders().get("x-tts-access-token")).isNotBlank();
      assertThat(server.takeRequest().getUrl().queryParameter("page_token"))
          .isEqualTo("b2Zmc2V0PTEwMAo=");
      assertThat(server.takeRequest().getUrl().queryParameter("page_token")).isEqualTo("b2Zmc2V0");
      assertThat(listed("active")).isEqualTo(185);
      assertThat(listed("inactive")).isEqualTo(6);
      assertThat(listed("under_review")).isEqualTo(4);
      assertThat(listed("suppressed")).isEqualTo(25);
    }

    @Test
    void aLargeShopIsCountedWithOneOneProductSearchPerStatus() throws Exception {
      start(yaml(), env());
      tokenAndOrders();
      enqueueBody(page(times("ACTIVATE", 100), 25_000, "b2Zmc2V0PTEwMAo="));
      List<String> order =
          List.of(
              "ACTIVATE",
              "SELLER_DEACTIVATED",
              "PENDING",
              "FAILED",
              "FREEZE",
              "PLATFORM_DEACTIVATED");
      long[] totals = {20_000, 3_000, 500, 100, 20, 300};
      for (long n : totals) {
        enqueueBody(page(List.of("ACTIVATE"), n, null));
      }

      scheduler.pollOnce(source);

      skipToListings();
      for (String status : order) {
        RecordedRequest r = server.takeRequest();
        assertThat(body(r)).isEqualTo("{\"status\":\"" + status + "\"}");
        assertThat(r.getUrl().queryParameter("page_size")).isEqualTo("1");
      }
      assertThat(listed("active")).isEqualTo(20_000);
      assertThat(listed("inactive")).isEqualTo(3_000);
      assertThat(listed("under_review")).isEqualTo(500);
      assertThat(listed("suppressed")).isEqualTo(420);
    }
  }

  @ParameterizedTest(name = "{0} counts as {1}")
  @CsvSource({
    "ACTIVATE, active",
    "SELLER_DEACTIVATED, inactive",
    "PENDING, under_review",
    "FAILED, suppressed",
    "PLATFORM_DEACTIVATED, suppressed",
    "FREEZE, suppressed",
    "DRAFT, none",
    "DELETED, none",
    "SCHEDULED, none"
  })
  void eachOfficialStatusCountsAsItsNormalisedStatus(String official, String normalised) {
    start(yaml(), env());
    tokenAndOrders();
    enqueueBody(page(List.of(official), 1, null));

    scheduler.pollOnce(source);

    assertOneListedAs(SHOP, normalised);
  }
}
