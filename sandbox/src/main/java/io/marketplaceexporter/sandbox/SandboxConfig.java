package io.marketplaceexporter.sandbox;

import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.SourceConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The {@code sources:} configuration that points real connectors at a sandbox: one source per
 * marketplace shop and six generic sources for the ERP. {@code --demo} uses it in-process; {@code
 * SandboxMain --print-config} prints it for an exporter running elsewhere.
 */
public final class SandboxConfig {
  private SandboxConfig() {}

  /**
   * The YAML of the {@code sources:} section (without the key) for a sandbox at {@code baseUrl}.
   * The Amazon client secret counts as rotated 30 days before {@code now}.
   */
  public static String yaml(String baseUrl, String interval, Instant now) {
    return yaml(baseUrl, interval, now, SandboxShop.defaults());
  }

  /**
   * As above, for a sandbox serving {@code shops}; shops other than the seeded ones are named
   * {@code <marketplace>-<shop>} (the seeded ones keep their short per-site names).
   */
  public static String yaml(String baseUrl, String interval, Instant now, List<SandboxShop> shops) {
    // The demo's few Lazada shops share one application.
    StringBuilder y =
        shops(
            shops,
            !shops.equals(SandboxShop.defaults()),
            baseUrl,
            interval,
            now,
            Integer.MAX_VALUE);
    y.append(erp("erp-sync", baseUrl, interval, "sync-status", SYNC));
    y.append(erp("erp-catalog", baseUrl, interval, "catalog", CATALOG));
    y.append(erp("erp-orders", baseUrl, interval, "order-events", ORDERS));
    y.append(erp("erp-changes", baseUrl, interval, "changes", CHANGES));
    y.append(erp("erp-quotas", baseUrl, interval, "api-quotas", QUOTAS));
    y.append(erp("erp-payments", baseUrl, interval, "payments", PAYMENTS));
    y.append(erp("erp-listings", baseUrl, interval, "listing-status", LISTINGS));
    return y.toString();
  }

  /**
   * Lazada shops per application in {@link #marketplaceYaml}. Lazada allows an online application
   * 10,000,000 calls a day (115.7 a second, every call counted, the token refresh included). In the
   * first round after a start every shop refreshes its token and reads its orders, two calls: 2,500
   * shops every 60 s make 83 a second then and 42 afterwards. With 5,000 (167 a second in the first
   * round) the exporter held back 700 polls of the 50,000-shop benchmark as {@code throttled} and
   * their permit waits held places for seconds, delaying other marketplaces' polls; with one
   * application for all 12,500 Lazada shops, 10,000 polls.
   */
  static final int LAZADA_SHOPS_PER_APP = 2_500;

  /**
   * The {@code sources:} YAML for the marketplace shops {@code shops} alone (no ERP), each source
   * named {@code <marketplace>-<shop>}: what the polling benchmark points an exporter at. Every
   * {@link #LAZADA_SHOPS_PER_APP} Lazada shops use the next Lazada application.
   */
  public static String marketplaceYaml(
      List<SandboxShop> shops, String baseUrl, String interval, Instant now) {
    return marketplaceYaml(shops, baseUrl, interval, now, LAZADA_SHOPS_PER_APP);
  }

  static String marketplaceYaml(
      List<SandboxShop> shops, String baseUrl, String interval, Instant now, int lazadaPerApp) {
    return shops(shops, true, baseUrl, interval, now, lazadaPerApp).toString();
  }

