package io.marketplaceexporter.operations.drill;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The drill catalogue: each incident is a fault the pack's alerts see in pushed events, played on
 * the drill shop alone. {@link #fault} gives the events of one tick (the first tick is 0; the fault
 * is pushed again every {@code drills.tick} while the drill runs, as a real fault persists); the
 * fault is cleared afterwards by retiring the drill shop, which removes every series of it.
 */
public enum DrillIncident {
  /** A SKU's price synced as 0: {@code PriceZeroOrNegative}. */
  ZERO_PRICE("zero_price", "PriceZeroOrNegative") {
    @Override
    List<ObjectNode> fault(DrillTarget t, int tick, Instant now) {
      return List.of(
          t.event("price").put("sku", "drill-sku-1").put("price", 0).put("currency", "USD"));
    }
  },
  /** The inventory sync's last success three hours ago, for a job that runs every 5 minutes. */
  INVENTORY_SYNC_LAG("inventory_sync_lag", "SyncLagHigh") {
    @Override
    List<ObjectNode> fault(DrillTarget t, int tick, Instant now) {
      return List.of(
          t.event("sync")
              .put("system", "drill")
              .put("job", "inventory")
              .put("outcome", "success")
              .put("finished_at", now.minus(Duration.ofHours(3)).getEpochSecond())
              .put("expected_interval_seconds", 300));
    }
  },
  /** Half of the orders failing, 20 orders per tick: {@code OrderFailureRatioHigh}. */
  ORDER_FAILURE_SPIKE("order_failure_spike", "OrderFailureRatioHigh") {
    @Override
    List<ObjectNode> fault(DrillTarget t, int tick, Instant now) {
      return List.of(
          t.event("order").put("outcome", "success").put("count", 10),
          t.event("order").put("outcome", "failure").put("reason", "api_error").put("count", 10));
    }
  },
  /** The refresh token expiring in three days: {@code TokenExpiringSoon}. */
  TOKEN_EXPIRING("token_expiring", "TokenExpiringSoon") {
    @Override
    List<ObjectNode> fault(DrillTarget t, int tick, Instant now) {
      return List.of(
          t.event("token")
              .put("token", "refresh")
              .put("expires_at", now.plus(Duration.ofDays(3)).getEpochSecond()));
    }
  },
  /** A payment captured an hour ago that no order shows as paid: {@code PaymentsUnmatched}. */
  PAYMENTS_UNMATCHED("payments_unmatched", "PaymentsUnmatched") {
    @Override
    List<ObjectNode> fault(DrillTarget t, int tick, Instant now) {
      if (tick > 0) {
        return List.of();
      }
      return List.of(
          t.event("payment")
              .put("gateway", "drill-gateway")
              .put("payment_id", "drill-" + t.drillId())
              .put("status", "captured")
              .put("captured_at", now.minus(Duration.ofHours(1)).getEpochSecond()));
    }
  },
  /**
   * 1,000 listings, all active for the first {@value #BASELINE_TICKS} ticks (so that Prometheus
   * scrapes the baseline), then 400 of them suppressed: {@code ListingsNotActiveJump}.
   */
  LISTINGS_TAKEN_DOWN("listings_taken_down", "ListingsNotActiveJump") {
    @Override
    List<ObjectNode> fault(DrillTarget t, int tick, Instant now) {
      ObjectNode e = t.event("listing_status");
      ObjectNode counts = e.putObject("counts");
      if (tick < BASELINE_TICKS) {
        counts.put("active", 1000);
      } else {
        counts.put("active", 600).put("suppressed", 400);
      }
      return List.of(e);
    }
  };

  /** Ticks of healthy listings before the take-down. */
  static final int BASELINE_TICKS = 4;

  private final String id;
  private final String alert;

  DrillIncident(String id, String alert) {
    this.id = id;
    this.alert = alert;
  }

  /** The name a drill is asked for by ({@code zero_price}). */
  public String id() {
    return id;
  }

  /** The alert of the shipped rules the incident fires ({@code drills.alerts} overrides it). */
  public String defaultAlert() {
    return alert;
  }

  /** The events of tick {@code tick} of the fault, at {@code now}. */
  abstract List<ObjectNode> fault(DrillTarget t, int tick, Instant now);

  public static Optional<DrillIncident> byId(String id) {
    return Arrays.stream(values()).filter(i -> i.id.equals(id)).findFirst();
  }

  /** "one of zero_price, ...", for error messages. */
  public static String allowed() {
    return "one of " + Arrays.stream(values()).map(i -> i.id).collect(Collectors.joining(", "));
  }

  /** The drill shop and the drill: what every event of a drill carries. */
  record DrillTarget(String marketplace, String site, String shop, String drillId) {
    ObjectNode event(String type) {
      ObjectNode e = JsonNodeFactory.instance.objectNode();
      e.put("type", type).put("marketplace", marketplace);
      if (!site.isEmpty()) {
        e.put("site", site);
      }
      return e.put("shop", shop);
    }
  }
}
