package io.marketplaceexporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.Fixture;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IngestServiceTest {
  private final Fixture f = Fixture.create();

  private static final String SHOP =
      "\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"A2EUQ1WTGCTBG2\"";

  private Double shopValue(String metric, String... extra) {
    String[] labels = new String[6 + extra.length];
    labels[0] = "marketplace";
    labels[1] = "amazon";
    labels[2] = "site";
    labels[3] = "US";
    labels[4] = "shop";
    labels[5] = "A2EUQ1WTGCTBG2";
    System.arraycopy(extra, 0, labels, 6, extra.length);
    return f.value(metric, labels);
  }

  private IngestResult send(String body) {
    return f.send(body);
  }

  @Nested
  class Orders {
    @Test
    void successfulOrdersAddTheirCount() {
      send("{\"type\":\"order\"," + SHOP + ",\"outcome\":\"success\",\"count\":3}");
      send("{\"type\":\"order\"," + SHOP + ",\"outcome\":\"success\"}");

      assertThat(shopValue("marketplace_orders_total", "outcome", "success")).isEqualTo(4.0);
      assertThat(shopValue("marketplace_orders_total", "outcome", "failure"))
          .as("created at 0 with the shop's first order, so rate() sees the first failure")
          .isEqualTo(0.0);
      assertThat(f.scrape().samples("marketplace_order_failures_total")).isEmpty();
    }

    @Test
    void failedOrderCountsInBothCountersWithOtherAsDefaultReason() {
      send("{\"type\":\"order\"," + SHOP + ",\"outcome\":\"failure\",\"reason\":\"payment\"}");
      send("{\"type\":\"order\"," + SHOP + ",\"outcome\":\"failure\",\"count\":2}");

      assertThat(shopValue("marketplace_orders_total", "outcome", "failure")).isEqualTo(3.0);
      assertThat(shopValue("marketplace_order_failures_total", "reason", "payment")).isEqualTo(1.0);
      assertThat(shopValue("marketplace_order_failures_total", "reason", "other")).isEqualTo(2.0);
    }

    @Test
    void siteMayBeOmittedAndIsExposedEmpty() {
      send(
          "{\"type\":\"order\",\"marketplace\":\"ebay\",\"shop\":\"acme\",\"outcome\":\"success\"}");

      assertThat(
              f.value(
                  "marketplace_orders_total",
                  "marketplace",
                  "ebay",
                  "site",
                  "",
                  "shop",
                  "acme",
                  "outcome",
                  "success"))
          .isEqualTo(1.0);
    }
  }

  @Nested
  class Backlog {
    @Test
    void backlogSetsPendingAndOldestPendingTime() {
      send(
          "{\"type\":\"order_backlog\","
              + SHOP
              + ",\"pending\":17,\"oldest_pending_at\":\"2026-11-24T07:30:00Z\"}");

      assertThat(shopValue("marketplace_orders_pending")).isEqualTo(17.0);
      assertThat(shopValue("marketplace_order_oldest_pending_timestamp_seconds"))
          .isEqualTo(1795505400.0);
    }

    @Test
    void emptyBacklogRemovesTheOldestPendingSeries() {
      send(
          "{\"type\":\"order_backlog\","
              + SHOP
              + ",\"pending\":5,\"oldest_pending_at\":1795505400}");
      send("{\"type\":\"order_backlog\"," + SHOP + ",\"pending\":0}");

      assertThat(shopValue("marketplace_orders_pending")).isEqualTo(0.0);
      assertThat(shopValue("marketplace_order_oldest_pending_timestamp_seconds")).isNull();
    }
  }

  @Nested
  class Sync {
    private String sync(String outcome, String finishedAt) {
      return "{\"type\":\"sync\","
          + SHOP
          + ",\"system\":\"mabang\",\"job\":\"inventory\",\"outcome\":\""
          + outcome
          + "\",\"finished_at\":"
          + finishedAt
          + "}";
    }

    @Test
    void successSetsLastSuccessAndCountsTheRun() {
      send(sync("success", "\"2026-11-24T07:59:00Z\""));

      assertThat(
              shopValue(
                  "marketplace_sync_last_success_timestamp_seconds",
                  "system",
                  "mabang",
                  "job",
                  "inventory"))
          .isEqualTo(1795507140.0);
      assertThat(
              shopValue(
                  "marketplace_sync_runs_total",
                  "system",
                  "mabang",
                  "job",
                  "inventory",
                  "outcome",
                  "success"))
          .isEqualTo(1.0);
    }

    @Test
    void lastSuccessNeverMovesBackwards() {
      send(sync("success", "1795507140"));
      send(sync("success", "1795500000"));

      assertThat(
              shopValue(
                  "marketplace_sync_last_success_timestamp_seconds",
                  "system",
                  "mabang",
                  "job",
                  "inventory"))
          .isEqualTo(1795507140.0);
      assertThat(
              shopValue(
                  "marketplace_sync_runs_total",
                  "system",
                  "mabang",
                  "job",
                  "inventory",
                  "outcome",
                  "success"))
          .isEqualTo(2.0);
    }

    @Test
    void failedRunCountsButLeavesLastSuccessAlone() {
      send(sync("success", "1795507140"));
      send(sync("failure", "1795507200"));

      assertThat(
              shopValue(
                  "marketplace_sync_last_success_timestamp_seconds",
                  "system",
                  "mabang",
                  "job",
                  "inventory"))
          .isEqualTo(1795507140.0);
      assertThat(
              shopValue(
                  "marketplace_sync_runs_total",
                  "system",
                  "mabang",
                  "job",
                  "inventory",
                  "outcome",
                  "failure"))
          .isEqualTo(1.0);
    }
  }

  @Nested
  class ApiCalls {
    @Test
    void statusIsCountedByClassWith429ApartAndErrorForNoResponse() {
      for (String status :
          new String[] {"200", "204", "301", "404", "429", "429", "503", "\"error\""}) {
        send(
            "{\"type\":\"api_call\","
                + SHOP
                + ",\"operation\":\"getOrders\",\"status\":"
                + status
                + "}");
      }

      for (String[] expect :
          new String[][] {
            {"2xx", "2"}, {"3xx", "1"}, {"4xx", "1"}, {"429", "2"}, {"5xx", "1"}, {"error", "1"}
          }) {
        assertThat(
                shopValue(
                    "marketplace_api_requests_total", "operation", "getOrders", "code", expect[0]))
            .as(expect[0])
            .isEqualTo(Double.parseDouble(expect[1]));
      }
    }

    @Test
    void durationFeedsTheHistogramPerMarketplaceAndOperation() {
      send(
          "{\"type\":\"api_call\","
              + SHOP
              + ",\"operation\":\"getOrders\",\"status\":200,\"duration_seconds\":0.3}");
      send(
          "{\"type\":\"api_call\","
              + SHOP
              + ",\"operation\":\"getOrders\",\"status\":200,\"duration_seconds\":12}");

      var m = f.scrape();
      String name = "marketplace_api_request_duration_seconds";
      assertThat(m.value(name + "_count", "marketplace", "amazon", "operation", "getOrders"))
          .isEqualTo(2.0);
      assertThat(m.value(name + "_sum", "marketplace", "amazon", "operation", "getOrders"))
          .isEqualTo(12.3);
      assertThat(
              m.value(
                  name + "_bucket",
                  "marketplace",
                  "amazon",
                  "operation",
                  "getOrders",
                  "le",
                  "0.25"))
          .isEqualTo(0.0);
      assertThat(
              m.value(
                  name + "_bucket", "marketplace", "amazon", "operation", "getOrders", "le", "0.5"))
          .isEqualTo(1.0);
      assertThat(
              m.value(
                  name + "_bucket",
                  "marketplace",
                  "amazon",
                  "operation",
                  "getOrders",
                  "le",
                  "30.0"))
          .isEqualTo(2.0);
    }

    @Test
    void quotaFieldsOfAnApiCallSetTheQuotaGauges() {
      send(
          "{\"type\":\"api_call\","
              + SHOP
              + ",\"operation\":\"getOrders\",\"status\":200,\"quota_limit\":20,\"quota_remaining\":3}");

      assertThat(shopValue("marketplace_api_quota_limit", "operation", "getOrders"))
          .isEqualTo(20.0);
      assertThat(shopValue("marketplace_api_quota_remaining", "operation", "getOrders"))
          .isEqualTo(3.0);
    }

    @Test
    void quotaEventSetsBothGauges() {
      send(
          "{\"type\":\"quota\","
              + SHOP
              + ",\"operation\":\"getOrders\",\"limit\":0.0167,\"remaining\":0}");

      assertThat(shopValue("marketplace_api_quota_limit", "operation", "getOrders"))
          .isEqualTo(0.0167);
      assertThat(shopValue("marketplace_api_quota_remaining", "operation", "getOrders"))
          .isEqualTo(0.0);
      assertThat(f.scrape().samples("marketplace_api_requests_total")).isEmpty();
    }
  }

  @Nested
  class Tokens {
    @Test
    void tokenExpirySetsTheGaugeAndMayMoveEitherWay() {
      send("{\"type\":\"token\"," + SHOP + ",\"token\":\"refresh\",\"expires_at\":1798099200}");
      send(
          "{\"type\":\"token\","
              + SHOP
              + ",\"token\":\"refresh\",\"expires_at\":\"2026-11-25T00:00:00+08:00\"}");
      send(
          "{\"type\":\"token\","
              + SHOP
              + ",\"token\":\"client_secret\",\"expires_at\":1810000000}");

      assertThat(shopValue("marketplace_token_expiry_timestamp_seconds", "token", "refresh"))
          .isEqualTo(1795536000.0);
      assertThat(shopValue("marketplace_token_expiry_timestamp_seconds", "token", "client_secret"))
          .isEqualTo(1810000000.0);
      assertThat(shopValue("marketplace_token_expiry_timestamp_seconds", "token", "access"))
          .isNull();
    }
  }

  @Nested
  class Prices {
    private void price(String sku, String price) {
      assertThat(
              send("{\"type\":\"price\","
                      + SHOP
                      + ",\"sku\":\""
                      + sku
                      + "\",\"price\":"
                      + price
                      + ",\"currency\":\"USD\"}")
                  .accepted())
          .isEqualTo(1);
    }

    @Test
    void zeroPriceCountsAsAnomalyUntilNormalPriceArrives() {
      price("SKU-1", "29.99");
      price("SKU-1", "0");
      price("SKU-1", "0");

      assertThat(shopValue("marketplace_price_checks_total")).isEqualTo(3.0);
      assertThat(shopValue("marketplace_price_anomalies_total", "kind", "zero")).isEqualTo(2.0);
      assertThat(shopValue("marketplace_price_anomalous_skus", "kind", "zero")).isEqualTo(1.0);

      price("SKU-1", "29.49");

      assertThat(shopValue("marketplace_price_anomalous_skus", "kind", "zero")).isEqualTo(0.0);
      assertThat(shopValue("marketplace_price_anomalies_total", "kind", "zero")).isEqualTo(2.0);
    }

    @Test
    void everyKindIsExposedOnceTheShopHasPriceChecks() {
      price("SKU-1", "10");

      for (String kind : new String[] {"zero", "drop", "spike", "below_floor"}) {
        assertThat(shopValue("marketplace_price_anomalous_skus", "kind", kind)).isEqualTo(0.0);
      }
    }
  }

  @Nested
  class Inventory {
    private void stock(String sku, long available) {
      send(
          "{\"type\":\"inventory\","
              + SHOP
              + ",\"sku\":\""
              + sku
              + "\",\"available\":"
              + available
              + "}");
    }

    @Test
    void negativeStockCountsUntilItIsBackToZeroOrMore() {
      stock("SKU-1", 5);
      assertThat(shopValue("marketplace_inventory_negative_skus")).isEqualTo(0.0);

      stock("SKU-1", -2);
      stock("SKU-2", -1);
      stock("SKU-2", -4);
      assertThat(shopValue("marketplace_inventory_negative_skus")).isEqualTo(2.0);

      stock("SKU-1", 0);
      assertThat(shopValue("marketplace_inventory_negative_skus")).isEqualTo(1.0);
    }
  }

  @Nested
  class Changes {
    @Test
    void changesCountAndLatestPerServiceCarriesKindAndVersion() {
      send(
          "{\"type\":\"change\",\"service\":\"erp-sync\",\"kind\":\"deploy\",\"version\":\"1.4.2\",\"at\":1795500000}");
      send(
          "{\"type\":\"change\",\"service\":\"erp-sync\",\"kind\":\"config\",\"version\":\"cfg-9\",\"at\":1795503600}");
      send(
          "{\"type\":\"change\",\"service\":\"erp-sync\",\"kind\":\"deploy\",\"version\":\"1.4.1\",\"at\":1795400000}");

      var m = f.scrape();
      assertThat(m.value("marketplace_changes_total", "service", "erp-sync", "kind", "deploy"))
          .isEqualTo(2.0);
      assertThat(
              m.value(
                  "marketplace_change_last_timestamp_seconds",
                  "service",
                  "erp-sync",
                  "kind",
                  "deploy"))
          .isEqualTo(1795500000.0);
      assertThat(m.samples("marketplace_change_info")).hasSize(1);
      assertThat(
              m.value(
                  "marketplace_change_info",
                  "service",
                  "erp-sync",
                  "kind",
                  "config",
                  "version",
                  "cfg-9"))
          .isEqualTo(1.0);
    }

    @Test
    void changeWithoutTimeHappensWhenReceived() {
      send("{\"type\":\"change\",\"service\":\"price-engine\",\"kind\":\"price_batch\"}");

      assertThat(
              f.value(
                  "marketplace_change_last_timestamp_seconds",
                  "service",
                  "price-engine",
                  "kind",
                  "price_batch"))
          .isEqualTo(f.clock.epochSeconds());
      assertThat(
              f.value(
                  "marketplace_change_info",
                  "service",
                  "price-engine",
                  "kind",
                  "price_batch",
                  "version",
                  ""))
          .isEqualTo(1.0);
    }
  }

  @Nested
  class Batches {
    @Test
    void validEventsOfABatchAreAppliedAndInvalidOnesReportedByIndex() {
      IngestResult r =
          send(
              "[{\"type\":\"order\","
                  + SHOP
                  + ",\"outcome\":\"success\"},"
                  + "{\"type\":\"order\","
                  + SHOP
                  + ",\"outcome\":\"maybe\"},"
                  + "{\"type\":\"order\","
                  + SHOP
                  + ",\"outcome\":\"success\",\"count\":2}]");

      assertThat(r.accepted()).isEqualTo(2);
      assertThat(r.rejected()).isEqualTo(1);
      assertThat(r.errors())
          .containsExactly(new FieldError(1, "outcome", "must be one of success, failure"));
      assertThat(shopValue("marketplace_orders_total", "outcome", "success")).isEqualTo(3.0);
    }

    @Test
    void ingestResultsAreCountedByTypeAndResult() {
      send("[{\"type\":\"order\"," + SHOP + ",\"outcome\":\"success\"},{\"type\":\"nope\"},{}]");

      var m = f.scrape();
      String n = "marketplace_exporter_ingest_events_total";
      assertThat(m.value(n, "type", "order", "result", "accepted")).isEqualTo(1.0);
      assertThat(m.value(n, "type", "unknown", "result", "rejected")).isEqualTo(2.0);
    }
  }

  @Nested
  class Idempotency {
    private final String event =
        "{\"type\":\"order\",\"id\":\"evt-42\"," + SHOP + ",\"outcome\":\"success\",\"count\":5}";

    @Test
    void repeatedIdIsCountedAsDuplicateAndChangesNothing() {
      IngestResult first = send(event);
      IngestResult again = send(event);

      assertThat(first.accepted()).isEqualTo(1);
      assertThat(again.accepted()).isZero();
      assertThat(again.duplicates()).isEqualTo(1);
      assertThat(shopValue("marketplace_orders_total", "outcome", "success")).isEqualTo(5.0);
      assertThat(
              f.value(
                  "marketplace_exporter_ingest_events_total",
                  "type",
                  "order",
                  "result",
                  "duplicate"))
          .isEqualTo(1.0);
    }

    @Test
    void duplicateWithinTheSameBatchIsCaught() {
      IngestResult r = send("[" + event + "," + event + "]");

      assertThat(r.accepted()).isEqualTo(1);
      assertThat(r.duplicates()).isEqualTo(1);
    }

    @Test
    void idIsForgottenAfterTheWindow() {
      send(event);
      f.clock.advance(Duration.ofHours(1).plusSeconds(1));
      IngestResult r = send(event);

      assertThat(r.accepted()).isEqualTo(1);
      assertThat(shopValue("marketplace_orders_total", "outcome", "success")).isEqualTo(10.0);
    }

    @Test
    void rejectedEventDoesNotConsumeItsId() {
      send("{\"type\":\"order\",\"id\":\"evt-7\"," + SHOP + ",\"outcome\":\"bogus\"}");
      IngestResult r =
          send("{\"type\":\"order\",\"id\":\"evt-7\"," + SHOP + ",\"outcome\":\"success\"}");

      assertThat(r.accepted()).isEqualTo(1);
    }
  }
}
