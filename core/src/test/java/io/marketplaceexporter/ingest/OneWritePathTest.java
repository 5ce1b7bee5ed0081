package io.marketplaceexporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.marketplaceexporter.model.Vocabulary.ChangeKind;
import io.marketplaceexporter.model.Vocabulary.FailureReason;
import io.marketplaceexporter.model.Vocabulary.Outcome;
import io.marketplaceexporter.model.Vocabulary.SyncJob;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
import io.marketplaceexporter.state.Change;
import io.marketplaceexporter.state.ListingCounts;
import io.marketplaceexporter.state.PriceObservation;
import io.marketplaceexporter.support.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An event a connector made, one a generic source polled and one a client pushed take the same way
 * into the state: parsed and checked, de-duplicated by id, counted in {@code
 * marketplace_exporter_ingest_events_total}.
 */
class OneWritePathTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ShopKey SHOP = new ShopKey("amazon", "US", "S1");
  private static final String SHOP_FIELDS =
      "\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"S1\"";

  static double counted(Fixture f, String type, String result) {
    Double v = f.value("marketplace_exporter_ingest_events_total", "type", type, "result", result);
    return v == null ? 0 : v;
  }

  static Double orders(Fixture f) {
    return f.value(
        "marketplace_orders_total",
        "marketplace",
        "amazon",
        "site",
        "US",
        "shop",
        "S1",
        "outcome",
        "success");
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Nested
  class AnInvalidEvent {
    @Test
    void madeByAConnectorIsRejectedAndCountedAsWhenPushed() {
      Fixture pushed = Fixture.create();
      Fixture polled = Fixture.create();

      IngestResult p =
          pushed.send(
              "{\"type\":\"token\"," + SHOP_FIELDS + ",\"token\":\"access\",\"expires_at\":1e12}");
      IngestResult c = polled.ingest.ingestPolled(new Event.Token(SHOP, TokenKind.ACCESS, 1e12));

      for (IngestResult r : List.of(p, c)) {
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(r.errors())
            .singleElement()
            .satisfies(e -> assertThat(e.field()).isEqualTo("expires_at"));
      }
      assertThat(c.errors().get(0).message()).isEqualTo(p.errors().get(0).message());
      for (Fixture f : List.of(pushed, polled)) {
        assertThat(counted(f, "token", "rejected")).isEqualTo(1);
        assertThat(f.scrape().samples("marketplace_token_expiry_timestamp_seconds")).isEmpty();
      }
    }

    @Test
    void anApiCallWithAnOverlongOperationIsNotApplied() {
      Fixture f = Fixture.create();

      IngestResult r =
          f.ingest.ingestPolled(
              new Event.ApiCall(SHOP, "x".repeat(129), ApiCode.C2XX, 0.1, Double.NaN, Double.NaN));

      assertThat(r.rejected()).isEqualTo(1);
      assertThat(r.errors().get(0).field()).isEqualTo("operation");
      assertThat(counted(f, "api_call", "rejected")).isEqualTo(1);
      assertThat(f.scrape().samples("marketplace_api_requests_total")).isEmpty();
    }
  }

  @Nested
  class AValidEvent {
    @Test
    void madeByAConnectorIsAppliedAndCountedAsAccepted() {
      Fixture f = Fixture.create();

      IngestResult r =
          f.ingest.ingestPolled(new Event.Order(SHOP, Outcome.SUCCESS, FailureReason.OTHER, 3));

      assertThat(r.accepted()).isEqualTo(1);
      assertThat(counted(f, "order", "accepted")).isEqualTo(1);
      assertThat(orders(f)).isEqualTo(3);
    }
  }

  @Nested
  class ADuplicate {
    static final String ORDER =
        "{\"id\":\"o-1\",\"type\":\"order\"," + SHOP_FIELDS + ",\"outcome\":\"success\"}";

    @Test
    void polledTwiceIsAppliedOnceAndCountedAsDuplicate() {
      Fixture f = Fixture.create();

      f.ingest.ingestPolled(List.of(json(ORDER)));
      IngestResult again = f.ingest.ingestPolled(List.of(json(ORDER)));

      assertThat(again.duplicates()).isEqualTo(1);
      assertThat(counted(f, "order", "duplicate")).isEqualTo(1);
      assertThat(orders(f)).isEqualTo(1);
    }

    @Test
    void pushedThenPolledIsTheSameEvent() {
      Fixture f = Fixture.create();

      f.send(ORDER);
      IngestResult polled = f.ingest.ingestPolled(List.of(json(ORDER)));

      assertThat(polled.duplicates()).isEqualTo(1);
      assertThat(orders(f)).isEqualTo(1);
    }
  }

  static Stream<Event> everyType() {
    return Stream.of(
        new Event.Order(SHOP, Outcome.SUCCESS, FailureReason.OTHER, 2),
        new Event.Order(SHOP, Outcome.FAILURE, FailureReason.STOCK, 1),
        new Event.Backlog(SHOP, 4, 1795505400),
        new Event.Backlog(SHOP, 0, Double.NaN),
        new Event.Sync(SHOP, "mabang", SyncJob.INVENTORY, Outcome.SUCCESS, 1795507140, 900),
        new Event.Sync(SHOP, "mabang", SyncJob.ORDERS, Outcome.FAILURE, 1795507140),
        new Event.ApiCall(SHOP, "getOrders", ApiCode.C429, 0.25, 20, 3),
        new Event.ApiCall(SHOP, "getOrders", ApiCode.ERROR, Double.NaN, Double.NaN, Double.NaN),
        new Event.Quota(new ShopKey("shopee", "", "S2"), "daily_calls", 1000, 10),
        new Event.Token(SHOP, TokenKind.CLIENT_SECRET, 1796083200),
        new Event.Price(SHOP, "SKU-1", new PriceObservation(25, "USD", 12, true)),
        new Event.Price(SHOP, "SKU-2", new PriceObservation(0, null, Double.NaN, false)),
        new Event.Inventory(SHOP, "SKU-1", -2),
        new Event.Listings(SHOP, new ListingCounts(1180, 40, 12, 3)),
        new Event.ChangeMade(new Change("erp-sync", ChangeKind.DEPLOY, "1.2.3", 1795507000, "S1")),
        new Event.ChangeMade(new Change("erp-sync", ChangeKind.CONFIG, "", 1795507000, null)));
  }

  @ParameterizedTest
  @MethodSource("everyType")
  void everyEventReadsBackEqualFromItsWireForm(Event event) {
    List<FieldError> errors = new ArrayList<>();

    EventParser.Parsed parsed = EventParser.parse(EventJson.of(event), 0, errors, 0);

    assertThat(errors).isEmpty();
    assertThat(parsed.event()).isEqualTo(event);
  }
}
