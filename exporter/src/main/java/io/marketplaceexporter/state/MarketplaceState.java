package io.marketplaceexporter.state;

import io.marketplaceexporter.config.LimitsConfig;
import io.marketplaceexporter.config.PriceConfig;
import io.marketplaceexporter.state.Vocabulary.ApiCode;
import io.marketplaceexporter.state.Vocabulary.ChangeKind;
import io.marketplaceexporter.state.Vocabulary.FailureReason;
import io.marketplaceexporter.state.Vocabulary.Labelled;
import io.marketplaceexporter.state.Vocabulary.Outcome;
import io.marketplaceexporter.state.Vocabulary.PriceAnomalyKind;
import io.marketplaceexporter.state.Vocabulary.SyncJob;
import io.marketplaceexporter.state.Vocabulary.TokenKind;
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

  /** Grows with every change of the durable part; a snapshot is written only when it moved. */
  private final LongAdder modifications = new LongAdder();

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

  public SeriesFamily sync(
      ShopKey shop, String system, SyncJob job, Outcome outcome, double finishedAt) {
    return sync(shop, system, job, outcome, finishedAt, Double.NaN);
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
    long cutoff = clock.millis() - limits.shopTtl().toMillis();
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

  /**
   * Brings back an image into this (fresh) state, through the cardinality guard and the SKU limit
   * as events would. Shops idle for longer than {@code limits.shop_ttl} are left out, as expiry
   * would have removed them. Everything is checked before anything is applied: an image with an
   * unknown label value or a missing field changes nothing and throws {@link
   * IllegalArgumentException}.
   */
  public StateImage.Restored restore(StateImage image) {
    return restore(image, Shard.single());
  }

  /**
   * As {@link #restore(StateImage)}, leaving out the shops {@code shard} does not own: after the
   * shard count changed, their owner now polls them and takes their events.
   */
  public StateImage.Restored restore(StateImage image, Shard shard) {
    List<StateImage.Shop> shopImages = list(image.shops(), "shops");
    StateImage.Changes changeImage =
        image.changes() == null
            ? new StateImage.Changes(List.of(), List.of(), List.of())
            : image.changes();
    for (StateImage.Shop s : shopImages) {
      check(s);
    }
    List<Change> latest = changes(list(changeImage.latest(), "changes.latest"));
    List<Change> recent = changes(list(changeImage.recent(), "changes.recent"));
    for (StateImage.Last l : list(changeImage.last(), "changes.last")) {
      require(l.service() != null, "changes.last: service missing");
      label(ChangeKind.class, l.kind(), "changes.last.kind");
    }
    long cutoff =
        limits.shopTtl().isZero() ? Long.MIN_VALUE : clock.millis() - limits.shopTtl().toMillis();
    int restoredShops = 0;
    int expired = 0;
    int foreign = 0;
    List<SkuOfShop> skuImages = new ArrayList<>();
    for (StateImage.Shop img : shopImages) {
      if (img.lastSeenMillis() < cutoff) {
        expired++;
        continue;
      }
      ShopKey key = new ShopKey(img.marketplace(), img.site(), img.shop());
      if (!shard.owns(key)) {
        foreign++;
        continue;
      }
      ShopState s = shops.computeIfAbsent(key, k -> new ShopState(k, budget, img.lastSeenMillis()));
      shopSetChanges.incrementAndGet();
      restoredShops++;
      if (img.pendingOrders() != null) {
        s.backlog(img.pendingOrders(), StateImage.orNaN(img.oldestPendingAt()));
      }
      for (StateImage.Sync sync : list(img.syncs(), "syncs")) {
        s.restoreSyncSuccess(
            sync.system(), label(SyncJob.class, sync.job(), "syncs.job"), sync.lastSuccessAt());
      }
      if (img.tokens() != null) {
        img.tokens().forEach((t, at) -> s.token(label(TokenKind.class, t, "tokens"), at));
      }
      boolean priced = false;
      for (StateImage.Sku sku : list(img.skus(), "skus")) {
        skuImages.add(new SkuOfShop(s, sku));
        priced |= sku.price() != null;
      }
      if (priced) {
        s.restorePriceSeries();
      }
    }
    skuImages.sort(Comparator.comparingLong(x -> x.sku().lastSeenMillis()));
    for (SkuOfShop x : skuImages) {
      PriceAnomalyKind anomaly =
          x.sku().anomaly() == null
              ? null
              : label(PriceAnomalyKind.class, x.sku().anomaly(), "skus.anomaly");
      skus.restore(x.shop(), x.sku(), anomaly);
    }
    for (StateImage.Last l : changeImage.last()) {
      changes.updateLast(l.service(), label(ChangeKind.class, l.kind(), "kind"), l.at());
    }
    latest.forEach(changes::updateLatest);
    recent.forEach(changes::restoreRecent);
    modifications.increment();
    return new StateImage.Restored(
        restoredShops, skuImages.size(), recent.size(), expired, foreign);
  }

  private record SkuOfShop(ShopState shop, StateImage.Sku sku) {}

  private static void check(StateImage.Shop s) {
    require(
        s.marketplace() != null && s.site() != null && s.shop() != null,
        "shops: marketplace, site or shop missing");
    for (StateImage.Sync sync : list(s.syncs(), "syncs")) {
      require(sync.system() != null, "syncs: system missing");
      label(SyncJob.class, sync.job(), "syncs.job");
    }
    if (s.tokens() != null) {
      s.tokens()
          .forEach(
              (t, at) -> {
                label(TokenKind.class, t, "tokens");
                require(at != null, "tokens: expiry missing");
              });
    }
    for (StateImage.Sku sku : list(s.skus(), "skus")) {
      require(sku.sku() != null, "skus: sku missing");
      if (sku.anomaly() != null) {
        label(PriceAnomalyKind.class, sku.anomaly(), "skus.anomaly");
      }
    }
  }

  private static List<Change> changes(List<StateImage.Entry> entries) {
    List<Change> out = new ArrayList<>(entries.size());
    for (StateImage.Entry e : entries) {
      require(e.service() != null, "changes: service missing");
      out.add(
          new Change(
              e.service(),
              label(ChangeKind.class, e.kind(), "changes.kind"),
              e.version() == null ? "" : e.version(),
              e.at(),
              e.shop()));
    }
    return out;
  }

  private static <T> List<T> list(List<T> l, String what) {
    if (l == null) {
      return List.of();
    }
    for (T t : l) {
      require(t != null, what + ": null entry");
    }
    return l;
  }

  private static <E extends Enum<E> & Labelled> E label(Class<E> type, String value, String what) {
    return Vocabulary.parse(type, value)
        .orElseThrow(() -> new IllegalArgumentException(what + ": unknown value"));
  }

  private static void require(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(problem);
    }
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
