package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fake ERP's payment reconciliation, {@code GET /erp/api/v1/payments} (behind the ERP's bearer
 * token): per shop that sells, one payment every {@link #SLOT} through gateway {@code gw-legacy},
 * listed as a {@code captured} row, and a {@code matched} row with its order once the next slot has
 * begun (the order's status says paid). Each row has a stable {@code eventId}, so a source polling
 * it counts each once.
 *
 * <p>Fault {@link FaultKind#PAYMENT_GATEWAY_SWITCH}: from its start the shop's payments go through
 * {@code gw-new}, and every second one of them never gets its order status (no {@code matched} row)
 * while the switch lasts. When it ends (the route is switched back), those payments are reconciled
 * and listed as matched, and new payments go through {@code gw-legacy} again.
 */
final class ErpPayments extends SandboxApi {
  static final long SLOT = 10_000;
  static final String LEGACY = "gw-legacy";
  static final String NEW = "gw-new";

  /** Slots listed normally (10 minutes); a switch extends this back to its start, up to an hour. */
  private static final int WINDOW = 60;

  private static final int MAX_WINDOW = 360;

  /** A gateway switch of one shop (null: every shop); {@code untilMillis} is MAX while it plays. */
  private static final class Switch {
    final String shop;
    final long sinceMillis;
    volatile long untilMillis = Long.MAX_VALUE;

    Switch(String shop, long sinceMillis) {
      this.shop = shop;
      this.sinceMillis = sinceMillis;
    }

    boolean covers(String shopLabel, long atMillis) {
      return (shop == null || shop.equals(shopLabel))
          // A payment captured as the switch starts may have been listed already: the old route.
          && atMillis > sinceMillis
          && atMillis < untilMillis;
    }
  }

  private final List<Switch> switches = new CopyOnWriteArrayList<>();

  ErpPayments(Sandbox sandbox) {
    super(sandbox);
    sandbox
        .faults()
        .listen(
            f -> {
              if (f.kind() == FaultKind.PAYMENT_GATEWAY_SWITCH) {
                switches.add(new Switch(f.shop(), f.sinceMillis()));
              }
            });
  }

  @Override
  void register(RoutesConfig routes) {
    routes.get("/erp/api/v1/payments", this::payments);
  }

  /** Ends the switches no longer playing, and forgets those that ended over 10 minutes ago. */
  private void update(long now) {
    for (Switch s : switches) {
      if (s.untilMillis == Long.MAX_VALUE
          && !sandbox.faults().playing(FaultKind.PAYMENT_GATEWAY_SWITCH, s.shop)) {
        s.untilMillis = now;
      }
    }
    switches.removeIf(s -> s.untilMillis < now - WINDOW * SLOT);
  }

  private void payments(Context ctx) {
    long now = sandbox.clock().millis();
    update(now);
    long current = Math.floorDiv(now, SLOT);
    ArrayNode rows = object().arrayNode();
    for (SandboxShop s : sandbox.shops()) {
      if (s.ordersPerMinute() == 0) {
        continue;
      }
      long first = current - WINDOW + 1;
      for (Switch w : switches) {
        if (w.shop == null || w.shop.equals(s.shop())) {
          first = Math.min(first, Math.floorDiv(w.sinceMillis, SLOT));
        }
      }
      for (long slot = Math.max(first, current - MAX_WINDOW + 1); slot <= current; slot++) {
        payment(rows, s, slot, current);
      }
    }
    json(ctx, 200, object().put("code", 200).set("data", object().set("payments", rows)));
  }

  private void payment(ArrayNode rows, SandboxShop s, long slot, long current) {
    long at = slot * SLOT;
    Switch w = switches.stream().filter(x -> x.covers(s.shop(), at)).findFirst().orElse(null);
    String id = "pay-" + s.shop() + "-" + slot;
    ObjectNode captured = row(rows, s, id, w == null ? LEGACY : NEW, "captured");
    captured.put("capturedAt", Instant.ofEpochMilli(at).toString());
    boolean lost = w != null && slot % 2 == 0 && w.untilMillis == Long.MAX_VALUE;
    if (slot < current && !lost) {
      row(rows, s, id, w == null ? LEGACY : NEW, "matched")
          .put("orderId", "ord-" + s.shop() + "-" + slot);
    }
  }

  private static ObjectNode row(
      ArrayNode rows, SandboxShop s, String id, String gateway, String state) {
    return rows.addObject()
        .put("eventId", id + "-" + state)
        .put("platform", s.marketplace())
        .put("site", s.site())
        .put("shopId", s.shop())
        .put("gateway", gateway)
        .put("paymentId", id)
        .put("state", state);
  }
}
