package io.marketplaceexporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.PaymentStatus;
import io.marketplaceexporter.support.Fixture;
import io.marketplaceexporter.support.RunningExporter;
import io.marketplaceexporter.support.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Issue 19: payments a gateway captured, matched or not to their order's status. */
public class PaymentEventsTest {
  static final String START = "2026-11-24T08:00:00Z";

  /** A payment event of shop S1 on Shopee SG; {@code extra} is appended to its fields. */
  public static String payment(String gateway, String id, String status, String extra) {
    return "{\"type\":\"payment\",\"marketplace\":\"shopee\",\"site\":\"SG\",\"shop\":\"S1\","
        + "\"gateway\":\""
        + gateway
        + "\",\"payment_id\":\""
        + id
        + "\",\"status\":\""
        + status
        + "\""
        + extra
        + "}";
  }

  static String captured(String gateway, String id, String at) {
    return payment(gateway, id, "captured", ",\"captured_at\":\"" + at + "\"");
  }

  static String matched(String gateway, String id) {
    return payment(gateway, id, "matched", ",\"order_id\":\"O-" + id + "\"");
  }

  static String[] gateway(String gateway) {
    return new String[] {"marketplace", "shopee", "site", "SG", "shop", "S1", "gateway", gateway};
  }

  static Double unmatched(Fixture f, String gateway) {
    return f.value("marketplace_payments_unmatched", gateway(gateway));
  }

  static Double oldestAge(Fixture f, String gateway) {
    return f.value("marketplace_payment_oldest_unmatched_age_seconds", gateway(gateway));
  }

  static Double count(Fixture f, String gateway, String status) {
    List<String> labels = new ArrayList<>(List.of(gateway(gateway)));
    labels.addAll(List.of("status", status));
    return f.value("marketplace_payments_total", labels.toArray(String[]::new));
  }

  static Fixture fixture(String yaml) {
    return new Fixture(ConfigLoader.parse(yaml), TestClock.at(START));
  }

  @Nested
  class Validation {
    final Fixture f = fixture("");

