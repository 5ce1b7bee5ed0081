package io.marketplaceexporter.sources;

import io.marketplaceexporter.ingest.Event;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.FailureReason;
import io.marketplaceexporter.model.Vocabulary.Outcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shop's orders between polls, and which orders the next poll lists. The first poll, and one
 * every {@code resync} after it, lists the orders created in the last {@code lookback}; every other
 * poll lists only the orders updated since the poll before it started (less {@link #OVERLAP}), so
 * that a busy shop's poll reads what changed instead of two days of orders again.
 *
 * <p>Orders not seen before count once in {@code marketplace_orders_total{outcome="success"}} (the
 * first poll only learns which orders exist, so a restart does not count old orders again, and an
 * order created before the first poll's window never counts); the pending ones set the backlog
 * gauges. An order stays pending until a listing says otherwise, or until {@code lookback} after it
 * was first listed pending (a full listing, by creation time, would no longer list it by then). A
 * complete full listing replaces what is known; one truncated at {@code max_pages} only adds to it,
 * and an update listing that was truncated is read again from the same point next poll. Order ids
 * are remembered up to a bound, oldest forgotten first.
 *
 * <p>A poll's list may name an order more than once: paging by offset or token while orders arrive
 * shifts them from one page to the next, and SP-API's own NextToken example repeats an order on its
 * second page. Each order id counts once per poll, with the status and time of its last listing
 * (the page read latest), so the backlog is the number of distinct orders waiting.
 */
public final class OrderTracker {
  /** One order as a connector read it; {@code createdAt} in Unix seconds, NaN if unknown. */
  public record Order(String id, boolean pending, double createdAt) {}

  /** What a poll read: its orders, and whether it read every page ({@code max_pages}). */
  public record Listing(List<Order> orders, boolean complete) {}

  /**
   * The orders a poll lists: created at or after {@code fromSeconds} ({@code full}), or updated at
   * or after it; {@code toSeconds} is when the poll started (Unix seconds).
   */
  public record Window(boolean full, long fromSeconds, long toSeconds) {}

  /**
   * How far back before the previous poll's start an update listing reaches: the marketplace's
   * clock may be behind the exporter's, and an order's update may be indexed for listing a little
   * after it happened.
   */
  public static final Duration OVERLAP = Duration.ofMinutes(2);

  private final int maxRemembered;
  private final long lookbackSeconds;
  private final long resyncSeconds;
  private final Map<String, Boolean> seen;

  /** Pending orders: id to {creation time or NaN, when first listed pending}. */
  private final Map<String, double[]> pending = new HashMap<>();

  private boolean baselined;

  /** Orders created before this (Unix seconds) were before the first poll's window. */
  private long coveredFrom = Long.MIN_VALUE;

  private long lastFull = Long.MIN_VALUE;

  /** Where the next update listing starts; MIN_VALUE: the next poll lists in full. */
  private long updatedFrom = Long.MIN_VALUE;

  public OrderTracker(int maxRemembered, Duration lookback, Duration resync) {
    this.maxRemembered = maxRemembered;
    this.lookbackSeconds = lookback.toSeconds();
    this.resyncSeconds = resync.toSeconds();
    this.seen =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > OrderTracker.this.maxRemembered;
          }
        };
  }

  /**
   * The orders the poll starting at {@code nowSeconds} lists: in full the first time, every {@code
   * resync}, and when the last good update listing is older than {@code lookback} (after an
   * outage); else those updated since the last good poll started, less {@link #OVERLAP}.
   */
  public synchronized Window window(long nowSeconds) {
    boolean full =
        updatedFrom == Long.MIN_VALUE
            || nowSeconds - lastFull >= resyncSeconds
            || nowSeconds - updatedFrom > lookbackSeconds;
    return full
        ? new Window(true, nowSeconds - lookbackSeconds, nowSeconds)
        : new Window(false, updatedFrom, nowSeconds);
  }

  /**
   * Applies what the poll of {@code window} read: new orders counted, the backlog fed when {@code
   * feed} finds it changed (or due again).
   */
  synchronized void apply(
      Window window, Listing listing, IngestService ingest, ShopKey shop, ChangeFeed feed) {
    long now = window.toSeconds();
    Map<String, Order> distinct = new LinkedHashMap<>();
    for (Order o : listing.orders()) {
      distinct.put(o.id(), o);
    }
    if (!baselined) {
      coveredFrom = window.fromSeconds();
    }
    if (window.full() && listing.complete()) {
      pending.clear();
    }
    long fresh = 0;
    for (Order o : distinct.values()) {
      boolean before = o.createdAt() < coveredFrom; // false when NaN: counted, as it cannot tell
      if (seen.put(o.id(), Boolean.TRUE) == null && baselined && !before) {
        fresh++;
      }
      if (o.pending()) {
        double[] known = pending.get(o.id());
        pending.put(o.id(), new double[] {o.createdAt(), known == null ? now : known[1]});
      } else {
        pending.remove(o.id());
      }
    }
    if (window.full()) {
      lastFull = now;
    }
    // A truncated update listing is read again from the same point; after a truncated full one,
    // update listings take over (what it missed is learnt as those orders change).
    if (window.full() || listing.complete()) {
      updatedFrom = now - OVERLAP.toSeconds();
    }
    baselined = true;
    if (fresh > 0) {
      ingest.ingestPolled(new Event.Order(shop, Outcome.SUCCESS, FailureReason.OTHER, fresh));
    }
    Event.Backlog backlog = backlog(now, shop);
    if (feed.due("backlog", backlog, now * 1000)) {
      ingest.ingestPolled(backlog);
    }
  }

  /**
   * The pending orders first listed within {@code lookback} of {@code now}; older ones are
   * forgotten (a full listing, which lists by creation time, would no longer list them).
   */
  private Event.Backlog backlog(long now, ShopKey shop) {
    double oldest = Double.NaN;
    Iterator<double[]> it = pending.values().iterator();
    while (it.hasNext()) {
      double[] p = it.next();
      if (p[1] < now - lookbackSeconds) {
        it.remove();
      } else if (!Double.isNaN(p[0]) && !(p[0] >= oldest)) {
        oldest = p[0];
      }
    }
    return new Event.Backlog(shop, pending.size(), oldest);
  }
}
