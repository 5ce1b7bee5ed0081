package io.marketplaceexporter.sandbox;

import java.util.List;
import java.util.Locale;

/**
 * A shop the sandbox serves: the same shops as the push demo, so that demo incidents name the same
 * shops. {@code apiShopId} is the id the marketplace API uses where it differs from the label
 * (Shopee's numeric shop id); {@code ordersPerMinute} is 0 for shops that only the ERP reports.
 */
public record SandboxShop(
    String marketplace,
    String site,
    String shop,
    String apiShopId,
    String erp,
    String currency,
    double basePrice,
    int ordersPerMinute) {

  /** The seeded shops, in the demo's order (demo scenarios name shops by index). */
  public static List<SandboxShop> defaults() {
    return List.of(
        new SandboxShop(
            "amazon", "US", "A2EUQ1WTGCTBG2", "A2EUQ1WTGCTBG2", "mabang", "USD", 29.99, 6),
        new SandboxShop(
            "amazon", "DE", "A1PA6795UKMFR9", "A1PA6795UKMFR9", "mabang", "EUR", 24.99, 3),
        new SandboxShop("shopee", "SG", "shop_220041", "220041", "dianxiaomi", "SGD", 18.90, 5),
        new SandboxShop("shopee", "MY", "shop_310877", "310877", "dianxiaomi", "MYR", 59.00, 4),
        new SandboxShop(
            "lazada", "TH", "lzd_th_5520", "lzd_th_5520", "dianxiaomi", "THB", 450.0, 2),
        new SandboxShop("tiktok", "US", "7495623318", "7495623318", "in-house", "USD", 15.99, 5),
        new SandboxShop("walmart", "US", "10001234567", "10001234567", "mabang", "USD", 34.50, 0),
        new SandboxShop("ebay", "", "acme-outlet", "acme-outlet", "in-house", "USD", 12.00, 0));
  }

  /**
   * {@code n} generated shops spread evenly over Amazon (US), Shopee (SG), TikTok Shop (US) and
   * Lazada (TH), one order a minute each: many shops for the polling benchmark.
   */
  public static List<SandboxShop> generated(int n) {
    List<SandboxShop> out = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = Integer.toString(900_000 + i);
      out.add(
          switch (i % 4) {
            case 0 ->
                new SandboxShop("amazon", "US", "AGEN" + id, "AGEN" + id, "erp", "USD", 20, 1);
            case 1 -> new SandboxShop("shopee", "SG", "shop_" + id, id, "erp", "SGD", 20, 1);
            case 2 -> new SandboxShop("tiktok", "US", "77" + id, "77" + id, "erp", "USD", 20, 1);
            default ->
                new SandboxShop(
                    "lazada", "TH", "lzd_th_" + id, "lzd_th_" + id, "erp", "THB", 20, 1);
          });
    }
    return out;
  }

  public String sku(int i) {
    return marketplace.toUpperCase(Locale.ROOT) + "-" + shop + "-SKU" + (100 + i);
  }

  /** The seeded refresh token of this shop. */
  public String seededRefreshToken() {
    return "sandbox-refresh-" + marketplace + "-" + shop;
  }

  /** TikTok Shop's per-shop cipher. */
  public String shopCipher() {
    return "ROW_" + shop;
  }
}
