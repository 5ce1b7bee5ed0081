package io.marketplaceexporter.state;

import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.PriceAnomalyKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The last price and stock of every SKU the exporter has seen, bounded: when {@code maxSkus} is
 * reached the least recently seen SKU is forgotten (and counted). SKUs never become labels; the
 * per-shop anomaly counts are kept in {@link ShopState} as SKUs move in and out of an anomaly.
 */
final class SkuTracker {
  private final int maxSkus;
  private final LinkedHashMap<SkuKey, Sku> skus = new LinkedHashMap<>(1024, 0.75f, true);
  private final LongAdder evicted = new LongAdder();

  /** Written under the lock, read without it, so a scrape never waits for ingest. */
  private volatile int size;

  SkuTracker(int maxSkus) {
    this.maxSkus = maxSkus;
  }

  /**
   * Records a price and returns the anomaly it shows, or {@code null} for a normal price. A drop or
   * spike is measured against the SKU's last normal price (its reference), so a wrong price that is
   * repeated stays anomalous until a normal price arrives or the new price is confirmed.
   */
  synchronized PriceAnomalyKind price(
      ShopState shop, String skuId, PriceObservation p, double threshold, long nowMillis) {
    Sku sku = getOrCreate(shop, skuId);
    if (p.currency() != null && sku.currency != null && !p.currency().equals(sku.currency)) {
      sku.reference = Double.NaN; // another currency: the old reference says nothing
    }
    if (p.currency() != null && !p.currency().equals(sku.currency)) {
      sku.currency = shared(p.currency());
    }
    if (!Double.isNaN(p.floor())) {
      sku.floor = p.floor();
    }
    PriceAnomalyKind kind = classify(sku, p, threshold);
    if (kind == null) {
      sku.reference = p.price();
    }
    sku.price = p.price();
    sku.lastSeenMillis = nowMillis;
    if (kind != sku.anomaly) {
      shop.anomalousSkuMoved(sku.anomaly, kind);
      sku.anomaly = kind;
      sku.anomalySinceMillis = kind == null ? 0 : nowMillis;
    }
    return kind;
  }

  /**
   * One instance per currency code for all SKUs: each event brings its own copy of the code, 48
   * bytes a SKU kept (a quarter of a SKU's memory) where the SKUs of a shop mostly share one code.
   * Interned strings are collected once no SKU refers to them.
   */
  private static String shared(String currency) {
    return currency == null ? null : currency.intern();
  }

  private static PriceAnomalyKind classify(Sku sku, PriceObservation p, double threshold) {
    double price = p.price();
    if (price <= 0) {
      return PriceAnomalyKind.ZERO;
    }
    if (!Double.isNaN(sku.floor) && price < sku.floor) {
      return PriceAnomalyKind.BELOW_FLOOR;
    }
    if (p.confirmed() || Double.isNaN(sku.reference) || sku.reference <= 0) {
      return null;
    }
    double change = (price - sku.reference) / sku.reference;
    if (change < -threshold) {
      return PriceAnomalyKind.DROP;
    }
    if (change > threshold) {
      return PriceAnomalyKind.SPIKE;
    }
    return null;
  }

  /** Records available stock; a SKU counts as negative stock while it is below zero. */
  synchronized void inventory(ShopState shop, String skuId, long available, long nowMillis) {
    Sku sku = getOrCreate(shop, skuId);
    boolean wasNegative = sku.hasStock && sku.available < 0;
    boolean negative = available < 0;
    if (negative && !wasNegative) {
      sku.negativeSinceMillis = nowMillis;
    }
    sku.available = available;
    sku.hasStock = true;
    sku.lastSeenMillis = nowMillis;
    shop.inventorySeen(negative == wasNegative ? 0 : negative ? 1 : -1);
  }

  private Sku getOrCreate(ShopState shop, String skuId) {
    SkuKey key = new SkuKey(shop.key(), skuId);
    Sku sku = skus.get(key);
    if (sku == null || sku.shop != shop) {
      if (sku != null) {
        forget(sku); // the shop was removed and came back: start afresh
      }
      sku = new Sku(shop, skuId);
      skus.put(key, sku);
      evictOverflow();
      size = skus.size();
    }
    return sku;
  }

