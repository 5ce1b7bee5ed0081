package io.marketplaceexporter.state;

import io.marketplaceexporter.state.Vocabulary.ApiCode;
import io.marketplaceexporter.state.Vocabulary.FailureReason;
import io.marketplaceexporter.state.Vocabulary.Outcome;
import io.marketplaceexporter.state.Vocabulary.PriceAnomalyKind;
import io.marketplaceexporter.state.Vocabulary.SyncJob;
import io.marketplaceexporter.state.Vocabulary.TokenKind;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every series of one shop. Labels are stored once per shop, which keeps memory per series small. A
 * series exists from the first event that creates it, if the cardinality guard allows it. Methods
 * are synchronized: writers are ingest threads, the reader is the scrape.
 */
final class ShopState {
  private static final int REASONS = FailureReason.values().length;
  private static final int KINDS = PriceAnomalyKind.values().length;
  private static final Labels[] OUTCOME = LabelSets.of("outcome", Outcome.class);
  private static final Labels[] REASON = LabelSets.of("reason", FailureReason.class);
  private static final Labels[] JOB = LabelSets.of("job", SyncJob.class);
  private static final Labels[] CODE = LabelSets.of("code", ApiCode.class);
  private static final Labels[] TOKEN = LabelSets.of("token", TokenKind.class);
  private static final Labels[] KIND = LabelSets.of("kind", PriceAnomalyKind.class);

  private final ShopKey key;
  private final Labels labels;
  private final SeriesBudget budget;
  private volatile long lastSeenMillis;

  private final Counters orders = new Counters(2);
  private final Counters failures = new Counters(REASONS);
  private long pending = -1;
  private double oldestPending = Double.NaN;
  private Map<SyncKey, SyncSeries> syncs;
  private Map<String, ApiSeries> apis;
  private final double[] tokens = {Double.NaN, Double.NaN, Double.NaN};
  private long priceChecks = -1;
  private final Counters anomalies = new Counters(KINDS);
  private final int[] anomalousSkus = new int[KINDS];
  private boolean anomalousSkusExposed;
  private int negativeSkus;
  private boolean negativeSkusExposed;

  /** Orders, failed orders, API calls and throttled calls of the last minutes (status page). */
  private final RecentCounts recent = new RecentCounts(4);

  private static final int R_ORDERS = 0;
  private static final int R_ORDER_FAILURES = 1;
  private static final int R_API_CALLS = 2;
  private static final int R_THROTTLED = 3;

  ShopState(ShopKey key, SeriesBudget budget, long nowMillis) {
    this.key = key;
    this.labels = LabelSets.shop(key);
    this.budget = budget;
    this.lastSeenMillis = nowMillis;
  }

  ShopKey key() {
    return key;
  }

  void touch(long nowMillis) {
    lastSeenMillis = nowMillis;
  }

  long lastSeenMillis() {
    return lastSeenMillis;
  }

  /**
   * Counts orders; returns null, or the family that has no room for a label set the event needs
   * (then nothing of it is applied, and the caller rejects it). The same holds for every writer
   * below that returns a {@link SeriesFamily}.
   */
  synchronized SeriesFamily orders(Outcome outcome, FailureReason reason, long count) {
    boolean failure = outcome == Outcome.FAILURE;
    SeriesFamily full =
        budget.reserve(
            SeriesFamily.ORDERS,
            !orders.has(outcome.ordinal()),
            SeriesFamily.ORDER_FAILURES,
            failure && !failures.has(reason.ordinal()));
    if (full != null) {
      return full;
    }
    orders.addReserved(outcome.ordinal(), count);
    recent.add(lastSeenMillis, R_ORDERS, count);
    if (failure) {
      failures.addReserved(reason.ordinal(), count);
      recent.add(lastSeenMillis, R_ORDER_FAILURES, count);
    }
    // Both outcomes exist from the shop's first order, at 0: a counter that first appears
    // already holding a value hides that value from rate() and increase(), and with it a
    // shop's first burst of failures from the failure-ratio alerts.
    orders.createAll(budget, SeriesFamily.ORDERS);
    return null;
  }

