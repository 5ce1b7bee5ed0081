package io.marketplaceexporter.state;

import io.marketplaceexporter.model.Vocabulary.PriceAnomalyKind;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The price and inventory series of one shop: price checks, anomalies by kind, the SKUs anomalous
 * now per kind, and the SKUs with negative stock. Guarded by the shop's lock ({@link ShopState}).
 */
final class PriceSeries {
  private static final int KINDS = PriceAnomalyKind.values().length;
  private static final Labels[] KIND = LabelSets.of("kind", PriceAnomalyKind.class);

  private long checks = -1;
  private final Counters anomalies = new Counters(KINDS);
  private final int[] anomalousSkus = new int[KINDS];
  private boolean anomalousSkusExposed;
  private int negativeSkus;
  private boolean negativeSkusExposed;

  /** Counts one price check, and the anomaly it found ({@code null} for a normal price). */
  void checked(SeriesBudget budget, PriceAnomalyKind anomaly) {
    if (!exist(budget)) {
      return;
    }
    checks++;
    if (anomaly != null) {
      anomalies.add(budget, SeriesFamily.PRICE_ANOMALIES, anomaly.ordinal(), 1);
    }
  }

  /**
   * Creates the price series (checks at 0, anomalous SKUs per kind) if the budget allows; false
   * when the checks counter cannot exist, and a price event must be rejected.
   */
  boolean exist(SeriesBudget budget) {
    if (checks < 0) {
      if (!budget.tryAcquire(SeriesFamily.PRICE_CHECKS, 1)) {
        return false;
      }
      checks = 0;
      anomalousSkusExposed = budget.tryAcquire(SeriesFamily.PRICE_ANOMALOUS_SKUS, KINDS);
    }
    return true;
  }

  /** A SKU left {@code from} and entered {@code to}; either may be {@code null}. */
  void skuMoved(PriceAnomalyKind from, PriceAnomalyKind to) {
    if (from != null) {
      anomalousSkus[from.ordinal()]--;
    }
    if (to != null) {
      anomalousSkus[to.ordinal()]++;
    }
  }

  /** Creates the negative-SKU gauge if the budget allows; false when it cannot exist. */
  boolean inventoryExists(SeriesBudget budget) {
    if (!negativeSkusExposed) {
      negativeSkusExposed = budget.tryAcquire(SeriesFamily.INVENTORY_NEGATIVE_SKUS, 1);
    }
    return negativeSkusExposed;
  }

  void inventorySeen(SeriesBudget budget, int negativeDelta) {
    inventoryExists(budget);
    negativeSkus += negativeDelta;
  }

  /** The SKUs anomalous now, by kind label, the kinds with none left out. */
  Map<String, Integer> anomalousByKind() {
    Map<String, Integer> out = new LinkedHashMap<>();
    PriceAnomalyKind[] kinds = PriceAnomalyKind.values();
    for (int i = 0; i < KINDS; i++) {
      if (anomalousSkus[i] > 0) {
        out.put(kinds[i].label(), anomalousSkus[i]);
      }
    }
    return out;
  }

  int negativeSkus() {
    return negativeSkus;
  }

  /** Emits the shop's sample of {@code family}, one of the four price and inventory families. */
  void collect(SeriesFamily family, Labels shop, Samples out) {
    switch (family) {
      case PRICE_CHECKS -> {
        if (checks >= 0) {
          out.add(checks, shop);
        }
      }
      case PRICE_ANOMALIES -> anomalies.emit((i, v) -> out.add(v, shop.merge(KIND[i])));
      case PRICE_ANOMALOUS_SKUS -> {
        if (anomalousSkusExposed) {
          for (int i = 0; i < KINDS; i++) {
            out.add(anomalousSkus[i], shop.merge(KIND[i]));
          }
        }
      }
      case INVENTORY_NEGATIVE_SKUS -> {
        if (negativeSkusExposed) {
          out.add(negativeSkus, shop);
        }
      }
      default -> throw new IllegalArgumentException("not a price family: " + family);
    }
  }

  /** Gives back the label sets these series hold. */
  void release(SeriesBudget budget) {
    budget.release(SeriesFamily.PRICE_CHECKS, checks >= 0 ? 1 : 0);
    budget.release(SeriesFamily.PRICE_ANOMALIES, anomalies.count());
    budget.release(SeriesFamily.PRICE_ANOMALOUS_SKUS, anomalousSkusExposed ? KINDS : 0);
    budget.release(SeriesFamily.INVENTORY_NEGATIVE_SKUS, negativeSkusExposed ? 1 : 0);
  }
}
