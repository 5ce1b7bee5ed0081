package io.marketplaceexporter.demo;

import java.util.List;

/** A shop the demo plays: its labels, the ERP that syncs it, its API operations and SKUs. */
record DemoShop(
    String marketplace,
    String site,
    String shop,
    String erp,
    String currency,
    List<String> operations,
    double basePrice,
    int ordersPerTick) {

  /** A handful of shops across marketplaces and two ERPs, as a cross-border seller runs them. */
  static List<DemoShop> defaults() {
    return List.of(
        new DemoShop(
            "amazon",
            "US",
            "A2EUQ1WTGCTBG2",
            "mabang",
            "USD",
            List.of("getOrders", "getOrderItems", "putListingsItem"),
            29.99,
            6),
        new DemoShop(
            "amazon",
            "DE",
            "A1PA6795UKMFR9",
            "mabang",
            "EUR",
            List.of("getOrders", "getOrderItems"),
            24.99,
            3),
        new DemoShop(
            "shopee",
            "SG",
            "shop_220041",
            "dianxiaomi",
            "SGD",
            List.of("v2.order.get_order_list", "v2.product.update_price"),
            18.90,
            5),
        new DemoShop(
            "shopee",
            "MY",
            "shop_310877",
            "dianxiaomi",
            "MYR",
            List.of("v2.order.get_order_list", "v2.product.update_stock"),
            59.00,
            4),
        new DemoShop(
            "lazada",
            "TH",
            "lzd_th_5520",
            "dianxiaomi",
            "THB",
            List.of("/orders/get", "/product/price_quantity/update"),
            450.0,
            2),
        new DemoShop(
            "tiktok",
            "US",
            "7495623318",
            "in-house",
            "USD",
            List.of("/order/202309/orders/search", "/product/202309/products/search"),
            15.99,
            5),
        new DemoShop(
            "walmart",
            "US",
            "10001234567",
            "mabang",
            "USD",
            List.of("/v3/orders", "/v3/inventory"),
            34.50,
            2),
        new DemoShop(
            "ebay",
            "",
            "acme-outlet",
            "in-house",
            "USD",
            List.of("getOrders", "reviseInventoryStatus"),
            12.00,
            2));
  }

  String sku(int i) {
    return marketplace.toUpperCase(java.util.Locale.ROOT) + "-" + shop + "-SKU" + (100 + i);
  }
}
