package io.marketplaceexporter.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound on unmatched payments the exporter remembers: at most {@code maxPerShop} per shop
 * ({@code limits.max_unmatched_payments_per_shop}). A payment over it is not tracked: it is counted
 * and logged once, and the payments already tracked stay, so the oldest unmatched one, which the
 * alert watches, is never the one forgotten. Shared by every shop.
 *
 * <p>It also remembers the payments matched or refunded lately, at most {@link #MAX_RESOLVED} over
 * all shops (the least recently resolved forgotten first), so that a capture reported after its
 * match does not count as unmatched, in memory that does not grow with the number of shops.
 */
final class PaymentLimits {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentLimits.class);

  /** Payments resolved lately that are remembered, over all shops (about 10 MB). */
  static final int MAX_RESOLVED = 100_000;

  private final Map<Object, Boolean> resolved =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
          return size() > MAX_RESOLVED;
        }
      };

  private final int maxPerShop;
  private final AtomicLong tracked = new AtomicLong();
  private final LongAdder dropped = new LongAdder();
  private final AtomicBoolean warned = new AtomicBoolean();

  PaymentLimits(int maxPerShop) {
    this.maxPerShop = maxPerShop;
  }

  int maxPerShop() {
    return maxPerShop;
  }

  /** Whether a shop holding {@code shopTracked} may track one more; counts it when not. */
  boolean admit(int shopTracked) {
    if (shopTracked < maxPerShop) {
      tracked.incrementAndGet();
      return true;
    }
    dropped.increment();
    if (warned.compareAndSet(false, true)) {
      LOG.warn(
          "a shop reached {} unmatched payments (limits.max_unmatched_payments_per_shop); newer"
              + " ones are not tracked and are counted in"
              + " marketplace_exporter_tracked_payments_dropped_total",
          maxPerShop);
    }
    return false;
  }

  /** Remembers that the payment {@code key} was matched or refunded. */
  synchronized void resolved(Object key) {
    resolved.put(key, Boolean.TRUE);
  }

  synchronized boolean wasResolved(Object key) {
    return resolved.containsKey(key);
  }

  void released(int n) {
    tracked.addAndGet(-n);
  }

  long tracked() {
    return tracked.get();
  }

  long dropped() {
    return dropped.sum();
  }
}