  /** Sets the backlog; the oldest-pending series is removed while nothing is pending. */
  synchronized SeriesFamily backlog(long pendingOrders, double oldestPendingAt) {
    boolean keepOldest = pendingOrders > 0 && !Double.isNaN(oldestPendingAt);
    SeriesFamily full =
        budget.reserve(
            SeriesFamily.ORDERS_PENDING,
            pending < 0,
            SeriesFamily.ORDER_OLDEST_PENDING,
            keepOldest && Double.isNaN(oldestPending));
    if (full != null) {
      return full;
    }
    pending = pendingOrders;
    if (keepOldest) {
      oldestPending = oldestPendingAt;
    } else if (!Double.isNaN(oldestPending)) {
      budget.release(SeriesFamily.ORDER_OLDEST_PENDING, 1);
      oldestPending = Double.NaN;
    }
    return null;
  }

  synchronized SeriesFamily sync(
      String system, SyncJob job, Outcome outcome, double finishedAt, double expectedInterval) {
    if (syncs == null) {
      syncs = new HashMap<>(4);
    }
    SyncKey k = new SyncKey(system, job);
    SyncSeries s = syncs.get(k);
    boolean success = outcome == Outcome.SUCCESS;
    SeriesFamily full =
        budget.reserve(
            SeriesFamily.SYNC_RUNS,
            s == null || !s.runs.has(outcome.ordinal()),
            SeriesFamily.SYNC_LAST_SUCCESS,
            success && (s == null || Double.isNaN(s.lastSuccess)));
    if (full != null) {
      return full;
    }
    if (s == null) {
      s = new SyncSeries(labels, system, job);
      syncs.put(k, s);
    }
    s.runs.addReserved(outcome.ordinal(), 1);
    s.runs.createAll(budget, SeriesFamily.SYNC_RUNS); // both outcomes from 0, as for orders
    if (success && (Double.isNaN(s.lastSuccess) || finishedAt > s.lastSuccess)) {
      s.lastSuccess = finishedAt;
    }
    if (Double.isNaN(s.lastRunAt) || finishedAt >= s.lastRunAt) {
      s.lastRunAt = finishedAt;
      s.lastRunFailed = !success;
    }
    // The run is applied; its expected interval is a gauge of its own, dropped (and counted in
    // series_dropped_total by the budget) only when that family alone is full.
    if (!Double.isNaN(expectedInterval)
        && (!Double.isNaN(s.expectedInterval)
            || budget.tryAcquire(SeriesFamily.SYNC_EXPECTED_INTERVAL, 1))) {
      s.expectedInterval = expectedInterval;
    }
    return null;
  }

  synchronized SeriesFamily apiCall(
      String operation, ApiCode code, double limit, double remaining) {
    ApiSeries a = api(operation);
    boolean newCode = !a.codes.has(code.ordinal());
    SeriesFamily full;
    if (newCode && !budget.tryAcquire(SeriesFamily.API_REQUESTS, 1)) {
      full = SeriesFamily.API_REQUESTS;
    } else {
      full = a.setQuota(budget, limit, remaining);
      if (full == null) {
        a.codes.addReserved(code.ordinal(), 1);
        recent.add(lastSeenMillis, R_API_CALLS, 1);
        recent.add(lastSeenMillis, R_THROTTLED, code == ApiCode.C429 ? 1 : 0);
      } else if (newCode) {
        budget.release(SeriesFamily.API_REQUESTS, 1);
      }
    }
    dropIfEmpty(operation, a);
    return full;
  }

  synchronized SeriesFamily quota(String operation, double limit, double remaining) {
    ApiSeries a = api(operation);
    SeriesFamily full = a.setQuota(budget, limit, remaining);
    dropIfEmpty(operation, a);
    return full;
  }

