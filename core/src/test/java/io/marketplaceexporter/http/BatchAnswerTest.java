package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.support.RunningExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: bad input of the payment and listing events gets a 4xx naming the field when nothing of
 * the request was taken, and a mixed batch keeps its good events (202, the bad ones listed).
 */
class BatchAnswerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String GOOD_PAYMENT =
      "{\"type\":\"payment\",\"marketplace\":\"shopee\",\"site\":\"SG\",\"shop\":\"201558\","
          + "\"gateway\":\"gw-new\",\"payment_id\":\"P-1\",\"status\":\"captured\","
          + "\"captured_at\":\"2026-11-30T06:00:00Z\"}";
  private static final String BAD_PAYMENT =
      "{\"type\":\"payment\",\"marketplace\":\"shopee\",\"site\":\"SG\",\"shop\":\"201558\","
          + "\"gateway\":\"gw-new\",\"payment_id\":\"P-2\",\"status\":\"paid\","
          + "\"captured_at\":\"2026-11-30T06:00:00Z\"}";
  private static final String GOOD_LISTINGS =
      "{\"type\":\"listing_status\",\"marketplace\":\"shopee\",\"site\":\"SG\",\"shop\":\"201558\","
          + "\"counts\":{\"active\":1180,\"inactive\":40}}";
  private static final String BAD_LISTINGS =
      "{\"type\":\"listing_status\",\"marketplace\":\"shopee\",\"site\":\"SG\",\"shop\":\"201558\","
          + "\"counts\":{\"active\":-1}}";

  final RunningExporter server = RunningExporter.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode post(String body, int status) throws Exception {
    RunningExporter.Reply r = server.post("/api/v1/events", body);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  @Nested
  class BadEvents {
    @Test
    void aBadPaymentAloneIs422NamingItsField() throws Exception {
      JsonNode a = post(BAD_PAYMENT, 422);

      assertThat(a.get("rejected").asInt()).isEqualTo(1);
      assertThat(a.at("/errors/0/field").asText()).isEqualTo("status");
      assertThat(a.at("/errors/0/message").asText()).contains("captured");
    }

    @Test
    void aBatchOfBadListingCountsIs422NamingEachEntry() throws Exception {
      JsonNode a = post("[" + BAD_LISTINGS + "," + BAD_LISTINGS + "]", 422);

      assertThat(a.get("rejected").asInt()).isEqualTo(2);
      assertThat(a.at("/errors/1/index").asInt()).isEqualTo(1);
      assertThat(a.at("/errors/1/field").asText()).isEqualTo("counts.active");
    }

    @Test
    void aGoodEventSentAgainWithItsIdIsADuplicateNotAppliedTwice() throws Exception {
      String withId = GOOD_PAYMENT.replace("{\"type\"", "{\"id\":\"e-1\",\"type\"");
      post("[" + withId + "," + BAD_PAYMENT + "]", 422);

      JsonNode a = post("[" + withId + "," + BAD_PAYMENT + "]", 422);

      assertThat(a.get("duplicates").asInt()).isEqualTo(1);
      assertThat(a.get("rejected").asInt()).isEqualTo(1);
      assertThat(server.get("/metrics").body())
          .contains(
              "marketplace_payments_unmatched{gateway=\"gw-new\",marketplace=\"shopee\","
                  + "shop=\"201558\",site=\"SG\"} 1");
    }

    @Test
    void aBatchOfGoodEventsIs202() throws Exception {
      JsonNode a = post("[" + GOOD_PAYMENT + "," + GOOD_LISTINGS + "]", 202);

      assertThat(a.get("accepted").asInt()).isEqualTo(2);
      assertThat(a.get("errors")).isEmpty();
    }
  }

  @Nested
  class MixedBatch {
    @Test
    void isA422ListingTheBadOnesAndTheGoodEventsAreAppliedAllTheSame() throws Exception {
      JsonNode a =
          post(
              "["
                  + BAD_PAYMENT
                  + ","
                  + GOOD_PAYMENT
                  + ","
                  + BAD_LISTINGS
                  + ","
                  + GOOD_LISTINGS
                  + "]",
              422);

      assertThat(a.get("accepted").asInt()).isEqualTo(2);
      assertThat(a.get("rejected").asInt()).isEqualTo(2);
      assertThat(a.at("/errors/0/index").asInt()).isZero();
      assertThat(a.at("/errors/1/index").asInt()).isEqualTo(2);
      String metrics = server.get("/metrics").body();
      assertThat(metrics)
          .contains(
              "marketplace_payments_unmatched{gateway=\"gw-new\",marketplace=\"shopee\","
                  + "shop=\"201558\",site=\"SG\"} 1")
          .contains(
              "marketplace_listings{marketplace=\"shopee\",shop=\"201558\",site=\"SG\","
                  + "status=\"active\"} 1180");
    }
  }

  @Nested
  class WhoApprovedAChange {
    @Test
    void anApproverAndAlertAreListedWithTheChangeAndAnEmptyApproverIsNamed() throws Exception {
      post(
          "{\"type\":\"change\",\"service\":\"price-engine\",\"kind\":\"rollback\","
              + "\"version\":\"restore-price-file\",\"approver\":\"alice\","
              + "\"alert\":\"PriceZeroOrNegative shop=201558\"}",
          202);
      JsonNode bad =
          post(
              "{\"type\":\"change\",\"service\":\"price-engine\",\"kind\":\"rollback\","
                  + "\"approver\":\"\"}",
              422);

      assertThat(bad.at("/errors/0/field").asText()).isEqualTo("approver");
      JsonNode change = JSON.readTree(server.get("/api/v1/changes").body()).at("/changes/0");
      assertThat(change.get("approver").asText()).isEqualTo("alice");
      assertThat(change.get("alert").asText()).isEqualTo("PriceZeroOrNegative shop=201558");
    }
  }
}
