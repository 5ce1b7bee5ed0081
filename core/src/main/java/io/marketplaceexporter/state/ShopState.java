package io.marketplaceexporter.state;

import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.marketplaceexporter.model.Vocabulary.FailureReason;
import io.marketplaceexporter.model.Vocabulary.Outcome;
import io.marketplaceexporter.model.Vocabulary.PaymentStatus;
import io.marketplaceexporter.model.Vocabulary.PriceAnomalyKind;
import io.marketplaceexporter.model.Vocabulary.SyncJob;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
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
final class ShopState implements ExposedShop {
  private static final int REASONS = FailureReason.values().length;
  private static final Labels[] OUTCOME = LabelSets.of("outcome", Outcome.class);
  private static final Labels[] REASON = LabelSets.of("reason", FailureReason.class);
  private static final Labels[] TOKEN = LabelSets.of("token", TokenKind.class);

  private final ShopKey key;
  private final Labels labels;
  private final SeriesBudget budget;
  private volatile long lastSeenMillis;

  /**
   * Grows with every write, under the lock, so a reader of the exposition can tell that the shop
   * changed since it last rendered it ({@link ExposedShop#version()}).
   */
  private volatile long version;

  private final Counters orders = new Counters(2);
  private final Counters failures = new Counters(REASONS);
  private long pending = -1;
  private double oldestPending = Double.NaN;
  private Map<SyncKey, SyncSeries> syncs;
  private Map<String, ApiSeries> apis;
  private final double[] tokens = {Double.NaN, Double.NaN, Double.NaN};
  private final PriceSeries prices = new PriceSeries();
  private final PaymentLimits paymentLimits;

  /** Created by the shop's first payment event (most shops report none): null until then. */
  private ShopPayments payments;

  /** Created by the shop's first listing counts: null until then. */
  private ListingSeries listings;

  /** Orders, failed orders, API calls and throttled calls of the last minutes (status page). */
  private final RecentCounts recent = new RecentCounts(4);

  private static final int R_ORDERS = 0;
  private static final int R_ORDER_FAILURES = 1;
  private static final int R_API_CALLS = 2;
  private static final int R_THROTTLED = 3;

  ShopState(ShopKey key, SeriesBudget budget, PaymentLimits paymentLimits, long nowMillis) {
    this.key = key;
    this.labels = LabelSets.shop(key);
    this.budget = budget;
    this.lastSeenMillis = nowMillis;
    this.paymentLimits = paymentLimits;
  }

  @Override
  public ShopKey key() {
    return key;
  }

  @Override
  public long version() {
    return version;
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
    version++;
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
    version++;
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
    version++;
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
    version++;
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
    version++;
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
    if (a.empty()) {
      apis.remove(operation);
    }
  }

  synchronized SeriesFamily token(TokenKind token, double expiresAt) {
    version++;
    int i = token.ordinal();
    if (!Double.isNaN(tokens[i]) || budget.tryAcquire(SeriesFamily.TOKEN_EXPIRY, 1)) {
      tokens[i] = expiresAt;
      return null;
    }
    return SeriesFamily.TOKEN_EXPIRY;
  }

  /** A payment event (see {@link ShopPayments}). */
  synchronized SeriesFamily payment(
      String gateway, String paymentId, PaymentStatus status, double capturedAt) {
    version++;
    return payments().apply(budget, gateway, paymentId, status, capturedAt);
  }

  /** Restores an unmatched payment without counting an event. */
  synchronized void restorePayment(String gateway, String paymentId, double capturedAt) {
    version++;
    payments().restore(budget, gateway, paymentId, capturedAt);
  }

  private ShopPayments payments() {
    if (payments == null) {
      payments = new ShopPayments(labels, paymentLimits);
    }
    return payments;
  }

  /** Emits this shop's samples of a payment family, ages as of {@code nowSeconds}. */
  synchronized void collectPayments(SeriesFamily family, double nowSeconds, Samples out) {
    if (payments != null) {
      payments.collect(family, nowSeconds, out);
    }
  }

  /** Sets the listing counts (also on restore); LISTINGS when the family is full. */
  synchronized SeriesFamily listings(ListingCounts counts) {
    version++;
    if (listings == null) {
      listings = new ListingSeries();
    }
    return listings.set(budget, counts) ? null : SeriesFamily.LISTINGS;
  }