  private ApiSeries api(String operation) {
    if (apis == null) {
      apis = new HashMap<>(4);
    }
    return apis.computeIfAbsent(operation, x -> new ApiSeries(labels, operation));
  }

  private void dropIfEmpty(String operation, ApiSeries a) {
    if (a.codes.present == 0 && Double.isNaN(a.quotaLimit) && Double.isNaN(a.quotaRemaining)) {
      apis.remove(operation);
    }
  }

  synchronized SeriesFamily token(TokenKind token, double expiresAt) {
    int i = token.ordinal();
    if (!Double.isNaN(tokens[i]) || budget.tryAcquire(SeriesFamily.TOKEN_EXPIRY, 1)) {
      tokens[i] = expiresAt;
      return null;
    }
    return SeriesFamily.TOKEN_EXPIRY;
  }

  /** Counts one price check, and the anomaly it found ({@code null} for a normal price). */
  synchronized void priceChecked(PriceAnomalyKind anomaly) {
    if (!priceSeries()) {
      return;
    }
    priceChecks++;
    if (anomaly != null) {
      anomalies.add(budget, SeriesFamily.PRICE_ANOMALIES, anomaly.ordinal(), 1);
    }
  }

  /**
   * Creates the price series (checks at 0, anomalous SKUs per kind) if the budget allows; false
   * when the checks counter cannot exist, and a price event must be rejected.
   */
  synchronized boolean priceSeries() {
    if (priceChecks < 0) {
      if (!budget.tryAcquire(SeriesFamily.PRICE_CHECKS, 1)) {
        return false;
      }
      priceChecks = 0;
      anomalousSkusExposed = budget.tryAcquire(SeriesFamily.PRICE_ANOMALOUS_SKUS, KINDS);
    }
    return true;
  }

  /**
   * A restored shop with priced SKUs shows its anomalous-SKU gauges again (checks restart at 0).
   */
  synchronized void restorePriceSeries() {
    priceSeries();
  }

  /** Restores the last success of a sync job without counting a run. */
  synchronized void restoreSyncSuccess(String system, SyncJob job, double finishedAt) {
    if (syncs == null) {
      syncs = new HashMap<>(4);
    }
    SyncKey k = new SyncKey(system, job);
    SyncSeries s = syncs.computeIfAbsent(k, x -> new SyncSeries(labels, system, job));
    if (Double.isNaN(s.lastSuccess)) {
      if (budget.tryAcquire(SeriesFamily.SYNC_LAST_SUCCESS, 1)) {
        s.lastSuccess = finishedAt;
      } else if (s.runs.present == 0) {
        syncs.remove(k);
      }
    } else if (finishedAt > s.lastSuccess) {
      s.lastSuccess = finishedAt;
    }
  }

  /** This shop's durable part (see {@link StateImage}), with its SKUs from the tracker. */
  synchronized StateImage.Shop image(List<StateImage.Sku> skus) {
    List<StateImage.Sync> lastSuccess = new ArrayList<>();
    if (syncs != null) {
      syncs.forEach(
          (k, s) -> {
            if (!Double.isNaN(s.lastSuccess)) {
              lastSuccess.add(new StateImage.Sync(k.system(), k.job().label(), s.lastSuccess));
            }
          });
    }
    Map<String, Double> expiries = new LinkedHashMap<>();
    TokenKind[] kinds = TokenKind.values();
    for (int i = 0; i < tokens.length; i++) {
      if (!Double.isNaN(tokens[i])) {
        expiries.put(kinds[i].label(), tokens[i]);
      }
    }
    return new StateImage.Shop(
        key.marketplace(),
        key.site(),
        key.shop(),
        lastSeenMillis,
        pending >= 0 ? pending : null,
        StateImage.present(oldestPending),
        lastSuccess,
        expiries,
        skus);
  }

