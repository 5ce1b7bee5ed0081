package io.marketplaceexporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.marketplaceexporter.model.Vocabulary.ChangeKind;
import io.marketplaceexporter.model.Vocabulary.FailureReason;
import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import io.marketplaceexporter.model.Vocabulary.Marketplace;
import io.marketplaceexporter.model.Vocabulary.Outcome;
import io.marketplaceexporter.model.Vocabulary.PaymentStatus;
import io.marketplaceexporter.model.Vocabulary.SyncJob;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
import io.marketplaceexporter.state.Change;
import io.marketplaceexporter.state.IngestStats;
import io.marketplaceexporter.state.ListingCounts;
import io.marketplaceexporter.state.PriceObservation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one JSON object of the ingest API into a validated {@link Event}. The wire format is
 * documented in {@code docs/ingest-api.md}; every problem becomes a {@link FieldError}.
 */
final class EventParser {
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final double MAX_AMOUNT = 1e12;
  // The fields each type has (with type, id and the shop labels), built once: checked per event.
  private static final Set<String> ORDER = shopFields("outcome", "reason", "count");
  private static final Set<String> BACKLOG = shopFields("pending", "oldest_pending_at");
  private static final Set<String> SYNC =
      shopFields("system", "job", "outcome", "finished_at", "expected_interval_seconds");
  private static final Set<String> API_CALL =
      shopFields("operation", "status", "duration_seconds", "quota_limit", "quota_remaining");
  private static final Set<String> QUOTA = shopFields("operation", "limit", "remaining");
  private static final Set<String> TOKEN = shopFields("token", "expires_at");
  private static final Set<String> PRICE =
      shopFields("sku", "price", "currency", "floor", "confirmed");
  private static final Set<String> INVENTORY = shopFields("sku", "available");
  private static final Set<String> LISTING_STATUS = shopFields("counts");
  private static final long MAX_LISTINGS = 1_000_000_000L;
  private static final Set<String> CHANGE =
      Set.of("type", "id", "service", "kind", "version", "at", "shop", "approver", "alert");
  private static final Set<String> PAYMENT =
      shopFields("gateway", "payment_id", "order_id", "status", "captured_at");

  /** The outcome of parsing one element: the event, or null after errors were recorded. */
  record Parsed(int typeIndex, String id, Event event) {}

  private EventParser() {}

  static Parsed parse(JsonNode node, int index, List<FieldError> errors, double nowSeconds) {
    if (node == null || !node.isObject()) {
      errors.add(new FieldError(index, "event", "must be a JSON object"));
      return new Parsed(IngestStats.typeIndex(null), null, null);
    }
    FieldReader r = new FieldReader(node, index, errors);
    JsonNode typeNode = node.get("type");
    String type = typeNode != null && typeNode.isTextual() ? typeNode.textValue() : null;
    int typeIndex = IngestStats.typeIndex(type);
    String id = r.has("id") ? r.label("id", false, false) : null;
    Event event =
        switch (type == null ? "" : type) {
          case "order" -> order(r);
          case "order_backlog" -> backlog(r);
          case "sync" -> sync(r);
          case "api_call" -> apiCall(r);
          case "quota" -> quota(r);
          case "token" -> token(r);
          case "price" -> price(r);
          case "inventory" -> inventory(r);
          case "change" -> change(r, nowSeconds);
          case "payment" -> payment(r);
          case "listing_status" -> listingStatus(r);
          default -> {
            r.error(
                "type",
                typeNode == null
                    ? "is required"
                    : "must be one of "
                        + String.join(
                            ", ",
                            List.of(IngestStats.TYPES).subList(0, IngestStats.TYPES.length - 1)));
            yield null;
          }
        };
    return new Parsed(typeIndex, id, r.failed() ? null : event);
  }

  private static ShopKey shop(FieldReader r) {
    Marketplace m = r.vocab("marketplace", Marketplace.class, null);
    String site = r.label("site", false, true);
    String shop = r.label("shop", true, false);
    return new ShopKey(m == null ? "" : m.label(), site, shop);
  }

  /** The fields an event of {@code type} may have, or null when there is no such type. */
  static Set<String> fields(String type) {
    return switch (type) {
      case "order" -> ORDER;
      case "order_backlog" -> BACKLOG;
      case "sync" -> SYNC;
      case "api_call" -> API_CALL;
      case "quota" -> QUOTA;
      case "token" -> TOKEN;
      case "price" -> PRICE;
      case "inventory" -> INVENTORY;
      case "change" -> CHANGE;
      case "payment" -> PAYMENT;
      case "listing_status" -> LISTING_STATUS;
      default -> null;
    };
  }

  private static Set<String> shopFields(String... fields) {
    Set<String> all = new HashSet<>(List.of("type", "id", "marketplace", "site", "shop"));
    all.addAll(List.of(fields));
    return Set.copyOf(all);
  }

  private static Event order(FieldReader r) {
    r.rejectUnknown(ORDER);
    ShopKey shop = shop(r);
    Outcome outcome = r.vocab("outcome", Outcome.class, null);
    FailureReason reason = FailureReason.OTHER;
    if (r.has("reason")) {
      if (outcome == Outcome.SUCCESS) {
        r.error("reason", "is only allowed when outcome is failure");
      } else {
        reason = r.vocab("reason", FailureReason.class, FailureReason.OTHER);
      }
    }
    long count = r.integer("count", 1, 1_000_000, 1L);
    return new Event.Order(shop, outcome, reason, count);
  }

