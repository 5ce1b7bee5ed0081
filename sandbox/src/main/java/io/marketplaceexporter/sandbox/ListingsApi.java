package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The marketplaces' listing searches (issue 19), answered from {@link ShopListings} in each
 * official shape, signed and faulted as the marketplace's other calls: SP-API {@code
 * searchListingsItems}, Shopee {@code v2.product.get_item_list}, Lazada GetProducts and TikTok Shop
 * Search Products (202309). Each normalised status has one status of the marketplace (the first of
 * the connector's mapping); TikTok Shop's {@code ALL} also finds two drafts, which no count takes.
 */
final class ListingsApi extends SandboxApi {
  static final String SHOPEE_PATH = "/api/v2/product/get_item_list";
  static final String TIKTOK_PATH = "/product/202309/products/search";
  static final Set<String> SHOPEE_STATUSES =
      Set.of("NORMAL", "BANNED", "UNLIST", "REVIEWING", "SELLER_DELETE", "SHOPEE_DELETE");
  static final Set<String> TIKTOK_STATUSES =
      Set.of(
          "ALL",
          "DRAFT",
          "PENDING",
          "FAILED",
          "ACTIVATE",
          "SELLER_DEACTIVATED",
          "PLATFORM_DEACTIVATED",
          "FREEZE",
          "DELETED",
          "SCHEDULED");
  static final Set<String> LAZADA_FILTERS =
      Set.of("all", "live", "inactive", "deleted", "pending", "rejected", "sold-out");

  private static final Map<ListingStatus, String> SHOPEE =
      Map.of(
          ListingStatus.ACTIVE, "NORMAL",
          ListingStatus.INACTIVE, "UNLIST",
          ListingStatus.UNDER_REVIEW, "REVIEWING",
          ListingStatus.SUPPRESSED, "BANNED");
  private static final Map<ListingStatus, String> TIKTOK =
      Map.of(
          ListingStatus.ACTIVE, "ACTIVATE",
          ListingStatus.INACTIVE, "SELLER_DEACTIVATED",
          ListingStatus.UNDER_REVIEW, "PENDING",
          ListingStatus.SUPPRESSED, "PLATFORM_DEACTIVATED");
  private static final Map<ListingStatus, String> LAZADA =
      Map.of(
          ListingStatus.ACTIVE, "live",
          ListingStatus.INACTIVE, "inactive",
          ListingStatus.UNDER_REVIEW, "pending",
          ListingStatus.SUPPRESSED, "rejected");

  /** SP-API summary statuses: under review and inactive listings are discoverable only. */
  private static final Map<ListingStatus, List<String>> AMAZON =
      Map.of(
          ListingStatus.ACTIVE, List.of("BUYABLE", "DISCOVERABLE"),
          ListingStatus.INACTIVE, List.of("DISCOVERABLE"),
          ListingStatus.UNDER_REVIEW, List.of("DISCOVERABLE"),
          ListingStatus.SUPPRESSED, List.of());

  private final AmazonApi amazon;
  private final ShopeeApi shopee;
  private final LazadaApi lazada;
  private final TikTokApi tiktok;

  ListingsApi(Sandbox sandbox, AmazonApi amazon, ShopeeApi shopee, LazadaApi lazada, TikTokApi tt) {
    super(sandbox);
    this.amazon = amazon;
    this.shopee = shopee;
    this.lazada = lazada;
    this.tiktok = tt;
  }

  @Override
  void register(RoutesConfig routes) {
    routes.get("/listings/2021-08-01/items/{sellerId}", this::amazonSearch);
    routes.get(SHOPEE_PATH, this::shopeeItems);
    routes.get("/rest/products/get", this::lazadaProducts);
    routes.post(TIKTOK_PATH, this::tiktokProducts);
  }

  /** The listings of {@code shop} whose status passes {@code keep}, numbered from 0. */
  private List<Integer> listings(SandboxShop shop, Predicate<ListingStatus> keep) {
    List<ListingStatus> all = ShopListings.statuses(sandbox, shop);
    return java.util.stream.IntStream.range(0, all.size())
        .filter(i -> keep.test(all.get(i)))
        .boxed()
        .toList();
  }

  private ListingStatus statusOf(SandboxShop shop, int listing) {
    return ShopListings.statuses(sandbox, shop).get(listing);
  }

  private long created(int listing) {
    return sandbox.startMillis() / 1000 - 86_400L * (1 + listing % 300);
  }

  private void amazonSearch(Context ctx) {
    SandboxShop shop = amazon.shop(ctx, "5.0");
    if (shop == null) {
      return;
    }
    String marketplace = ctx.queryParam("marketplaceIds");
    int size = TikTokApi.parse(ctx.queryParam("pageSize"), 10);
    if (marketplace == null || size < 1 || size > 20) {
      AmazonApi.spError(ctx, 400, "InvalidInput", "marketplaceIds is required; pageSize 1 to 20");
      return;
    }
    if (!shop.apiShopId().equals(ctx.pathParam("sellerId"))) {
      AmazonApi.spError(ctx, 403, "Unauthorized", "Access to requested resource is denied.");
      return;
    }
    List<String> with = split(ctx.queryParam("withStatus"));
    List<String> without = split(ctx.queryParam("withoutStatus"));
    List<Integer> found =
        listings(
            shop,
            s ->
                (with.isEmpty() || AMAZON.get(s).stream().anyMatch(with::contains))
                    && AMAZON.get(s).stream().noneMatch(without::contains));
    int offset = TikTokApi.parse(decode(ctx.queryParam("pageToken")), 0);
    ObjectNode body = object().put("numberOfResults", found.size());
    int end = Math.min(found.size(), offset + size);
    if (end < found.size()) {
      body.putObject("pagination").put("nextToken", encode(end));
    }
    ArrayNode items = body.putArray("items");
    for (int i : found.subList(Math.min(offset, end), end)) {
      String created = Instant.ofEpochSecond(created(i)).toString();
      ObjectNode summary =
          items
              .addObject()
              .put("sku", shop.sku(i))
              .putArray("summaries")
              .addObject()
              .put("marketplaceId", marketplace.split(",")[0])
              .put("asin", "B0SANDBOX" + i)
              .put("productType", "LUGGAGE")
              .put("conditionType", "new_new");
      AMAZON.get(statusOf(shop, i)).forEach(summary.putArray("status")::add);
      summary.put("itemName", "Sandbox item " + i).put("createdDate", created);
      summary.put("lastUpdatedDate", created);
    }
    json(ctx, 200, body);
  }

  private void shopeeItems(Context ctx) {
    SandboxShop shop = shopee.shop(ctx, SHOPEE_PATH);
    if (shop == null) {
      return;
    }
    List<String> wanted = ctx.queryParams("item_status");
    int offset = TikTokApi.parse(ctx.queryParam("offset"), -1);
    int size = TikTokApi.parse(ctx.queryParam("page_size"), 0);
    if (wanted.isEmpty() || !SHOPEE_STATUSES.containsAll(wanted)) {
      ShopeeApi.error(ctx, 400, "error_param_item_status", "Item status error.");
      return;
    }
    if (offset < 0 || size < 1 || size > 100) {
      ShopeeApi.error(ctx, 400, "error_param", "Wrong parameters, detail: offset, page_size.");
      return;
    }
    List<Integer> found = listings(shop, s -> wanted.contains(SHOPEE.get(s)));
    int end = Math.min(found.size(), offset + size);
    ObjectNode response = object();
    ArrayNode items = response.putArray("item");
    for (int i : found.subList(Math.min(offset, end), end)) {
      ObjectNode item =
          items
              .addObject()
              .put("item_id", 2_500_000_000L + Long.parseLong(shop.apiShopId()) % 1000 * 10_000 + i)
              .put("item_status", SHOPEE.get(statusOf(shop, i)));
      item.putObject("tag").put("kit", false);
      item.put("update_time", created(i));
    }
    response
        .put("total_count", found.size())
        .put("has_next_page", end < found.size())
        .put("next_offset", end < found.size() ? end : 0);
    ShopeeApi.ok(ctx, object().put("warning", ""), response);
  }

  private void lazadaProducts(Context ctx) {
    TreeMap<String, String> params = LazadaApi.signed(ctx, "/products/get");
    SandboxShop shop = params == null ? null : lazada.shop(ctx, params);
    if (shop == null) {
      return;
    }
    String filter = params.get("filter");
    int limit = TikTokApi.parse(params.get("limit"), 10);
    int offset = TikTokApi.parse(params.get("offset"), 0);
    if (filter == null || !LAZADA_FILTERS.contains(filter)) {
      LazadaApi.error(ctx, 200, "36", "E036: Invalid status filter");
      return;
    }
    if (limit < 1 || limit > 50 || offset < 0 || offset > 10_000) {
      LazadaApi.error(ctx, 200, "19", "E019: \"" + limit + "\" Invalid Limit");
      return;
    }
    List<Integer> found = listings(shop, s -> filter.equals("all") || filter.equals(LAZADA.get(s)));
    ObjectNode data = object().put("total_products", Integer.toString(found.size()));
    ArrayNode products = data.putArray("products");
    int end = Math.min(found.size(), offset + limit);
    for (int i : found.subList(Math.min(offset, end), end)) {
      String created = Long.toString(created(i) * 1000);
      products
          .addObject()
          .put("created_time", created)
          .put("updated_time", created)
          .put("item_id", Long.toString(180_000_000L + i))
          .put("primary_category", "10000211")
          .put("status", lazadaStatus(statusOf(shop, i)));
    }
    ObjectNode answer = object().put("code", "0");
    answer.set("data", data);
    json(ctx, 200, answer.put("request_id", requestId()));
  }

  private static String lazadaStatus(ListingStatus s) {
    return switch (s) {
      case ACTIVE -> "Active";
      case INACTIVE -> "InActive";
      case UNDER_REVIEW -> "Pending QC";
      case SUPPRESSED -> "Suspended";
    };
  }

  private void tiktokProducts(Context ctx) {
    TreeMap<String, String> query = TikTokApi.signed(ctx, TIKTOK_PATH);
    SandboxShop shop = query == null ? null : tiktok.shop(ctx, query);
    if (shop == null) {
      return;
    }
    JsonNode body = body(ctx);
    String status = body.path("status").asText("ALL");
    int size = TikTokApi.parse(query.get("page_size"), 0);
    if (!TIKTOK_STATUSES.contains(status) || size < 1 || size > 100) {
      TikTokApi.error(ctx, 400, "param", "Invalid input parameters: status, page_size.");
      return;
    }
    List<Integer> found = listings(shop, s -> status.equals("ALL") || status.equals(TIKTOK.get(s)));
    int drafts = status.equals("ALL") || status.equals("DRAFT") ? 2 : 0;
    int total = found.size() + drafts;
    int offset = TikTokApi.parse(decode(query.get("page_token")), 0);
    int end = Math.min(total, offset + size);
    ObjectNode data = object().put("total_count", total);
    ArrayNode products = data.putArray("products");
    for (int k = Math.min(offset, end); k < end; k++) {
      boolean draft = k >= found.size();
      int i = draft ? 100_000 + k : found.get(k);
      products
          .addObject()
          .put("id", Long.toString(1_729_592_969_712_000_000L + i))
          .put("title", "Sandbox product " + i)
          .put("status", draft ? "DRAFT" : TIKTOK.get(statusOf(shop, i)))
          .put("create_time", created(i % 100_000))
          .put("update_time", created(i % 100_000));
    }
    data.put("next_page_token", end < total ? encode(end) : "");
    ObjectNode answer = object().put("code", 0);
    answer.set("data", data);
    json(ctx, 200, answer.put("message", "Success").put("request_id", requestId()));
  }

  private static List<String> split(String csv) {
    return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
  }

  /** A page token as TikTok Shop's samples print them: {@code offset=N} in base64. */
  private static String encode(int offset) {
    return Base64.getEncoder()
        .encodeToString(("offset=" + offset + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    try {
      String t = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).strip();
      return t.startsWith("offset=") ? t.substring(7) : null;
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