  /** What the status page shows of this shop, as of {@code nowMillis}. */
  synchronized ShopSummary summary(long nowMillis) {
    Map<String, Integer> anomalous = new LinkedHashMap<>();
    PriceAnomalyKind[] kinds = PriceAnomalyKind.values();
    for (int i = 0; i < KINDS; i++) {
      if (anomalousSkus[i] > 0) {
        anomalous.put(kinds[i].label(), anomalousSkus[i]);
      }
    }
    List<ShopSummary.Sync> syncList = new ArrayList<>();
    if (syncs != null) {
      syncs.forEach(
          (k, s) ->
              syncList.add(
                  new ShopSummary.Sync(
                      k.system(),
                      k.job().label(),
                      s.lastSuccess,
                      s.expectedInterval,
                      s.lastRunFailed)));
    }
    Map<String, Double> expiries = new LinkedHashMap<>();
    TokenKind[] tokenKinds = TokenKind.values();
    for (int i = 0; i < tokens.length; i++) {
      if (!Double.isNaN(tokens[i])) {
        expiries.put(tokenKinds[i].label(), tokens[i]);
      }
    }
    List<ShopSummary.Quota> quotas = new ArrayList<>();
    if (apis != null) {
      apis.forEach(
          (op, a) -> quotas.add(new ShopSummary.Quota(op, a.quotaLimit, a.quotaRemaining)));
    }
    return new ShopSummary(
        key,
        lastSeenMillis,
        anomalous,
        negativeSkus,
        syncList,
        expiries,
        quotas,
        pending,
        oldestPending,
        new ShopSummary.Recent(
            recent.sum(nowMillis, R_ORDERS),
            recent.sum(nowMillis, R_ORDER_FAILURES),
            recent.sum(nowMillis, R_API_CALLS),
            recent.sum(nowMillis, R_THROTTLED)));
  }

  /** A SKU of this shop left {@code from} and entered {@code to}; either may be {@code null}. */
  synchronized void anomalousSkuMoved(PriceAnomalyKind from, PriceAnomalyKind to) {
    if (from != null) {
      anomalousSkus[from.ordinal()]--;
    }
    if (to != null) {
      anomalousSkus[to.ordinal()]++;
    }
  }

  /** Creates the negative-SKU gauge if the budget allows; false when it cannot exist. */
  synchronized boolean inventorySeries() {
    if (!negativeSkusExposed) {
      negativeSkusExposed = budget.tryAcquire(SeriesFamily.INVENTORY_NEGATIVE_SKUS, 1);
    }
    return negativeSkusExposed;
  }

  synchronized void inventorySeen(int negativeDelta) {
    if (!negativeSkusExposed) {
      negativeSkusExposed = budget.tryAcquire(SeriesFamily.INVENTORY_NEGATIVE_SKUS, 1);
    }
    negativeSkus += negativeDelta;
  }

  /** Emits this shop's samples of {@code family}. */
  synchronized void collect(SeriesFamily family, Samples out) {
    switch (family) {
      case ORDERS -> orders.emit((i, v) -> out.add(v, labels.merge(OUTCOME[i])));
      case ORDER_FAILURES -> failures.emit((i, v) -> out.add(v, labels.merge(REASON[i])));
      case ORDERS_PENDING -> {
        if (pending >= 0) {
          out.add(pending, labels);
        }
      }
      case ORDER_OLDEST_PENDING -> {
        if (!Double.isNaN(oldestPending)) {
          out.add(oldestPending, labels);
        }
      }
      case SYNC_LAST_SUCCESS, SYNC_RUNS, SYNC_EXPECTED_INTERVAL -> collectSyncs(family, out);
      case API_REQUESTS, API_QUOTA_LIMIT, API_QUOTA_REMAINING -> collectApis(family, out);
      case TOKEN_EXPIRY -> {
        for (int i = 0; i < tokens.length; i++) {
          if (!Double.isNaN(tokens[i])) {
            out.add(tokens[i], labels.merge(TOKEN[i]));
          }
        }
      }
      case PRICE_CHECKS -> {
        if (priceChecks >= 0) {
          out.add(priceChecks, labels);
        }
      }
      case PRICE_ANOMALIES -> anomalies.emit((i, v) -> out.add(v, labels.merge(KIND[i])));
      case PRICE_ANOMALOUS_SKUS -> {
        if (anomalousSkusExposed) {
          for (int i = 0; i < KINDS; i++) {
            out.add(anomalousSkus[i], labels.merge(KIND[i]));
          }
        }
      }
      case INVENTORY_NEGATIVE_SKUS -> {
        if (negativeSkusExposed) {
          out.add(negativeSkus, labels);
        }
      }
      default -> {
        // Families that are not per shop (changes, latency histogram) live elsewhere.
      }
    }
  }

