package io.marketplaceexporter.state;

import io.marketplaceexporter.config.LimitsConfig;
import io.marketplaceexporter.config.PriceConfig;
import io.marketplaceexporter.state.Vocabulary.ApiCode;
import io.marketplaceexporter.state.Vocabulary.FailureReason;
import io.marketplaceexporter.state.Vocabulary.Outcome;
import io.marketplaceexporter.state.Vocabulary.PriceAnomalyKind;
import io.marketplaceexporter.state.Vocabulary.SyncJob;
import io.marketplaceexporter.state.Vocabulary.TokenKind;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the exporter knows now: the single place that ingest and the connectors write to, and
 * that {@code /metrics} reads. Values are validated before they get here.
 */
public final class MarketplaceState {
  private final Clock clock;
  private final LimitsConfig limits;
  private final PriceConfig price;
  private final SeriesBudget budget;
  private final ConcurrentHashMap<ShopKey, ShopState> shops = new ConcurrentHashMap<>();

  /** Shops in label order (marketplace, shop, site), rebuilt when the set of shops changed. */
  private volatile SortedShops sorted = new SortedShops(-1, new ShopState[0]);

  /** Bumped after every shop added or removed. */
  private final AtomicInteger shopSetChanges = new AtomicInteger();

  private record SortedShops(int changes, ShopState[] shops) {}

  private static final Comparator<ShopState> BY_LABELS =
      Comparator.comparing((ShopState s) -> s.key().marketplace())
          .thenComparing(s -> s.key().shop())
          .thenComparing(s -> s.key().site());
  private final SkuTracker skus;
  private final ChangeLog changes;
  private final LatencyHistograms latency;
  private final IngestStats ingestStats = new IngestStats();
  private final LongAdder shopsRetired = new LongAdder();
  private final LongAdder shopsExpired = new LongAdder();

  public MarketplaceState(LimitsConfig limits, PriceConfig price, Clock clock) {
    this.clock = clock;
    this.limits = limits;
    this.price = price;
    this.budget = new SeriesBudget(limits.maxSeriesPerMetric());
    this.skus = new SkuTracker(limits.maxTrackedSkus());
    this.changes = new ChangeLog(budget, 1000);
    this.latency = new LatencyHistograms(budget);
  }

  public Clock clock() {
    return clock;
  }

  private ShopState shop(ShopKey key) {
    long now = clock.millis();
    ShopState s = shops.get(key);
    if (s == null) {
      s = shops.computeIfAbsent(key, k -> new ShopState(k, budget, now));
      shopSetChanges.incrementAndGet();
    }
    s.touch(now);
    return s;
  }

  public void orders(ShopKey shop, Outcome outcome, FailureReason reason, long count) {
    shop(shop).orders(outcome, reason, count);
  }

  /** {@code oldestPendingAt} is NaN when unknown. */
  public void backlog(ShopKey shop, long pending, double oldestPendingAt) {
    shop(shop).backlog(pending, oldestPendingAt);
  }

  public void sync(ShopKey shop, String system, SyncJob job, Outcome outcome, double finishedAt) {
    shop(shop).sync(system, job, outcome, finishedAt);
  }

  /**
   * A marketplace API call; {@code durationSeconds}, {@code quotaLimit}, {@code quotaRemaining} are
   * NaN when not known.
   */
  public void apiCall(
      ShopKey shop,
      String operation,
      ApiCode code,
      double durationSeconds,
      double quotaLimit,
      double quotaRemaining) {
    shop(shop).apiCall(operation, code, quotaLimit, quotaRemaining);
    if (!Double.isNaN(durationSeconds)) {
      latency.observe(shop.marketplace(), operation, durationSeconds);
    }
  }

  public void quota(ShopKey shop, String operation, double limit, double remaining) {
    shop(shop).quota(operation, limit, remaining);
  }

  public void token(ShopKey shop, TokenKind token, double expiresAt) {
    shop(shop).token(token, expiresAt);
  }

  /** Records a price and returns the anomaly it shows, or {@code null} for a normal price. */
  public PriceAnomalyKind price(ShopKey shop, String sku, PriceObservation observation) {
    ShopState s = shop(shop);
    double threshold = price.thresholdFor(shop.marketplace(), shop.site(), shop.shop());
    PriceAnomalyKind kind = skus.price(s, sku, observation, threshold, clock.millis());
    s.priceChecked(kind);
    return kind;
  }

  public void inventory(ShopKey shop, String sku, long available) {
    skus.inventory(shop(shop), sku, available, clock.millis());
  }

  public void change(Change change) {
    changes.record(change);
  }

  /** Removes a shop and all its series; false when it was not known. */
  public boolean retire(ShopKey key) {
    ShopState s = shops.remove(key);
    if (s == null) {
      return false;
    }
    shopSetChanges.incrementAndGet();
    skus.removeShop(key);
    s.releaseAll();
    shopsRetired.increment();
    return true;
  }

  /** Removes the shops with no event for {@code limits.shop_ttl}; returns how many. */
  public int expireIdleShops() {
    if (limits.shopTtl().isZero()) {
      return 0;
    }
    long cutoff = clock.millis() - limits.shopTtl().toMillis();
    int removed = 0;
    for (ShopState s : shops.values()) {
      if (s.lastSeenMillis() < cutoff && shops.remove(s.key(), s)) {
        shopSetChanges.incrementAndGet();
        skus.removeShop(s.key());
        s.releaseAll();
        shopsExpired.increment();
        removed++;
      }
    }
    return removed;
  }

  /** Emits the samples of one family across all shops (or the change log). */
  public void collect(SeriesFamily family, Samples out) {
    switch (family) {
      case CHANGES, CHANGE_LAST, CHANGE_INFO -> changes.collect(family, out);
      case API_DURATION -> throw new IllegalArgumentException("use latency() for " + family);
      default -> {
        for (ShopState s : sortedShops()) {
          s.collect(family, out);
        }
      }
    }
  }

  /**
   * The shops in label order, so that each family's samples come out nearly sorted and the scrape's
   * sort is close to linear (bench/RESULTS.md). Sorted again only when shops came or went; the size
   * check also catches a shop added without {@link #shopSetChanges}.
   */
  private ShopState[] sortedShops() {
    int changes = shopSetChanges.get();
    SortedShops c = sorted;
    if (c.changes() != changes || c.shops().length != shops.size()) {
      ShopState[] a = shops.values().toArray(new ShopState[0]);
      Arrays.sort(a, BY_LABELS);
      c = new SortedShops(changes, a);
      sorted = c;
    }
    return c.shops();
  }

  public List<LatencyHistograms.Snapshot> latency() {
    return latency.snapshot();
  }

  public static double[] latencyBuckets() {
    return LatencyHistograms.BUCKETS.clone();
  }

  public List<Anomaly> anomalies(int limit) {
    return skus.anomalies(limit);
  }

  public List<Change> recentChanges(int limit) {
    return changes.recent(limit);
  }

  public IngestStats ingestStats() {
    return ingestStats;
  }

  public SeriesBudget budget() {
    return budget;
  }

  public int shopCount() {
    return shops.size();
  }

  public int trackedSkus() {
    return skus.size();
  }

  public long skusEvicted() {
    return skus.evicted();
  }

  public long shopsRetired() {
    return shopsRetired.sum();
  }

  public long shopsExpired() {
    return shopsExpired.sum();
  }
}