  private static StringBuilder shops(
      List<SandboxShop> shops,
      boolean nameByShop,
      String baseUrl,
      String interval,
      Instant now,
      int lazadaPerApp) {
    String rotated = LocalDate.ofInstant(now.minus(Duration.ofDays(30)), ZoneOffset.UTC).toString();
    StringBuilder y = new StringBuilder();
    int lazadaShops = 0;
    for (SandboxShop s : shops) {
      String name =
          s.marketplace()
              + "-"
              + (nameByShop ? s.shop() : s.site().toLowerCase(java.util.Locale.ROOT));
      String head =
          """
            - name: %s
              type: %s
              interval: %s
              timeout: 10s
              url: %s
              site: "%s"
              shop: "%s"
          """
              .formatted(name, s.marketplace(), interval, baseUrl, s.site(), s.shop());
      String body =
          switch (s.marketplace()) {
            case "amazon" ->
                """
                    auth_url: %s
                    credentials: {client_id: "%s", client_secret: "%s", refresh_token: "%s"}
                    options: {marketplace_ids: ATVPDKIKX0DER, client_secret_rotated_at: "%s"}
                """
                    .formatted(
                        baseUrl,
                        SandboxCredentials.AMAZON_CLIENT_ID,
                        SandboxCredentials.AMAZON_CLIENT_SECRET,
                        s.seededRefreshToken(),
                        rotated);
            case "shopee" ->
                """
                    credentials: {partner_key: "%s", refresh_token: "%s"}
                    options: {partner_id: "%s", shop_id: "%s"}
                """
                    .formatted(
                        SandboxCredentials.SHOPEE_PARTNER_KEY,
                        s.seededRefreshToken(),
                        SandboxCredentials.SHOPEE_PARTNER_ID,
                        s.apiShopId());
            case "tiktok" ->
                """
                    auth_url: %s
                    credentials: {app_secret: "%s", refresh_token: "%s"}
                    options: {app_key: "%s", shop_cipher: "%s"}
                """
                    .formatted(
                        baseUrl,
                        SandboxCredentials.TIKTOK_APP_SECRET,
                        s.seededRefreshToken(),
                        SandboxCredentials.TIKTOK_APP_KEY,
                        s.shopCipher());
            case "lazada" ->
                """
                    auth_url: %s/rest
                    credentials: {app_secret: "%s", refresh_token: "%s"}
                    options: {app_key: "%s"}
                """
                    .formatted(
                        baseUrl,
                        SandboxCredentials.LAZADA_APP_SECRET,
                        s.seededRefreshToken(),
                        SandboxCredentials.lazadaAppKey(lazadaShops++ / lazadaPerApp));
            default -> null;
          };
      if (body != null) {
        y.append(
            s.marketplace().equals("lazada")
                ? head.replace("url: " + baseUrl + "\n", "url: " + baseUrl + "/rest\n")
                : head);
        y.append(body);
      }
    }
    return y;
  }

  /** The parsed sources for a sandbox at {@code baseUrl}. */
  public static List<SourceConfig> sources(String baseUrl, String interval, Instant now) {
    return sources(baseUrl, interval, now, SandboxShop.defaults());
  }

  /** The parsed sources for a sandbox at {@code baseUrl} serving {@code shops}. */
  public static List<SourceConfig> sources(
      String baseUrl, String interval, Instant now, List<SandboxShop> shops) {
    return ConfigLoader.parse("sources:\n" + yaml(baseUrl, interval, now, shops)).sources();
  }

  private static final String SHOP = "marketplace: $.platform, site: $.site, shop: $.shopId";

  private static final String SYNC =
      """
            - for_each: $.data.runs[*]
              event: {type: sync, id: $.runId, SHOP, system: $.system, job: $.job,
                      outcome: $.status, finished_at: $.finishedAt,
                      expected_interval_seconds: $.scheduleSeconds}
      """;
  private static final String CATALOG =
      """
            - for_each: $.data.prices[*]
              event: {type: price, SHOP, sku: $.sku, price: $.price, currency: $.currency,
                      floor: $.floor}
            - for_each: $.data.stock[*]
              event: {type: inventory, SHOP, sku: $.sku, available: $.available}
      """;
  private static final String ORDERS =
      """
            - for_each: $.data.events[*]
              event: {type: order, id: $.id, SHOP, outcome: $.outcome, reason: $.reason}
      """;
  private static final String CHANGES =
      """
            - for_each: $.data.changes[*]
              event: {type: change, id: $.id, service: $.service, kind: $.kind,
                      version: $.version, at: $.at}
      """;
  private static final String QUOTAS =
      """
            - for_each: $.data.quotas[*]
              event: {type: quota, SHOP, operation: $.operation, limit: $.limit,
                      remaining: $.remaining}
      """;

  private static final String PAYMENTS =
      """
            - for_each: $.data.payments[*]
              event: {type: payment, id: $.eventId, SHOP, gateway: $.gateway,
                      payment_id: $.paymentId, order_id: $.orderId, status: $.state,
                      captured_at: $.capturedAt}
      """;

  private static final String LISTINGS =
      """
            - for_each: $.data.shops[*]
              event: {type: listing_status, SHOP, counts: $.counts}
      """;

  private static String erp(
      String name, String baseUrl, String interval, String path, String mappings) {
    return """
          - name: %s
            type: generic
            interval: %s
            timeout: 10s
            url: %s/erp/api/v1/%s
            credentials: {bearer_token: "%s"}
            mappings:
        %s"""
        .formatted(
            name,
            interval,
            baseUrl,
            path,
            SandboxCredentials.ERP_TOKEN,
            mappings.replace("SHOP", SHOP));
  }
}
