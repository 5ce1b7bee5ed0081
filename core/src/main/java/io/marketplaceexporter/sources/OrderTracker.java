package io.marketplaceexporter.sources;

import io.marketplaceexporter.ingest.Event;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.state.ShopKey;
import io.marketplaceexporter.state.Vocabulary.FailureReason;
import io.marketplaceexporter.state.Vocabulary.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns each poll's order list into contract events: orders not seen before count once in {@code
 * marketplace_orders_total{outcome="success"}}, and the pending ones set the backlog gauges. The
 * first poll only learns which orders exist, so a restart does not count old orders again. Order
 * ids are remembered up to a bound, oldest forgotten first.
 *
 * <p>A poll's list may name an order more than once: paging by offset or token while orders arrive
 * shifts them from one page to the next, and SP-API's own NextToken example repeats an order on its
 * second page. Each order id counts once per poll, with the status and time of its last listing
 * (the page read latest), so the backlog is the number of distinct orders waiting.
 */
public final class OrderTracker {
  /** One order as a connector read it; {@code createdAt} in Unix seconds, NaN if unknown. */
  public record Order(String id, boolean pending, double createdAt) {}

  private final int maxRemembered;
  private final Map<String, Boolean> seen;
  private boolean baselined;

  public OrderTracker(int maxRemembered) {
    this.maxRemembered = maxRemembered;
    this.seen =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > OrderTracker.this.maxRemembered;
          }
        };
  }

  /** Applies one poll's complete order list. */
  public synchronized void apply(List<Order> orders, IngestService ingest, ShopKey shop) {
    Map<String, Order> distinct = new LinkedHashMap<>();
    for (Order o : orders) {
      distinct.put(o.id(), o);
    }
    long fresh = 0;
    long pending = 0;
    double oldest = Double.NaN;
    for (Order o : distinct.values()) {
      if (seen.put(o.id(), Boolean.TRUE) == null && baselined) {
        fresh++;
      }
      if (o.pending()) {
        pending++;
        if (!Double.isNaN(o.createdAt()) && !(o.createdAt() >= oldest)) {
          oldest = o.createdAt();
        }
      }
    }
    baselined = true;
    if (fresh > 0) {
      ingest.apply(new Event.Order(shop, Outcome.SUCCESS, FailureReason.OTHER, fresh));
    }
    ingest.apply(new Event.Backlog(shop, pending, oldest));
  }
}