  /** Counts one price check, and the anomaly it found ({@code null} for a normal price). */
  synchronized void priceChecked(PriceAnomalyKind anomaly) {
    version++;
    prices.checked(budget, anomaly);
  }

  /**
   * Creates the price series (checks at 0, anomalous SKUs per kind) if the budget allows; false
   * when the checks counter cannot exist, and a price event must be rejected.
   */
  synchronized boolean priceSeries() {
    version++;
    return prices.exist(budget);
  }

  /**
   * A restored shop with priced SKUs shows its anomalous-SKU gauges again (checks restart at 0).
   */
  synchronized void restorePriceSeries() {
    priceSeries();
  }

  /** Restores the last success of a sync job without counting a run. */
  synchronized void restoreSyncSuccess(String system, SyncJob job, double finishedAt) {
    version++;
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
    return new StateImage.Shop(
        key.marketplace(),
        key.site(),
        key.shop(),
        lastSeenMillis,
        pending >= 0 ? pending : null,
        StateImage.present(oldestPending),
        lastSuccess,
        tokenExpiries(),
        skus,
        payments == null ? List.of() : payments.image(),
        listings == null || listings.counts() == null ? null : listings.counts().byLabel());
  }

  /** The known token expiries by token label. */
  private Map<String, Double> tokenExpiries() {
    Map<String, Double> expiries = new LinkedHashMap<>();
    TokenKind[] kinds = TokenKind.values();
    for (int i = 0; i < tokens.length; i++) {
      if (!Double.isNaN(tokens[i])) {
        expiries.put(kinds[i].label(), tokens[i]);
      }
    }
    return expiries;
  }

  /** What the status page shows of this shop, as of {@code nowMillis}. */
  synchronized ShopSummary summary(long nowMillis) {
    List<ShopSummary.Sync> syncList = new ArrayList<>();
    if (syncs != null) {
      syncs.forEach((k, s) -> syncList.add(s.summary(k.system(), k.job())));
    }
    List<ShopSummary.Quota> quotas = new ArrayList<>();
    if (apis != null) {
      apis.forEach(
          (op, a) -> quotas.add(new ShopSummary.Quota(op, a.quotaLimit, a.quotaRemaining)));
    }
    return new ShopSummary(
        key,
        lastSeenMillis,
        prices.anomalousByKind(),
        prices.negativeSkus(),
        syncList,
        tokenExpiries(),
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
    version++;
    prices.skuMoved(from, to);
  }

  /** Creates the negative-SKU gauge if the budget allows; false when it cannot exist. */
  synchronized boolean inventorySeries() {
    version++;
    return prices.inventoryExists(budget);
  }

  synchronized void inventorySeen(int negativeDelta) {
    version++;
    prices.inventorySeen(budget, negativeDelta);
  }

  /** Emits this shop's samples of {@code family}. */
  @Override
  public synchronized void collect(SeriesFamily family, Samples out) {
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
      case PRICE_CHECKS, PRICE_ANOMALIES, PRICE_ANOMALOUS_SKUS, INVENTORY_NEGATIVE_SKUS ->
          prices.collect(family, labels, out);
      case LISTINGS -> {
        if (listings != null) {
          listings.collect(labels, out);
        }
      }
      default -> {
        // Families that are not per shop (changes, latency histogram) live elsewhere.
      }
    }
  }

  private void collectSyncs(SeriesFamily family, Samples out) {
    if (syncs != null) {
      for (SyncSeries s : syncs.values()) {
        s.collect(family, out);
      }
    }
  }

  private void collectApis(SeriesFamily family, Samples out) {
    if (apis != null) {
      for (ApiSeries a : apis.values()) {
        a.collect(family, out);
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
      syncs.values().forEach(s -> s.release(budget));
    }
    if (apis != null) {
      apis.values().forEach(a -> a.release(budget));
    }
    int tokenSeries = 0;
    for (double t : tokens) {
      tokenSeries += Double.isNaN(t) ? 0 : 1;
    }
    budget.release(SeriesFamily.TOKEN_EXPIRY, tokenSeries);
    prices.release(budget);
    if (payments != null) {
      payments.release(budget);
    }
    if (listings != null) {
      listings.release(budget);
    }
  }

  private record SyncKey(String system, SyncJob job) {}
}