    @Test
    void aBadGatewayIsRejectedNamingItsIndexAndFieldWhileTheRestOfTheBatchIsApplied() {
      IngestResult r =
          f.send(
              "["
                  + captured("gw-new", "P1", "2026-11-24T07:59:00Z")
                  + ","
                  + NothingSilentlyLostTest.order("S1", "o1")
                  + ","
                  + matched("gw-old", "P0")
                  + ","
                  + payment("gw\\u0001", "P2", "captured", ",\"captured_at\":1795507000")
                  + "]");

      assertThat(r.accepted()).isEqualTo(3);
      assertThat(r.rejected()).isEqualTo(1);
      assertThat(r.errors())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.index()).isEqualTo(3);
                assertThat(e.field()).isEqualTo("gateway");
                assertThat(e.message()).contains("control characters");
              });
      assertThat(unmatched(f, "gw-new")).isEqualTo(1.0);
      assertThat(unmatched(f, "gw\u0001")).isNull();
    }

    @Test
    void everyWrongFieldIsNamedAtOnce() {
      IngestResult r =
          f.send(
              "{\"type\":\"payment\",\"marketplace\":\"shopee\",\"shop\":\"S1\",\"gateway\":7,"
                  + "\"status\":\"paid\",\"amount\":3}");

      assertThat(r.errors())
          .extracting(FieldError::field)
          .containsExactlyInAnyOrder("amount", "gateway", "payment_id", "status");
      assertThat(r.errors())
          .filteredOn(e -> e.field().equals("status"))
          .singleElement()
          .satisfies(
              e -> assertThat(e.message()).contains("captured").contains("matched", "refunded"));
    }

    @Test
    void aCaptureNeedsItsTimeAndAMatchItsOrder() {
      IngestResult r =
          f.send(
              "["
                  + payment("gw", "P1", "captured", "")
                  + ","
                  + payment("gw", "P1", "matched", "")
                  + "]");

      assertThat(r.errors())
          .extracting(e -> e.index() + " " + e.field())
          .containsExactly("0 captured_at", "1 order_id");
      assertThat(r.accepted()).isZero();
    }

    @Test
    void aCaptureTimeInMillisecondsIsRejected() {
      IngestResult r = f.send(payment("gw", "P1", "captured", ",\"captured_at\":1795507000000"));

      assertThat(r.errors()).singleElement().extracting(FieldError::field).isEqualTo("captured_at");
    }

    @Test
    void theWireFormOfAPolledPaymentParsesBackToTheSameEvent() {
      Event e =
          new Event.Payment(
              new ShopKey("shopee", "SG", "S1"),
              "gw",
              "P1",
              "O-1",
              PaymentStatus.MATCHED,
              1795507000);

      assertThat(f.ingest.ingestPolled(e).accepted()).isEqualTo(1);
      assertThat(count(f, "gw", "matched")).isEqualTo(1.0);
    }
  }

  @Nested
  class OverHttp {
    @Test
    void aBatchWithOneBadPaymentIsAnswered422NamingTheEventAndFieldAndKeepsTheGoodOnes()
        throws Exception {
      String batch =
          "["
              + captured("gw-new", "P1", "2026-11-24T07:59:00Z")
              + ","
              + matched("gw-old", "P0")
              + ","
              + NothingSilentlyLostTest.order("S1", "o1")
              + ","
              + payment("", "P2", "captured", ",\"captured_at\":1795507000")
              + "]";
      try (RunningExporter server = RunningExporter.start()) {
        RunningExporter.Reply r = server.post("/api/v1/events", batch);

        assertThat(r.status()).isEqualTo(422);
        JsonNode answer = new ObjectMapper().readTree(r.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.get("rejected").asInt()).isEqualTo(1);
        assertThat(answer.get("errors").toString())
            .isEqualTo("[{\"index\":3,\"field\":\"gateway\",\"message\":\"must not be empty\"}]");
        assertThat(
                server
                    .metrics()
                    .value(
                        "marketplace_payments_unmatched",
                        "marketplace",
                        "shopee",
                        "site",
                        "SG",
                        "shop",
                        "S1",
                        "gateway",
                        "gw-new"))
            .isEqualTo(1.0);
      }
    }
  }

  @Nested
  class Tracking {
    final Fixture f = fixture("");

    @Test
    void aCapturedPaymentIsUnmatchedAndItsAgeGrowsBetweenScrapes() {
      f.send(captured("gw-new", "P1", "2026-11-24T07:50:00Z"));

      assertThat(unmatched(f, "gw-new")).isEqualTo(1.0);
      assertThat(oldestAge(f, "gw-new")).isEqualTo(600.0);
      f.clock.advance(Duration.ofMinutes(5));
      assertThat(oldestAge(f, "gw-new")).as("read at scrape time").isEqualTo(900.0);
      assertThat(count(f, "gw-new", "captured")).isEqualTo(1.0);
      assertThat(count(f, "gw-new", "matched")).as("every status from 0").isEqualTo(0.0);
    }

    @Test
    void aMatchOrARefundEndsItAndTheAgeFollowsTheOldestStillOpen() {
      f.send(
          "["
              + captured("gw", "P1", "2026-11-24T07:00:00Z")
              + ","
              + captured("gw", "P2", "2026-11-24T07:30:00Z")
              + ","
              + captured("gw", "P3", "2026-11-24T07:45:00Z")
              + "]");

      f.send(matched("gw", "P1"));
      assertThat(oldestAge(f, "gw")).isEqualTo(1800.0);
      f.send(payment("gw", "P2", "refunded", ""));
      assertThat(oldestAge(f, "gw")).isEqualTo(900.0);
      f.send(matched("gw", "P3"));

      assertThat(unmatched(f, "gw")).as("0, not absent").isEqualTo(0.0);
      assertThat(oldestAge(f, "gw")).as("absent while nothing is unmatched").isNull();
      assertThat(f.value("marketplace_exporter_tracked_payments")).isEqualTo(0.0);
    }

    @Test
    void aCaptureReportedAfterItsMatchDoesNotCountAsUnmatched() {
      f.send(matched("gw", "P1"));
      f.send(captured("gw", "P1", "2026-11-24T07:59:00Z"));

      assertThat(unmatched(f, "gw")).isEqualTo(0.0);
    }

    @Test
    void aMatchOfAnotherShopsPaymentOfTheSameIdDoesNotHideACapture() {
      f.send(matched("gw", "P1").replace("\"S1\"", "\"S2\""));
      f.send(captured("gw", "P1", "2026-11-24T07:59:00Z"));

      assertThat(unmatched(f, "gw")).isEqualTo(1.0);
    }

    @Test
    void theSameCaptureTwiceIsOnePayment() {
      f.send(captured("gw", "P1", "2026-11-24T07:00:00Z"));
      f.send(captured("gw", "P1", "2026-11-24T07:30:00Z"));

      assertThat(unmatched(f, "gw")).isEqualTo(1.0);
      assertThat(oldestAge(f, "gw")).as("the first capture time stays").isEqualTo(3600.0);
    }

    @Test
    void gatewaysAreSeparateSeries() {
      f.send(captured("gw-old", "P1", "2026-11-24T07:00:00Z"));
      f.send(captured("gw-new", "P2", "2026-11-24T07:59:00Z"));
      f.send(matched("gw-old", "P1"));

      assertThat(unmatched(f, "gw-old")).isEqualTo(0.0);
      assertThat(unmatched(f, "gw-new")).isEqualTo(1.0);
      assertThat(oldestAge(f, "gw-new")).isEqualTo(60.0);
    }

    @Test
    void retiringTheShopForgetsItsPayments() {
      f.send(captured("gw", "P1", "2026-11-24T07:00:00Z"));

      f.state.retire(new ShopKey("shopee", "SG", "S1"));

      assertThat(f.value("marketplace_exporter_tracked_payments")).isEqualTo(0.0);
      assertThat(f.scrape().samples("marketplace_payments_unmatched")).isEmpty();
    }
  }

  @Nested
  class Limits {
    @Test
    void overThePerShopCapNewPaymentsAreCountedNotTrackedAndTheOldestStays() {
      Fixture f = fixture("limits:\n  max_unmatched_payments_per_shop: 2\n");
      f.send(captured("gw", "P1", "2026-11-24T07:00:00Z"));
      f.send(captured("gw", "P2", "2026-11-24T07:10:00Z"));

      IngestResult r = f.send(captured("gw", "P3", "2026-11-24T07:20:00Z"));

      assertThat(r.accepted()).as("the event itself is applied").isEqualTo(1);
      assertThat(unmatched(f, "gw")).isEqualTo(2.0);
      assertThat(oldestAge(f, "gw")).isEqualTo(3600.0);
      assertThat(f.value("marketplace_exporter_tracked_payments_dropped_total")).isEqualTo(1.0);
      assertThat(count(f, "gw", "captured")).isEqualTo(3.0);
      f.send(matched("gw", "P1"));
      f.send(captured("gw", "P4", "2026-11-24T07:30:00Z"));
      assertThat(unmatched(f, "gw")).as("room again after a match").isEqualTo(2.0);
    }

    @Test
    void aPaymentOfANewGatewayAtTheSeriesLimitIsRejectedWhole() {
      Fixture f = fixture("limits:\n  max_series_per_metric: 3\n");
      f.send(captured("gw-a", "P1", "2026-11-24T07:00:00Z"));

      IngestResult r = f.send(captured("gw-b", "P2", "2026-11-24T07:00:00Z"));

      assertThat(r.rejected()).isEqualTo(1);
      assertThat(r.errors().get(0).message())
          .startsWith("series limit reached: marketplace_payments_total");
      assertThat(unmatched(f, "gw-b")).isNull();
      assertThat(f.value("marketplace_exporter_tracked_payments")).isEqualTo(1.0);
    }

    @Test
    void theCapIsValidatedNamingItsKey() {
      assertThatThrownBy(
              () -> ConfigLoader.parse("limits:\n  max_unmatched_payments_per_shop: 0\n"))
          .hasMessageContaining("limits.max_unmatched_payments_per_shop: must be 1..1000000");
    }
  }
}
