package io.marketplaceexporter.sandbox;

import static io.marketplaceexporter.sources.SourcesTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import io.marketplaceexporter.sources.HttpClients;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The sandbox against the same official fixtures as the connectors ({@code
 * src/test/resources/<marketplace>/official/}): it accepts requests signed as the published recipes
 * and vectors say, answers in the documented shapes, and emits the documented throttle codes, so
 * that the sandbox and the connectors cannot share a misreading of the documents.
 */
class SandboxConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  SandboxHarness h;

  @BeforeEach
  void setUp() {
    h = new SandboxHarness();
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private record Answer(int status, JsonNode body) {}

  private static Answer call(Request r) throws IOException {
    try (Response answer = HttpClients.shared().newCall(r).execute()) {
      return new Answer(answer.code(), JSON.readTree(answer.body().string()));
    }
  }

  private static JsonNode official(String path) throws IOException {
    return JSON.readTree(fixture(path));
  }

  private HttpUrl url(String path) {
    return HttpUrl.get(h.sandbox.url() + path);
  }

  private static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new HashSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private SandboxShop shop(String label) {
    return h.sandbox.shops().stream().filter(s -> s.shop().equals(label)).findFirst().orElseThrow();
  }

  /**
   * A time {@code x} ten minutes back (whole seconds) after an hour of trading, an order placed
   * before {@code x} that shipped since, one last updated before {@code x}, and the ids of every
   * order updated at or after {@code x} (at least two of them placed before it).
   */
  private record Updates(
      long x, OrderBook.Order shippedSince, OrderBook.Order untouched, Set<String> expected) {}

  private Updates updatesOf(String label) {
    h.t.clock.advance(Duration.ofMinutes(60));
    long now = h.t.clock.millis();
    long x = (now - Duration.ofMinutes(10).toMillis()) / 1000 * 1000;
    List<OrderBook.Order> all = h.sandbox.orders(shop(label)).since(Long.MIN_VALUE);
    Set<String> expected = new HashSet<>();
    all.stream().filter(o -> o.updatedAt(now) >= x).forEach(o -> expected.add(o.id()));
    OrderBook.Order shipped =
        all.stream()
            .filter(o -> o.createdAt() < x && !o.pending(now) && o.shipsAt() >= x)
            .findFirst()
            .orElseThrow();
    OrderBook.Order untouched =
        all.stream().filter(o -> o.updatedAt(now) < x).findFirst().orElseThrow();
    assertThat(all.stream().filter(o -> o.createdAt() < x && expected.contains(o.id())).count())
        .isGreaterThan(1);
    return new Updates(x, shipped, untouched, expected);
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  @Nested
  class Amazon {
    @Test
    void searchListingsItemsAnswersAsTheModelsSandboxExample() throws Exception {
      Answer a =
          call(
              new Request.Builder()
                  .url(
                      url(
                          "/listings/2021-08-01/items/A2EUQ1WTGCTBG2?marketplaceIds=ATVPDKIKX0DER"
                              + "&includedData=summaries&pageSize=1"))
                  .header("x-amz-access-token", accessToken())
                  .build());
      JsonNode o = official("amazon/official/search-listings-items-static-200.json");

      assertThat(fieldNames(a.body())).isEqualTo(fieldNames(o));
      assertThat(a.body().get("numberOfResults").isIntegralNumber()).isTrue();
      JsonNode item = a.body().get("items").get(0);
      assertThat(fieldNames(o.get("items").get(0))).containsAll(fieldNames(item));
      assertThat(fieldNames(o.at("/items/0/summaries/0")))
          .containsAll(fieldNames(item.at("/summaries/0")));
      assertThat(item.at("/summaries/0/status").isArray()).isTrue();
    }

    private String accessToken() throws IOException {
      Answer a =
          call(
              new Request.Builder()
                  .url(url("/auth/o2/token"))
                  .post(
                      new FormBody.Builder()
                          .add("grant_type", "refresh_token")
                          .add("refresh_token", shop("A2EUQ1WTGCTBG2").seededRefreshToken())
                          .add("client_id", SandboxCredentials.AMAZON_CLIENT_ID)
                          .add("client_secret", SandboxCredentials.AMAZON_CLIENT_SECRET)
                          .build())
                  .build());
      assertThat(a.status()).isEqualTo(200);
      assertThat(fieldNames(a.body()))
          .isEqualTo(fieldNames(official("amazon/official/lwa-token-response.json")));
      assertThat(a.body().get("token_type").asText()).isEqualTo("bearer");
      return a.body().get("access_token").asText();
    }

    private Answer orders(String access, String query) throws IOException {
      return call(
          new Request.Builder()
              .url(url("/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&" + query))
              .header("x-amz-access-token", access)
              .build());
    }

    @Test
    void aLaterPageRepeatsTheLastOrderOfThePageBeforeAsTheOfficialExampleDoes() throws Exception {
      h.t.clock.advance(Duration.ofMinutes(20));
      String access = accessToken();

      JsonNode p1 =
          orders(access, "MaxResultsPerPage=10&CreatedAfter=2026-11-22T00:00:00Z")
              .body()
              .get("payload");
      JsonNode p2 =
          orders(access, "MaxResultsPerPage=10&NextToken=" + p1.get("NextToken").asText())
              .body()
              .get("payload");

      JsonNode officialOrder =
          official("amazon/official/get-orders-test-case-200.json")
              .get("payload")
              .get("Orders")
              .get(0);
      JsonNode last = p1.get("Orders").get(p1.get("Orders").size() - 1);
      assertThat(p2.get("Orders").get(0)).isEqualTo(last);
      assertThat(fieldNames(officialOrder)).containsAll(fieldNames(last));
      assertThat(OffsetDateTime.parse(last.get("PurchaseDate").asText())).isNotNull();
    }

    @Test
    void theConnectorCountsTheRepeatedOrderOnce() {
      OrderBook book = h.sandbox.orders(shop("A2EUQ1WTGCTBG2"));
      long since = h.t.clock.millis() - Duration.ofDays(2).toMillis();
      List<OrderBook.Order> all = book.since(since);
      while (all.size() <= AmazonApi.PAGE
          || !all.get(AmazonApi.PAGE - 1).pending(h.t.clock.millis())) {
        h.t.clock.advance(Duration.ofMinutes(1));
        all = book.since(since);
      }
      long now = h.t.clock.millis();
      long distinctPending = all.stream().filter(o -> o.pending(now)).count();

      h.round();

      assertThat(h.t.value("marketplace_orders_pending", "shop", "A2EUQ1WTGCTBG2"))
          .isEqualTo(distinctPending);
    }

    @Test
    void lastUpdatedAfterListsAnOrderThatShippedSinceAndNotOneUntouchedSince() throws Exception {
      Updates u = updatesOf("A2EUQ1WTGCTBG2");
      String access = accessToken();

      JsonNode payload =
          orders(access, "LastUpdatedAfter=" + Instant.ofEpochMilli(u.x())).body().get("payload");

      JsonNode orders = payload.get("Orders");
      assertThat(texts(orders, "AmazonOrderId"))
          .contains(u.shippedSince().id())
          .doesNotContain(u.untouched().id());
      for (JsonNode o : orders) {
        if (o.get("AmazonOrderId").asText().equals(u.shippedSince().id())) {
          assertThat(Instant.parse(o.get("LastUpdateDate").asText()))
              .isEqualTo(Instant.ofEpochMilli(u.shippedSince().shipsAt()));
        }
      }
      assertThat(fieldNames(payload)).contains("LastUpdatedBefore").doesNotContain("CreatedBefore");
    }

    @Test
    void theNextTokenOfAnUpdateTimeListingKeepsListingByUpdateTime() throws Exception {
      Updates u = updatesOf("A2EUQ1WTGCTBG2");
      String access = accessToken();

      Set<String> listed = new HashSet<>();
      String query = "MaxResultsPerPage=5&LastUpdatedAfter=" + Instant.ofEpochMilli(u.x());
      int pages = 0;
      while (query != null) {
        JsonNode payload = orders(access, query).body().get("payload");
        for (JsonNode o : payload.get("Orders")) {
          listed.add(o.get("AmazonOrderId").asText());
          assertThat(Instant.parse(o.get("LastUpdateDate").asText()))
              .isAfterOrEqualTo(Instant.ofEpochMilli(u.x()));
        }
        query =
            payload.has("NextToken")
                ? "MaxResultsPerPage=5&NextToken=" + payload.get("NextToken").asText()
                : null;
        pages++;
      }

      assertThat(pages).isGreaterThan(2);
      assertThat(listed).isEqualTo(u.expected());
    }

    @Test
    void bothOrNeitherOfCreatedAfterAndLastUpdatedAfterAreInvalidInput() throws Exception {
      String access = accessToken();

      for (String query :
          List.of(
              "CreatedAfter=2026-11-22T00:00:00Z&LastUpdatedAfter=2026-11-22T00:00:00Z",
              "MaxResultsPerPage=5",
              "LastUpdatedAfter=yesterday",
              "NextToken=bm90IGEgdG9rZW4")) {
        Answer a = orders(access, query);

        assertThat(a.status()).as(query).isEqualTo(400);
        assertThat(a.body().at("/errors/0/code").asText()).as(query).isEqualTo("InvalidInput");
      }
    }

    @Test
    void throttlingAnswers429WithTheOfficialQuotaExceededCode() throws Exception {
      String access = accessToken();
      h.sandbox.faults().add(FaultKind.THROTTLE, "A2EUQ1WTGCTBG2", Duration.ofMinutes(1), null);

      Answer a = orders(access, "CreatedAfter=2026-11-22T00:00:00Z");

      assertThat(a.status()).isEqualTo(429);
      assertThat(a.body().get("errors").get(0).get("code"))
          .isEqualTo(
              official("amazon/official/error-quota-exceeded.json")
                  .get("errors")
                  .get(0)
                  .get("code"));
    }
  }

  @Nested
  class Lazada {
    @Test
    void getProductsAnswersAsTheReferenceSampleWithItsStringTotal() throws Exception {
      TreeMap<String, String> q = new TreeMap<>();
      q.put("access_token", accessToken());
      q.put("filter", "live");
      q.put("limit", "1");

      JsonNode a = call(signed("/products/get", q)).body();
      JsonNode o = official("lazada/official/products-get.json");

      assertThat(fieldNames(a)).isEqualTo(fieldNames(o));
      assertThat(fieldNames(a.get("data"))).isEqualTo(fieldNames(o.get("data")));
      assertThat(a.at("/data/total_products").getNodeType())
          .isEqualTo(o.at("/data/total_products").getNodeType());
      assertThat(fieldNames(o.at("/data/products/0")))
          .containsAll(fieldNames(a.at("/data/products/0")));
    }

    private Request signed(String apiPath, TreeMap<String, String> params) {
      params.put("app_key", SandboxCredentials.LAZADA_APP_KEY);
      params.put("timestamp", Long.toString(h.t.clock.millis()));
      params.put("sign_method", "sha256");
      StringBuilder base = new StringBuilder(apiPath);
      params.forEach((k, v) -> base.append(k).append(v));
      HttpUrl.Builder u = url("/rest" + apiPath).newBuilder();
      params.forEach(u::addQueryParameter);
      u.addQueryParameter(
          "sign",
          HmacSha256.hex(SandboxCredentials.LAZADA_APP_SECRET, base.toString())
              .toUpperCase(Locale.ROOT));
      return new Request.Builder().url(u.build()).build();
    }

    private String accessToken() throws IOException {
      TreeMap<String, String> p = new TreeMap<>();
      p.put("refresh_token", shop("lzd_th_5520").seededRefreshToken());
      Answer a = call(signed("/auth/token/refresh", p));
      assertThat(a.body().get("code").asText()).isEqualTo("0");
      return a.body().get("access_token").asText();
    }

    private Answer orders() throws IOException {
      TreeMap<String, String> p = new TreeMap<>();
      p.put("access_token", accessToken());
      p.put("created_after", "2026-11-22T10:00:00+00:00");
      return call(signed("/orders/get", p));
    }

    @Test
    void itsSignatureReproducesThePublishedVector() throws Exception {
      JsonNode v = official("lazada/official/signature-vector.json");
      TreeMap<String, String> params = new TreeMap<>();
      v.get("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));

      assertThat(LazadaApi.signature(v.get("app_secret").asText(), v.get("api").asText(), params))
          .isEqualTo(v.get("sign").asText());
    }

    @Test
    void ordersGetAnswersWithTheOfficialSampleTypesAndIsoDates() throws Exception {
      JsonNode data = orders().body().get("data");
      JsonNode sample = official("lazada/official/orders-get.json").get("data");

      assertThat(data.get("count").getNodeType()).isEqualTo(sample.get("count").getNodeType());
      assertThat(data.get("countTotal").getNodeType())
          .isEqualTo(sample.get("countTotal").getNodeType());
      JsonNode order = data.get("orders").get(0);
      JsonNode official = sample.get("orders").get(0);
      for (String f : List.of("order_id", "created_at", "updated_at", "statuses", "items_count")) {
        assertThat(order.get(f).getNodeType()).as(f).isEqualTo(official.get(f).getNodeType());
      }
      assertThat(order.get("created_at").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
      assertThat(
              OffsetDateTime.parse(
                  order.get("created_at").asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME))
          .isNotNull();
    }

    private JsonNode orders(String access, String... params) throws IOException {
      TreeMap<String, String> p = new TreeMap<>();
      p.put("access_token", access);
      for (int i = 0; i < params.length; i += 2) {
        p.put(params[i], params[i + 1]);
      }
      Answer a = call(signed("/orders/get", p));
      assertThat(a.status()).isEqualTo(200);
      return a.body();
    }

    private String iso(long millis) {
      return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.ofHours(8))
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private String lazadaId(OrderBook.Order o) {
      return o.id().replaceAll("\\D", "");
    }

    @Test
    void updateAfterListsAnOrderThatShippedSinceAndNotOneUntouchedSince() throws Exception {
      Updates u = updatesOf("lzd_th_5520");

      JsonNode orders = orders(accessToken(), "update_after", iso(u.x())).at("/data/orders");

      assertThat(texts(orders, "order_id"))
          .contains(lazadaId(u.shippedSince()))
          .doesNotContain(lazadaId(u.untouched()));
      for (JsonNode o : orders) {
        if (o.get("order_id").asText().equals(lazadaId(u.shippedSince()))) {
          assertThat(OffsetDateTime.parse(o.get("updated_at").asText()).toInstant())
              .isEqualTo(Instant.ofEpochMilli(u.shippedSince().shipsAt()));
        }
      }
    }

    @Test
    void theOffsetPagesOfAnUpdateAfterListingTogetherListEveryOrderUpdatedSince() throws Exception {
      Updates u = updatesOf("lzd_th_5520");
      String access = accessToken();

      Set<String> listed = new HashSet<>();
      int total = Integer.MAX_VALUE;
      for (int offset = 0; offset < total; offset += 5) {
        JsonNode data =
            orders(
                    access,
                    "update_after",
                    iso(u.x()),
                    "limit",
                    "5",
                    "offset",
                    Integer.toString(offset))
                .get("data");
        total = Integer.parseInt(data.get("countTotal").asText());
        listed.addAll(texts(data.get("orders"), "order_id"));
      }

      Set<String> expected = new HashSet<>();
      u.expected().forEach(id -> expected.add(id.replaceAll("\\D", "")));
      assertThat(listed).isEqualTo(expected);
    }

    @Test
    void aMissingOrMalformedTimeFilterOrSortIsAnsweredWithTheDocumentedErrorCode()
        throws Exception {
      String access = accessToken();

      assertThat(orders(access, "limit", "5").get("code").asText()).isEqualTo("MissingParameter");
      assertThat(orders(access, "update_after", "2026-11-22 10:00:00").get("code").asText())
          .isEqualTo("17");
      assertThat(
              orders(access, "update_after", "2026-11-22T10:00:00+08:00", "sort_by", "price")
                  .get("code")
                  .asText())
          .isEqualTo("75");
      assertThat(
              orders(access, "created_after", "2026-11-22T10:00:00+08:00", "sort_direction", "UP")
                  .get("code")
                  .asText())
          .isEqualTo("74");
    }

    @Test
    void throttlingAnswersApiCallLimitWithStatus200() throws Exception {
      String access = accessToken();
      h.sandbox.faults().add(FaultKind.THROTTLE, "lzd_th_5520", Duration.ofMinutes(1), null);
      TreeMap<String, String> p = new TreeMap<>();
      p.put("access_token", access);
      p.put("created_after", "2026-11-22T10:00:00+00:00");

      Answer a = call(signed("/orders/get", p));

      assertThat(a.status()).isEqualTo(200);
      assertThat(a.body().get("code").asText()).isEqualTo("ApiCallLimit");
    }
  }

  @Nested
  class Shopee {
    @Test
    void getItemListAnswersAsTheReferenceSample() throws Exception {
      SandboxShop s = shop("shop_220041");
      JsonNode a =
          shopCall(
                  ListingsApi.SHOPEE_PATH,
                  "offset",
                  "0",
                  "page_size",
                  "10",
                  "item_status",
                  "NORMAL",
                  "item_status",
                  "BANNED")
              .body();
      JsonNode o = official("shopee/official/get-item-list.json");

      assertThat(fieldNames(a)).isEqualTo(fieldNames(o));
      assertThat(fieldNames(a.get("response"))).isEqualTo(fieldNames(o.get("response")));
      assertThat(fieldNames(a.at("/response/item/0")))
          .isEqualTo(fieldNames(o.at("/response/item/0")));
      assertThat(a.at("/response/next_offset").asInt()).isEqualTo(10);
      assertThat(a.at("/response/total_count").asLong())
          .isEqualTo(ShopListings.of(h.sandbox, s).get(ListingStatus.ACTIVE));
    }

    private Answer refresh(String refreshToken, JsonNode vector) throws IOException {
      HttpUrl u =
          url(vector.get("path").asText())
              .newBuilder()
              .addQueryParameter("partner_id", vector.get("partner_id").asText())
              .addQueryParameter("timestamp", vector.get("timestamp").asText())
              .addQueryParameter("sign", vector.get("sign").asText())
              .build();
      String body =
          JSON.createObjectNode()
              .put("refresh_token", refreshToken)
              .put("partner_id", vector.get("partner_id").asLong())
              .put("shop_id", 220041)
              .toString();
      return call(new Request.Builder().url(u).post(RequestBody.create(body, JSON_TYPE)).build());
    }

    private JsonNode vector(int i) throws IOException {
      return official("shopee/official/signature-vectors.json").get("vectors").get(i);
    }

    private String access;

    private Answer orderList(String... params) throws IOException {
      return shopCall(ShopeeApi.ORDERS_PATH, params);
    }

    /** A shop call to {@code path} signed as the recipe says, with {@code params} as pairs. */
    private Answer shopCall(String path, String... params) throws IOException {
      SandboxShop s = shop("shop_220041");
      if (access == null) {
        access = refresh(s.seededRefreshToken(), vector(0)).body().get("access_token").asText();
      }
      long ts = h.t.clock.millis() / 1000;
      String base = SandboxCredentials.SHOPEE_PARTNER_ID + path + ts + access + s.apiShopId();
      HttpUrl.Builder u =
          url(path)
              .newBuilder()
              .addQueryParameter("partner_id", SandboxCredentials.SHOPEE_PARTNER_ID)
              .addQueryParameter("timestamp", Long.toString(ts))
              .addQueryParameter("access_token", access)
              .addQueryParameter("shop_id", s.apiShopId())
              .addQueryParameter(
                  "sign", HmacSha256.hex(SandboxCredentials.SHOPEE_PARTNER_KEY, base));
      for (int i = 0; i < params.length; i += 2) {
        u.addQueryParameter(params[i], params[i + 1]);
      }
      return call(new Request.Builder().url(u.build()).build());
    }

    private Answer updatedSince(long fromMillis, String cursor) throws IOException {
      return orderList(
          "time_range_field",
          "update_time",
          "time_from",
          Long.toString(fromMillis / 1000),
          "time_to",
          Long.toString(h.t.clock.millis() / 1000),
          "page_size",
          "5",
          "cursor",
          cursor);
    }

    @Test
    void updateTimeListsAnOrderThatShippedSinceAndNotOneUntouchedSince() throws Exception {
      Updates u = updatesOf("shop_220041");

      Answer a = updatedSince(u.x(), "");
      List<String> firstPage = texts(a.body().at("/response/order_list"), "order_sn");
      Set<String> listed = new HashSet<>(firstPage);
      String cursor = a.body().at("/response/next_cursor").asText();
      while (a.body().at("/response/more").asBoolean()) {
        a = updatedSince(u.x(), cursor);
        listed.addAll(texts(a.body().at("/response/order_list"), "order_sn"));
        cursor = a.body().at("/response/next_cursor").asText();
      }

      assertThat(listed).contains(u.shippedSince().id()).doesNotContain(u.untouched().id());
      assertThat(firstPage).hasSize(5);
      assertThat(listed).as("every cursor page lists by update_time").isEqualTo(u.expected());
    }

    @Test
    void anUnknownTimeRangeFieldOrARangeOver15DaysIsAnsweredWithTheDocumentedError()
        throws Exception {
      long now = h.t.clock.millis() / 1000;
      String to = Long.toString(now);
      String from = Long.toString(now - 3600);

      Answer unknown =
          orderList(
              "time_range_field", "pay_time", "time_from", from, "time_to", to, "page_size", "5");
      Answer missing = orderList("time_from", from, "time_to", to, "page_size", "5");
      Answer tooLong =
          orderList(
              "time_range_field",
              "update_time",
              "time_from",
              Long.toString(now - Duration.ofDays(16).toSeconds()),
              "time_to",
              to,
              "page_size",
              "5");

      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.body().get("error").asText()).isEqualTo("error_param");
      assertThat(unknown.body().get("message").asText()).contains("time_range_field");
      assertThat(missing.body().get("error").asText()).isEqualTo("error_param");
      assertThat(tooLong.status()).isEqualTo(400);
      assertThat(fieldNames(tooLong.body()))
          .containsExactlyInAnyOrder("error", "message", "request_id");
      assertThat(tooLong.body().get("error").asText()).isEqualTo("order.order_list_invalid_time");
    }

    @Test
    void aTokenCallSignedAsTheVectorIsAnsweredInTheDocumentedShape() throws Exception {
      Answer a = refresh(shop("shop_220041").seededRefreshToken(), vector(0));

      assertThat(a.status()).isEqualTo(200);
      assertThat(fieldNames(a.body()))
          .isEqualTo(fieldNames(official("shopee/official/access-token-get.json")));
      assertThat(a.body().get("expire_in").asLong()).isPositive();
    }

    @Test
    void aShopCallSignedAsTheVectorPassesTheSignatureCheck() throws Exception {
      JsonNode v = vector(1);
      HttpUrl u =
          url(v.get("path").asText())
              .newBuilder()
              .addQueryParameter("partner_id", v.get("partner_id").asText())
              .addQueryParameter("timestamp", v.get("timestamp").asText())
              .addQueryParameter("access_token", v.get("access_token").asText())
              .addQueryParameter("shop_id", v.get("shop_id").asText())
              .addQueryParameter("sign", v.get("sign").asText())
              .build();

      Answer a = call(new Request.Builder().url(u).build());

      assertThat(a.body().get("error").asText())
          .as("signature accepted, token unknown to the sandbox")
          .isEqualTo("invalid_access_token");
    }

    @Test
    void aRefreshTokenWorksOnceAndTheAnswerCarriesItsSuccessor() throws Exception {
      String first =
          refresh(shop("shop_220041").seededRefreshToken(), vector(0))
              .body()
              .get("refresh_token")
              .asText();
      Answer second = refresh(first, vector(0));
      Answer again = refresh(first, vector(0));

      assertThat(second.status()).isEqualTo(200);
      assertThat(second.body().get("refresh_token").asText()).isNotEqualTo(first);
      assertThat(again.body().get("error").asText()).isEqualTo("error_auth");
      assertThat(refresh(second.body().get("refresh_token").asText(), vector(0)).status())
          .isEqualTo(200);
    }
  }

  @Nested
  class TikTok {
    @Test
    void searchProductsAnswersAsTheReferenceExample() throws Exception {
      JsonNode a = post(ListingsApi.TIKTOK_PATH, "{\"status\":\"ALL\"}", "10", "").body();
      JsonNode o = official("tiktok/official/search-products.json");

      assertThat(fieldNames(a)).isEqualTo(fieldNames(o));
      assertThat(fieldNames(a.get("data"))).isEqualTo(fieldNames(o.get("data")));
      assertThat(fieldNames(o.at("/data/products/0")))
          .containsAll(fieldNames(a.at("/data/products/0")));
      assertThat(a.at("/data/next_page_token").asText()).isNotEmpty();
    }

    private String accessToken() throws IOException {
      HttpUrl u =
          url("/api/v2/token/refresh")
              .newBuilder()
              .addQueryParameter("app_key", SandboxCredentials.TIKTOK_APP_KEY)
              .addQueryParameter("app_secret", SandboxCredentials.TIKTOK_APP_SECRET)
              .addQueryParameter("refresh_token", shop("7495623318").seededRefreshToken())
              .addQueryParameter("grant_type", "refresh_token")
              .build();
      return call(new Request.Builder().url(u).build())
          .body()
          .get("data")
          .get("access_token")
          .asText();
    }

    private Answer signedAsTheVector() throws IOException {
      JsonNode v = official("tiktok/official/signature-vector.json");
      HttpUrl.Builder u = url(v.get("path").asText()).newBuilder();
      List<String> names = new ArrayList<>();
      v.get("query").fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        if (!n.equals("sign") && !n.equals("access_token")) {
          u.addQueryParameter(n, v.get("query").get(n).asText());
        }
      }
      u.addQueryParameter("sign", v.get("sign").asText());
      return call(
          new Request.Builder()
              .url(u.build())
              .header("x-tts-access-token", accessToken())
              .post(RequestBody.create(v.get("body").asText(), JSON_TYPE))
              .build());
    }

    @Test
    void aRequestSignedAsTheVectorIsAccepted() throws Exception {
      Answer a = signedAsTheVector();

      assertThat(a.body().get("code").asLong()).isZero();
      assertThat(a.body().get("data").get("orders").get(0).get("create_time").isNumber()).isTrue();
    }

    private Answer search(String body, String pageToken) throws IOException {
      return post(TikTokApi.ORDERS_PATH, body, "5", pageToken);
    }

    /** A shop POST to {@code path} signed as the recipe says; an empty page token is not sent. */
    private Answer post(String path, String body, String pageSize, String pageToken)
        throws IOException {
      TreeMap<String, String> q = new TreeMap<>();
      q.put("app_key", SandboxCredentials.TIKTOK_APP_KEY);
      q.put("timestamp", Long.toString(h.t.clock.millis() / 1000));
      q.put("shop_cipher", shop("7495623318").shopCipher());
      q.put("page_size", pageSize);
      if (!pageToken.isEmpty()) {
        q.put("page_token", pageToken);
      }
      StringBuilder base = new StringBuilder(path);
      q.forEach((k, v) -> base.append(k).append(v));
      String secret = SandboxCredentials.TIKTOK_APP_SECRET;
      HttpUrl.Builder u = url(path).newBuilder();
      q.forEach(u::addQueryParameter);
      u.addQueryParameter("sign", HmacSha256.hex(secret, secret + base + body + secret));
      return call(
          new Request.Builder()
              .url(u.build())
              .header("x-tts-access-token", accessToken())
              .post(RequestBody.create(body, JSON_TYPE))
              .build());
    }

    @Test
    void updateTimeGeListsAnOrderThatShippedSinceAndNotOneUntouchedSince() throws Exception {
      Updates u = updatesOf("7495623318");
      String body = "{\"update_time_ge\":" + u.x() / 1000 + "}";

      Set<String> listed = new HashSet<>();
      Answer a = search(body, "");
      while (true) {
        for (JsonNode o : a.body().at("/data/orders")) {
          listed.add(o.get("id").asText());
          if (o.get("id").asText().equals(u.shippedSince().id())) {
            assertThat(o.get("update_time").asLong()).isEqualTo(u.shippedSince().shipsAt() / 1000);
          }
        }
        String next = a.body().at("/data/next_page_token").asText();
        if (next.isEmpty()) {
          break;
        }
        a = search(body, next);
      }

      assertThat(listed).contains(u.shippedSince().id()).doesNotContain(u.untouched().id());
      assertThat(listed).as("every page lists by update_time").isEqualTo(u.expected());
    }

    @Test
    void updateTimeLtLeavesOutOrdersUpdatedAtOrAfterIt() throws Exception {
      Updates u = updatesOf("7495623318");
      long lt = u.shippedSince().shipsAt() / 1000;

      JsonNode orders =
          search("{\"update_time_ge\":" + u.x() / 1000 + ",\"update_time_lt\":" + lt + "}", "")
              .body()
              .at("/data/orders");

      assertThat(texts(orders, "id")).doesNotContain(u.shippedSince().id());
      orders.forEach(o -> assertThat(o.get("update_time").asLong()).isLessThan(lt));
    }

    @Test
    void aTimeFilterThatIsNotAUnixTimestampIsA400InTheErrorEnvelope() throws Exception {
      Answer a = search("{\"update_time_ge\":\"yesterday\"}", "");

      assertThat(a.status()).isEqualTo(400);
      assertThat(fieldNames(a.body())).containsExactlyInAnyOrder("code", "message", "request_id");
      assertThat(a.body().get("code").asLong()).isNotZero();
      assertThat(a.body().get("message").asText()).contains("update_time_ge");
    }

    @Test
    void throttlingAnswersTheDocumentedTooManyRequestsCode() throws Exception {
      h.sandbox.faults().add(FaultKind.THROTTLE, "7495623318", Duration.ofMinutes(1), null);

      Answer a = signedAsTheVector();

      assertThat(a.body().get("code"))
          .isEqualTo(official("tiktok/official/error-too-many-requests.json").get("code"));
    }
  }
}
