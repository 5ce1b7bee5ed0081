package io.marketplaceexporter.state;

import io.marketplaceexporter.model.Vocabulary.PaymentStatus;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The payments of one shop, per gateway: events by status, and the captured payments whose order is
 * not yet known to be paid (unmatched), oldest first, so that the age of the oldest is read at
 * scrape time. At most {@link PaymentLimits#maxPerShop()} unmatched payments are tracked; the
 * payments matched or refunded lately are remembered in {@link PaymentLimits}, so that a capture
 * reported after its match does not count as unmatched. Guarded by the shop's lock ({@link
 * ShopState}).
 */
final class ShopPayments {
  private static final Labels[] STATUS = LabelSets.of("status", PaymentStatus.class);
  private static final int STATUSES = PaymentStatus.values().length;
  private static final Comparator<Unmatched> OLDEST_FIRST =
      Comparator.comparingDouble(Unmatched::capturedAt).thenComparing(Unmatched::paymentId);

  private record Unmatched(String paymentId, double capturedAt) {}

  /** A resolved payment of a shop (by its labels), as remembered in {@link PaymentLimits}. */
  private record PaymentKey(Labels shop, String gateway, String paymentId) {}

  private static final class Gateway {
    final Labels labels;
    final Counters statuses = new Counters(STATUSES);
    final Map<String, Unmatched> byId = new HashMap<>();
    final TreeSet<Unmatched> byAge = new TreeSet<>(OLDEST_FIRST);

    Gateway(Labels shop, String gateway) {
      labels = shop.merge(Labels.of("gateway", gateway));
    }
  }

  private final Labels shop;
  private final PaymentLimits limits;
  private final TreeMap<String, Gateway> gateways = new TreeMap<>();
  private int unmatched;

  ShopPayments(Labels shop, PaymentLimits limits) {
    this.shop = shop;
    this.limits = limits;
  }

  /**
   * Applies one payment event; null, or the family with no room for a label set the event needs
   * (then nothing of it is applied). {@code capturedAt} (Unix seconds) is used with {@code
   * captured}.
   */
  SeriesFamily apply(
      SeriesBudget budget,
      String gateway,
      String paymentId,
      PaymentStatus status,
      double capturedAt) {
    Gateway g = gateways.get(gateway);
    boolean capture = status == PaymentStatus.CAPTURED;
    boolean track =
        capture
            && !limits.wasResolved(new PaymentKey(shop, gateway, paymentId))
            && (g == null || !g.byId.containsKey(paymentId));
    boolean room = unmatched < limits.maxPerShop();
    boolean newStatus = g == null || !g.statuses.has(status.ordinal());
    SeriesFamily full =
        budget.reserve(
            SeriesFamily.PAYMENTS, newStatus, SeriesFamily.PAYMENTS_UNMATCHED, g == null);
    if (full != null) {
      return full;
    }
    if (track
        && room
        && (g == null || g.byAge.isEmpty())
        && !budget.tryAcquire(SeriesFamily.PAYMENT_OLDEST_UNMATCHED_AGE, 1)) {
      budget.release(SeriesFamily.PAYMENTS, newStatus ? 1 : 0);
      budget.release(SeriesFamily.PAYMENTS_UNMATCHED, g == null ? 1 : 0);
      return SeriesFamily.PAYMENT_OLDEST_UNMATCHED_AGE;
    }
    if (g == null) {
      g = new Gateway(shop, gateway);
      gateways.put(gateway, g);
    }
    g.statuses.addReserved(status.ordinal(), 1);
    // Every status from 0 at a gateway's first payment, as orders do: rate() sees the first ones.
    g.statuses.createAll(budget, SeriesFamily.PAYMENTS);
    if (track) {
      if (limits.admit(unmatched)) {
        add(g, paymentId, capturedAt);
      }
    } else if (!capture) {
      resolve(budget, g, gateway, paymentId);
    }
    return null;
  }

  private void add(Gateway g, String paymentId, double capturedAt) {
    Unmatched u = new Unmatched(paymentId, capturedAt);
    g.byId.put(paymentId, u);
    g.byAge.add(u);
    unmatched++;
  }

  private void resolve(SeriesBudget budget, Gateway g, String gateway, String paymentId) {
    limits.resolved(new PaymentKey(shop, gateway, paymentId));
    Unmatched u = g.byId.remove(paymentId);
    if (u != null) {
      g.byAge.remove(u);
      unmatched--;
      limits.released(1);
      if (g.byAge.isEmpty()) {
        budget.release(SeriesFamily.PAYMENT_OLDEST_UNMATCHED_AGE, 1);
      }
    }
  }

  /** Restores an unmatched payment from a snapshot, counting no event. */
  void restore(SeriesBudget budget, String gateway, String paymentId, double capturedAt) {
    Gateway g = gateways.get(gateway);
    if (g != null && g.byId.containsKey(paymentId)) {
      return;
    }
    if (unmatched >= limits.maxPerShop()) {
      limits.admit(unmatched); // counted as not tracked
      return;
    }
    if (budget.reserve(
            SeriesFamily.PAYMENTS_UNMATCHED,
            g == null,
            SeriesFamily.PAYMENT_OLDEST_UNMATCHED_AGE,
            g == null || g.byAge.isEmpty())
        != null) {
      return;
    }
    if (g == null) {
      g = new Gateway(shop, gateway);
      gateways.put(gateway, g);
      g.statuses.createAll(budget, SeriesFamily.PAYMENTS);
    }
    limits.admit(unmatched);
    add(g, paymentId, capturedAt);
  }

  /** The unmatched payments, for the state snapshot. */
  List<StateImage.Payment> image() {
    List<StateImage.Payment> out = new ArrayList<>(unmatched);
    gateways.forEach(
        (name, g) -> {
          for (Unmatched u : g.byAge) {
            out.add(new StateImage.Payment(name, u.paymentId(), u.capturedAt()));
          }
        });
    return out;
  }

  /** Emits the samples of one payment family; ages are taken at {@code nowSeconds}. */
  void collect(SeriesFamily family, double nowSeconds, Samples out) {
    for (Gateway g : gateways.values()) {
      switch (family) {
        case PAYMENTS -> g.statuses.emit((i, v) -> out.add(v, g.labels.merge(STATUS[i])));
        case PAYMENTS_UNMATCHED -> out.add(g.byAge.size(), g.labels);
        case PAYMENT_OLDEST_UNMATCHED_AGE -> {
          if (!g.byAge.isEmpty()) {
            out.add(Math.max(0, nowSeconds - g.byAge.first().capturedAt()), g.labels);
          }
        }
        default -> throw new IllegalArgumentException("not a payment family: " + family);
      }
    }
  }

  /** Gives back every label set and tracked payment, when the shop is removed. */
  void release(SeriesBudget budget) {
    for (Gateway g : gateways.values()) {
      budget.release(SeriesFamily.PAYMENTS, g.statuses.count());
      budget.release(SeriesFamily.PAYMENTS_UNMATCHED, 1);
      budget.release(SeriesFamily.PAYMENT_OLDEST_UNMATCHED_AGE, g.byAge.isEmpty() ? 0 : 1);
    }
    limits.released(unmatched);
    gateways.clear();
    unmatched = 0;
  }
}
