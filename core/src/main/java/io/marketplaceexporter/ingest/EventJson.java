package io.marketplaceexporter.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.marketplaceexporter.model.Vocabulary.Outcome;
import io.marketplaceexporter.state.Change;

/**
 * The wire form of an {@link Event}, as a client would push it ({@code docs/ingest-api.md}), so
 * that an event a connector made goes through the same parser, de-duplication and statistics as a
 * pushed one. Absent optional values (NaN, null) are left out; {@code EventParser} reads the result
 * back into an equal event.
 */
final class EventJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EventJson() {}

  static ObjectNode of(Event event) {
    if (event instanceof Event.Order e) {
      return order(e);
    } else if (event instanceof Event.Backlog e) {
      return optional(
          shop("order_backlog", e.shop()).put("pending", e.pending()),
          "oldest_pending_at",
          e.oldestPendingAt());
    } else if (event instanceof Event.Sync e) {
      ObjectNode n =
          shop("sync", e.shop())
              .put("system", e.system())
              .put("job", e.job().label())
              .put("outcome", e.outcome().label())
              .put("finished_at", e.finishedAt());
      return optional(n, "expected_interval_seconds", e.expectedInterval());
    } else if (event instanceof Event.ApiCall e) {
      return apiCall(e);
    } else if (event instanceof Event.Quota e) {
      ObjectNode n = shop("quota", e.shop()).put("operation", e.operation());
      return optional(optional(n, "limit", e.limit()), "remaining", e.remaining());
    } else if (event instanceof Event.Token e) {
      return shop("token", e.shop())
          .put("token", e.token().label())
          .put("expires_at", e.expiresAt());
    } else if (event instanceof Event.Price e) {
      return price(e);
    } else if (event instanceof Event.Inventory e) {
      return shop("inventory", e.shop()).put("sku", e.sku()).put("available", e.available());
    } else if (event instanceof Event.Payment e) {
      return payment(e);
    } else if (event instanceof Event.Listings e) {
      ObjectNode n = shop("listing_status", e.shop());
      e.counts().byLabel().forEach(n.putObject("counts")::put);
      return n;
    }
    return change(((Event.ChangeMade) event).change());
  }

  private static ObjectNode shop(String type, ShopKey shop) {
    return NODES
        .objectNode()
        .put("type", type)
        .put("marketplace", shop.marketplace())
        .put("site", shop.site())
        .put("shop", shop.shop());
  }

  /** {@code n} with {@code field} set to {@code value}, unless {@code value} is NaN (absent). */
  private static ObjectNode optional(ObjectNode n, String field, double value) {
    return Double.isNaN(value) ? n : n.put(field, value);
  }

  private static ObjectNode order(Event.Order e) {
    ObjectNode n =
        shop("order", e.shop()).put("outcome", e.outcome().label()).put("count", e.count());
    // The wire form allows a reason only for failures (a success has none to tell).
    return e.outcome() == Outcome.FAILURE ? n.put("reason", e.reason().label()) : n;
  }

  private static ObjectNode apiCall(Event.ApiCall e) {
    ObjectNode n = shop("api_call", e.shop()).put("operation", e.operation());
    if (e.code() == ApiCode.ERROR) {
      n.put("status", "error");
    } else {
      n.put("status", status(e.code()));
    }
    optional(n, "duration_seconds", e.durationSeconds());
    optional(n, "quota_limit", e.quotaLimit());
    return optional(n, "quota_remaining", e.quotaRemaining());
  }

  /** An HTTP status of the class: the parser maps it back to {@code code}. */
  private static int status(ApiCode code) {
    return switch (code) {
      case C2XX -> 200;
      case C3XX -> 300;
      case C4XX -> 400;
      case C429 -> 429;
      default -> 500;
    };
  }

  private static ObjectNode price(Event.Price e) {
    ObjectNode n =
        shop("price", e.shop())
            .put("sku", e.sku())
            .put("price", e.observation().price())
            .put("confirmed", e.observation().confirmed());
    optional(n, "floor", e.observation().floor());
    return e.observation().currency() == null ? n : n.put("currency", e.observation().currency());
  }

  private static ObjectNode change(Change c) {
    ObjectNode n =
        NODES
            .objectNode()
            .put("type", "change")
            .put("service", c.service())
            .put("kind", c.kind().label())
            .put("version", c.version())
            .put("at", c.at());
    return c.shop() == null ? n : n.put("shop", c.shop());
  }

  private static ObjectNode payment(Event.Payment e) {
    ObjectNode n =
        shop("payment", e.shop())
            .put("gateway", e.gateway())
            .put("payment_id", e.paymentId())
            .put("status", e.status().label());
    if (e.orderId() != null) {
      n.put("order_id", e.orderId());
    }
    return optional(n, "captured_at", e.capturedAt());
  }
}