  private void collectSyncs(SeriesFamily family, Samples out) {
    if (syncs == null) {
      return;
    }
    for (SyncSeries s : syncs.values()) {
      if (family == SeriesFamily.SYNC_RUNS) {
        s.runs.emit((i, v) -> out.add(v, s.labels.merge(OUTCOME[i])));
      } else if (family == SeriesFamily.SYNC_EXPECTED_INTERVAL) {
        if (!Double.isNaN(s.expectedInterval)) {
          out.add(s.expectedInterval, s.labels);
        }
      } else if (!Double.isNaN(s.lastSuccess)) {
        out.add(s.lastSuccess, s.labels);
      }
    }
  }

  private void collectApis(SeriesFamily family, Samples out) {
    if (apis == null) {
      return;
    }
    for (ApiSeries a : apis.values()) {
      switch (family) {
        case API_REQUESTS -> a.codes.emit((i, v) -> out.add(v, a.labels.merge(CODE[i])));
        case API_QUOTA_LIMIT -> {
          if (!Double.isNaN(a.quotaLimit)) {
            out.add(a.quotaLimit, a.labels);
          }
        }
        default -> {
          if (!Double.isNaN(a.quotaRemaining)) {
            out.add(a.quotaRemaining, a.labels);
          }
        }
      }
    }
  }

  /** Gives back every label set this shop holds, when the shop is removed. */
  synchronized void releaseAll() {
    budget.release(SeriesFamily.ORDERS, orders.count());
    budget.release(SeriesFamily.ORDER_FAILURES, failures.count());
    budget.release(SeriesFamily.ORDERS_PENDING, pending >= 0 ? 1 : 0);
    budget.release(SeriesFamily.ORDER_OLDEST_PENDING, Double.isNaN(oldestPending) ? 0 : 1);
    if (syncs != null) {
      for (SyncSeries s : syncs.values()) {
        budget.release(SeriesFamily.SYNC_RUNS, s.runs.count());
        budget.release(SeriesFamily.SYNC_LAST_SUCCESS, Double.isNaN(s.lastSuccess) ? 0 : 1);
        budget.release(
            SeriesFamily.SYNC_EXPECTED_INTERVAL, Double.isNaN(s.expectedInterval) ? 0 : 1);
      }
    }
    if (apis != null) {
      for (ApiSeries a : apis.values()) {
        budget.release(SeriesFamily.API_REQUESTS, a.codes.count());
        budget.release(SeriesFamily.API_QUOTA_LIMIT, Double.isNaN(a.quotaLimit) ? 0 : 1);
        budget.release(SeriesFamily.API_QUOTA_REMAINING, Double.isNaN(a.quotaRemaining) ? 0 : 1);
      }
    }
    int tokenSeries = 0;
    for (double t : tokens) {
      tokenSeries += Double.isNaN(t) ? 0 : 1;
    }
    budget.release(SeriesFamily.TOKEN_EXPIRY, tokenSeries);
    budget.release(SeriesFamily.PRICE_CHECKS, priceChecks >= 0 ? 1 : 0);
    budget.release(SeriesFamily.PRICE_ANOMALIES, anomalies.count());
    budget.release(SeriesFamily.PRICE_ANOMALOUS_SKUS, anomalousSkusExposed ? KINDS : 0);
    budget.release(SeriesFamily.INVENTORY_NEGATIVE_SKUS, negativeSkusExposed ? 1 : 0);
  }