  private static Event backlog(FieldReader r) {
    r.rejectUnknown(BACKLOG);
    ShopKey shop = shop(r);
    long pending = r.integer("pending", 0, 1_000_000_000, null);
    double oldest = r.time("oldest_pending_at", false);
    return new Event.Backlog(shop, pending, oldest);
  }

  private static Event sync(FieldReader r) {
    r.rejectUnknown(SYNC);
    ShopKey shop = shop(r);
    String system = r.label("system", true, false);
    SyncJob job = r.vocab("job", SyncJob.class, null);
    Outcome outcome = r.vocab("outcome", Outcome.class, null);
    double finishedAt = r.time("finished_at", true);
    // Optional: how often the job runs, so that its lag is judged against its own schedule.
    double expectedInterval = r.number("expected_interval_seconds", 1, 366 * 86400, false);
    return new Event.Sync(shop, system, job, outcome, finishedAt, expectedInterval);
  }

  private static Event apiCall(FieldReader r) {
    r.rejectUnknown(API_CALL);
    ShopKey shop = shop(r);
    String operation = r.label("operation", true, false);
    ApiCode code = status(r);
    double duration = r.number("duration_seconds", 0, 86_400, false);
    double limit = r.number("quota_limit", 0, MAX_AMOUNT, false);
    double remaining = r.number("quota_remaining", 0, MAX_AMOUNT, false);
    return new Event.ApiCall(shop, operation, code, duration, limit, remaining);
  }

  private static ApiCode status(FieldReader r) {
    if (!r.has("status")) {
      r.error("status", "is required: an HTTP status 200..599 or \"error\"");
      return ApiCode.ERROR;
    }
    if (r.textual("status")) {
      String s = r.label("status", true, false);
      if (!s.equals("error")) {
        r.error("status", "must be an HTTP status 200..599 or \"error\"");
      }
      return ApiCode.ERROR;
    }
    long status = r.integer("status", 200, 599, null);
    return ApiCode.ofStatus((int) status);
  }

  private static Event quota(FieldReader r) {
    r.rejectUnknown(QUOTA);
    ShopKey shop = shop(r);
    String operation = r.label("operation", true, false);
    double limit = r.number("limit", 0, MAX_AMOUNT, true);
    double remaining = r.number("remaining", 0, MAX_AMOUNT, true);
    return new Event.Quota(shop, operation, limit, remaining);
  }

  private static Event token(FieldReader r) {
    r.rejectUnknown(TOKEN);
    ShopKey shop = shop(r);
    TokenKind token = r.vocab("token", TokenKind.class, null);
    double expiresAt = r.time("expires_at", true);
    return new Event.Token(shop, token, expiresAt);
  }

  private static Event price(FieldReader r) {
    r.rejectUnknown(PRICE);
    ShopKey shop = shop(r);
    String sku = r.label("sku", true, false);
    double price = r.number("price", -MAX_AMOUNT, MAX_AMOUNT, true);
    String currency = null;
    if (r.has("currency")) {
      currency = r.label("currency", true, false);
      if (!r.failed() && !CURRENCY.matcher(currency).matches()) {
        r.error("currency", "must be an ISO 4217 code like USD, EUR, SGD");
      }
    }
    double floor = r.number("floor", 0, MAX_AMOUNT, false);
    boolean confirmed = r.bool("confirmed");
    return new Event.Price(shop, sku, new PriceObservation(price, currency, floor, confirmed));
  }

  private static Event inventory(FieldReader r) {
    r.rejectUnknown(INVENTORY);
    ShopKey shop = shop(r);
    String sku = r.label("sku", true, false);
    long available = r.integer("available", -1_000_000_000_000L, 1_000_000_000_000L, null);
    return new Event.Inventory(shop, sku, available);
  }

  private static Event listingStatus(FieldReader r) {
    r.rejectUnknown(LISTING_STATUS);
    ShopKey shop = shop(r);
    return new Event.Listings(
        shop, ListingCounts.of(r.counts("counts", ListingStatus.class, MAX_LISTINGS)));
  }

  private static Event change(FieldReader r, double nowSeconds) {
    r.rejectUnknown(CHANGE);
    String service = r.label("service", true, false);
    ChangeKind kind = r.vocab("kind", ChangeKind.class, null);
    String version = r.label("version", false, true);
    double at = r.time("at", false);
    String shop = r.has("shop") ? r.label("shop", true, false) : null;
    String approver = r.has("approver") ? r.label("approver", true, false) : null;
    String alert = r.has("alert") ? r.label("alert", true, false) : null;
    return new Event.ChangeMade(
        new Change(
            service, kind, version, Double.isNaN(at) ? nowSeconds : at, shop, approver, alert));
  }

  /**
   * A payment a gateway captured, and where it stands against its order ({@link PaymentStatus}).
   * {@code captured_at} is required with {@code captured} (the age of an unmatched payment is
   * measured from it), {@code order_id} with {@code matched} (a match names its order).
   */
  private static Event payment(FieldReader r) {
    r.rejectUnknown(PAYMENT);
    ShopKey shop = shop(r);
    String gateway = r.label("gateway", true, false);
    String paymentId = r.label("payment_id", true, false);
    PaymentStatus status = r.vocab("status", PaymentStatus.class, null);
    String orderId = r.label("order_id", status == PaymentStatus.MATCHED, false);
    double capturedAt = r.time("captured_at", status == PaymentStatus.CAPTURED);
    return new Event.Payment(
        shop, gateway, paymentId, orderId.isEmpty() ? null : orderId, status, capturedAt);
  }
}