  private void evictOverflow() {
    Iterator<Sku> it = skus.values().iterator();
    while (skus.size() > maxSkus && it.hasNext()) {
      Sku eldest = it.next();
      it.remove();
      forget(eldest);
      evicted.increment();
    }
  }

  private static void forget(Sku sku) {
    if (sku.anomaly != null) {
      sku.shop.anomalousSkuMoved(sku.anomaly, null);
    }
    if (sku.hasStock && sku.available < 0) {
      sku.shop.inventorySeen(-1);
    }
  }

  /** Forgets every SKU of a shop that is being removed. */
  synchronized void removeShop(ShopKey shop) {
    skus.keySet().removeIf(k -> k.shop().equals(shop));
    size = skus.size();
  }

  /** The current anomalies, newest first, at most {@code limit}. */
  synchronized List<Anomaly> anomalies(int limit) {
    List<Anomaly> out = new ArrayList<>();
    for (Map.Entry<SkuKey, Sku> e : skus.entrySet()) {
      Sku s = e.getValue();
      if (s.anomaly != null) {
        out.add(
            new Anomaly(
                s.shop.key(),
                s.id,
                s.anomaly.label(),
                s.anomalySinceMillis,
                s.price,
                s.reference,
                s.floor,
                s.currency,
                s.hasStock ? s.available : null));
      }
      if (s.hasStock && s.available < 0) {
        out.add(
            new Anomaly(
                s.shop.key(),
                s.id,
                Anomaly.NEGATIVE_STOCK,
                s.negativeSinceMillis,
                s.price,
                s.reference,
                s.floor,
                s.currency,
                s.available));
      }
    }
    out.sort(Comparator.comparingLong(Anomaly::sinceMillis).reversed());
    return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
  }

  /** Every SKU's durable part, by shop, least recently seen first. */
  synchronized Map<ShopKey, List<StateImage.Sku>> image() {
    Map<ShopKey, List<StateImage.Sku>> out = new HashMap<>();
    for (Sku s : skus.values()) {
      out.computeIfAbsent(s.shop.key(), k -> new ArrayList<>())
          .add(
              new StateImage.Sku(
                  s.id,
                  StateImage.present(s.price),
                  StateImage.present(s.reference),
                  StateImage.present(s.floor),
                  s.currency,
                  s.anomaly == null ? null : s.anomaly.label(),
                  s.anomalySinceMillis,
                  s.hasStock ? s.available : null,
                  s.negativeSinceMillis,
                  s.lastSeenMillis));
    }
    return out;
  }

  /**
   * Restores a SKU as it was, with the anomaly it showed; SKUs must come least recently seen first,
   * so that {@code limits.max_tracked_skus} evicts the same ones it would have.
   */
  synchronized void restore(ShopState shop, StateImage.Sku image, PriceAnomalyKind anomaly) {
    Sku sku = getOrCreate(shop, image.sku());
    sku.price = StateImage.orNaN(image.price());
    sku.reference = StateImage.orNaN(image.referencePrice());
    sku.floor = StateImage.orNaN(image.floor());
    sku.currency = shared(image.currency());
    sku.lastSeenMillis = image.lastSeenMillis();
    if (anomaly != sku.anomaly) {
      shop.anomalousSkuMoved(sku.anomaly, anomaly);
      sku.anomaly = anomaly;
    }
    sku.anomalySinceMillis = anomaly == null ? 0 : image.anomalySinceMillis();
    if (image.available() != null) {
      boolean wasNegative = sku.hasStock && sku.available < 0;
      boolean negative = image.available() < 0;
      sku.available = image.available();
      sku.hasStock = true;
      sku.negativeSinceMillis = negative ? image.negativeSinceMillis() : 0;
      shop.inventorySeen(negative == wasNegative ? 0 : negative ? 1 : -1);
    }
  }

  int size() {
    return size;
  }

  long evicted() {
    return evicted.sum();
  }

  private record SkuKey(ShopKey shop, String sku) {}

  private static final class Sku {
    final ShopState shop;
    final String id;
    double price = Double.NaN;
    double reference = Double.NaN;
    double floor = Double.NaN;
    String currency;
    PriceAnomalyKind anomaly;
    long anomalySinceMillis;
    boolean hasStock;
    long available;
    long negativeSinceMillis;
    long lastSeenMillis;

    Sku(ShopState shop, String id) {
      this.shop = shop;
      this.id = id;
    }
  }
}