  private record SyncKey(String system, SyncJob job) {}

  private static final class SyncSeries {
    /** The shop's labels with job and system. */
    final Labels labels;

    final Counters runs = new Counters(2);
    double lastSuccess = Double.NaN;

    /** When the latest run finished (Unix seconds), and whether it failed. */
    double lastRunAt = Double.NaN;

    boolean lastRunFailed;

    /** Seconds, from the last sync event that carried expected_interval_seconds. */
    double expectedInterval = Double.NaN;

    SyncSeries(Labels shop, String system, SyncJob job) {
      labels = shop.merge(JOB[job.ordinal()]).merge(Labels.of("system", system));
    }
  }

  private static final class ApiSeries {
    /** The shop's labels with the operation. */
    final Labels labels;

    final Counters codes = new Counters(ApiCode.values().length);
    double quotaLimit = Double.NaN;
    double quotaRemaining = Double.NaN;

    ApiSeries(Labels shop, String operation) {
      labels = shop.merge(Labels.of("operation", operation));
    }

    /** Sets the quota gauges given (not NaN), both or neither; null, or the family that is full. */
    SeriesFamily setQuota(SeriesBudget budget, double limit, double remaining) {
      boolean hasLimit = !Double.isNaN(limit);
      boolean hasRemaining = !Double.isNaN(remaining);
      SeriesFamily full =
          budget.reserve(
              SeriesFamily.API_QUOTA_LIMIT,
              hasLimit && Double.isNaN(quotaLimit),
              SeriesFamily.API_QUOTA_REMAINING,
              hasRemaining && Double.isNaN(quotaRemaining));
      if (full != null) {
        return full;
      }
      if (hasLimit) {
        quotaLimit = limit;
      }
      if (hasRemaining) {
        quotaRemaining = remaining;
      }
      return null;
    }
  }

  /** A small set of counters indexed by an enum ordinal; a counter exists once created. */
  private static final class Counters {
    final long[] values;
    int present;

    Counters(int size) {
      values = new long[size];
    }

    boolean has(int i) {
      return (present & (1 << i)) != 0;
    }

    /** Adds to a counter that exists or whose label set was reserved for it. */
    void addReserved(int i, long n) {
      present |= 1 << i;
      values[i] += n;
    }

    void add(SeriesBudget budget, SeriesFamily family, int i, long n) {
      int bit = 1 << i;
      if ((present & bit) == 0) {
        if (!budget.tryAcquire(family, 1)) {
          return;
        }
        present |= bit;
      }
      values[i] += n;
    }

    /**
     * Creates every counter that does not exist yet, at 0, where the budget has room; best effort,
     * so nothing is counted as dropped here (an event's own label set is, in {@link #add}).
     */
    void createAll(SeriesBudget budget, SeriesFamily family) {
      for (int i = 0; i < values.length; i++) {
        int bit = 1 << i;
        if ((present & bit) == 0 && budget.hasRoom(family) && budget.tryAcquire(family, 1)) {
          present |= bit;
        }
      }
    }

    int count() {
      return Integer.bitCount(present);
    }

    void emit(IndexedValue out) {
      for (int i = 0; i < values.length; i++) {
        if ((present & (1 << i)) != 0) {
          out.accept(i, values[i]);
        }
      }
    }
  }

  @FunctionalInterface
  private interface IndexedValue {
    void accept(int index, double value);
  }
}
