package io.marketplaceexporter.state;

import io.marketplaceexporter.config.LimitsConfig;
import io.marketplaceexporter.config.PriceConfig;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.marketplaceexporter.model.Vocabulary.FailureReason;
import io.marketplaceexporter.model.Vocabulary.Outcome;
import io.marketplaceexporter.model.Vocabulary.PaymentStatus;
import io.marketplaceexporter.model.Vocabulary.PriceAnomalyKind;
import io.marketplaceexporter.model.Vocabulary.SyncJob;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
  private final PaymentLimits paymentLimits;
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
  final SkuTracker skus;
  final ChangeLog changes;
  private final LatencyHistograms latency;
  private final IngestStats ingestStats = new IngestStats();
  private final LongAdder shopsRetired = new LongAdder();
  private final LongAdder shopsExpired = new LongAdder();

  /** Grows with every change of the durable part; a snapshot is written only when it moved. */
  private final LongAdder modifications = new LongAdder();

  public MarketplaceState(LimitsConfig limits, PriceConfig price, Clock clock) {
    this.clock = clock;
    this.limits = limits;
    this.price = price;
    this.budget = new SeriesBudget(limits.maxSeriesPerMetric());
    this.paymentLimits = new PaymentLimits(limits.maxUnmatchedPaymentsPerShop());
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
      s = shops.computeIfAbsent(key, k -> new ShopState(k, budget, paymentLimits, now));
      shopSetChanges.incrementAndGet();
    }
    s.touch(now);
    modifications.increment();
    return s;
  }

  /*
   * Every writer returns null when the event was applied, or the family that had no room for a
   * label set it needs (limits.max_series_per_metric): then nothing of it was applied, the drop
   * is counted in marketplace_exporter_series_dropped_total, and ingest rejects the event.
   */

  public SeriesFamily orders(ShopKey shop, Outcome outcome, FailureReason reason, long count) {
    return shop(shop).orders(outcome, reason, count);
  }

  /** {@code oldestPendingAt} is NaN when unknown. */
  public SeriesFamily backlog(ShopKey shop, long pending, double oldestPendingAt) {
    return shop(shop).backlog(pending, oldestPendingAt);
  }

  /**
   * A sync run; {@code expectedInterval} (seconds) is NaN when the event does not carry one. The
   * family whose limit the run would exceed, or null when it was applied.
   */
  public SeriesFamily sync(
      ShopKey shop,
      String system,
      SyncJob job,
      Outcome outcome,
      double finishedAt,
      double expectedInterval) {
    return shop(shop).sync(system, job, outcome, finishedAt, expectedInterval);
  }

  /**
   * A marketplace API call; {@code durationSeconds}, {@code quotaLimit}, {@code quotaRemaining} are
   * NaN when not known.
   */
  public SeriesFamily apiCall(
      ShopKey shop,
      String operation,
      ApiCode code,
      double durationSeconds,
      double quotaLimit,
      double quotaRemaining) {
    boolean timed = !Double.isNaN(durationSeconds);
    if (timed && !latency.reserve(shop.marketplace(), operation)) {
      return SeriesFamily.API_DURATION;
    }
    SeriesFamily full = shop(shop).apiCall(operation, code, quotaLimit, quotaRemaining);
    if (full == null && timed) {
      latency.observe(shop.marketplace(), operation, durationSeconds);
    }
    return full;
  }

  public SeriesFamily quota(ShopKey shop, String operation, double limit, double remaining) {
    return shop(shop).quota(operation, limit, remaining);
  }

  public SeriesFamily token(ShopKey shop, TokenKind token, double expiresAt) {
    return shop(shop).token(token, expiresAt);
  }

  /**
   * Whether the shop's price series exist or can be created; a price event must be rejected when
   * not, as {@link #price} would count its check nowhere.
   */
  public boolean priceSeries(ShopKey shop) {
    return shop(shop).priceSeries();
  }

  /** Records a price and returns the anomaly it shows, or {@code null} for a normal price. */
  public PriceAnomalyKind price(ShopKey shop, String sku, PriceObservation observation) {
    ShopState s = shop(shop);
    double threshold = price.thresholdFor(shop.marketplace(), shop.site(), shop.shop());
    PriceAnomalyKind kind = skus.price(s, sku, observation, threshold, clock.millis());
    s.priceChecked(kind);
    return kind;
  }

  public SeriesFamily inventory(ShopKey shop, String sku, long available) {
    ShopState s = shop(shop);
    if (!s.inventorySeries()) {
      return SeriesFamily.INVENTORY_NEGATIVE_SKUS;
    }
    skus.inventory(s, sku, available, clock.millis());
    return null;
  }

  /** A payment event; {@code capturedAt} (Unix seconds) is NaN when not given. */
  public SeriesFamily payment(
      ShopKey shop, String gateway, String paymentId, PaymentStatus status, double capturedAt) {
    return shop(shop).payment(gateway, paymentId, status, capturedAt);
  }

  /** Unmatched payments tracked now, over all shops. */
  public long trackedPayments() {
    return paymentLimits.tracked();
  }

  /** Payments not tracked because a shop held limits.max_unmatched_payments_per_shop. */
  public long paymentsDropped() {
    return paymentLimits.dropped();
  }

  /** Replaces the shop's listing counts by status. */
  public SeriesFamily listings(ShopKey shop, ListingCounts counts) {
    return shop(shop).listings(counts);
  }

  public SeriesFamily change(Change change) {
    modifications.increment();
    return changes.record(change);
  }

  /** Removes a shop and all its series; false when it was not known. */
  public boolean retire(ShopKey key) {
    ShopState s = shops.remove(key);
    if (s == null) {
      return false;
    }
    modifications.increment();
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
    long cutoff = idleCutoffMillis();
    int removed = 0;
    for (ShopState s : shops.values()) {
      if (s.lastSeenMillis() < cutoff && shops.remove(s.key(), s)) {
        shopSetChanges.incrementAndGet();
        skus.removeShop(s.key());
        s.releaseAll();
        shopsExpired.increment();
        modifications.increment();
        removed++;
      }
    }
    return removed;
  }

  /** A number that grows whenever the state changes; compare two readings to tell. */
  public long modifications() {
    return modifications.sum();
  }

  /**
   * The durable part of the state (see {@link StateImage}). Each shop, the SKUs and the change log
   * are read under their own locks: the image holds everything applied before the call started.
   */
  public StateImage image() {
    Map<ShopKey, List<StateImage.Sku>> skusByShop = skus.image();
    List<StateImage.Shop> out = new ArrayList<>(shops.size());
    for (ShopState s : shops.values()) {
      out.add(s.image(skusByShop.getOrDefault(s.key(), List.of())));
    }
    return new StateImage(out, changes.image());
  }

  /** The writes a snapshot restore makes; for {@code storage}, before anything else writes. */
  public Restoring restoring() {
    return new Restoring(this);
  }

  /** Shops last seen before this (Unix ms) are idle for longer than {@code limits.shop_ttl}. */
  long idleCutoffMillis() {
    return limits.shopTtl().isZero()
        ? Long.MIN_VALUE
        : clock.millis() - limits.shopTtl().toMillis();
  }

  void restoredShop(ShopKey key, long lastSeenMillis) {
    shops.computeIfAbsent(key, k -> new ShopState(k, budget, paymentLimits, lastSeenMillis));
    shopSetChanges.incrementAndGet();
  }

  ShopState restoredShop(ShopKey key) {
    ShopState s = shops.get(key);
    if (s == null) {
      throw new IllegalStateException("restore the shop " + key + " first");
    }
    return s;
  }

  void modified() {
    modifications.increment();
  }

  /** Emits the samples of one family across all shops (or the change log). */
  public void collect(SeriesFamily family, Samples out) {
    switch (family) {
      case CHANGES, CHANGE_LAST, CHANGE_INFO -> changes.collect(family, out);
      case API_DURATION -> throw new IllegalArgumentException("use latency() for " + family);
      case PAYMENTS, PAYMENTS_UNMATCHED, PAYMENT_OLDEST_UNMATCHED_AGE -> {
        double now = clock.millis() / 1000.0;
        for (ShopState s : sortedShops()) {
          s.collectPayments(family, now, out);
        }
      }
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

  /**
   * The shops in label order, for the exposition's renderer. The array is shared: read it, never
   * write to it. It is replaced, not changed, when shops come or go ({@link #shopSetChanges()}).
   */
  public ExposedShop[] exposedShops() {
    return sortedShops();
  }

  /** Grows whenever a shop is added or removed. */
  public int shopSetChanges() {
    return shopSetChanges.get();
  }

  public List<LatencyHistograms.Snapshot> latency() {
    return latency.snapshot();
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

  /**
   * How much the state holds: shops, tracked SKUs, and how many SKUs were evicted at {@code
   * limits.max_tracked_skus} and shops retired or expired since start.
   */
  public record Sizes(
      int shops, int trackedSkus, long skusEvicted, long shopsRetired, long shopsExpired) {}

  /** What is known of each shop now, in label order (the status page's view). */
  public List<ShopSummary> shopSummaries() {
    long now = clock.millis();
    List<ShopSummary> out = new ArrayList<>();
    for (ShopState s : sortedShops()) {
      out.add(s.summary(now));
    }
    return out;
  }

  public int shopCount() {
    return shops.size();
  }

  public Sizes sizes() {
    return new Sizes(
        shops.size(), skus.size(), skus.evicted(), shopsRetired.sum(), shopsExpired.sum());
  }
}
