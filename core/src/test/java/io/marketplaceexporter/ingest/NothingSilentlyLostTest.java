package io.marketplaceexporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.LimitsConfig;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
import io.marketplaceexporter.support.Fixture;
import io.marketplaceexporter.support.RunningExporter;
import io.marketplaceexporter.support.TestClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Issue 14: an event is applied or answered as rejected with its reason, never 202 and gone. */
class NothingSilentlyLostTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static String order(String shop, String id) {
    return "{\"type\":\"order\",\"id\":\""
        + id
        + "\",\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\""
        + shop
        + "\",\"outcome\":\"success\"}";
  }

  static Double orders(Fixture f, String site, String shop, String outcome) {
    String[] labels = {"marketplace", "amazon", "site", site, "shop", shop, "outcome", outcome};
    return f.value("marketplace_orders_total", labels);
  }

  @Nested
  class SeriesLimit {
    /** Room for the order series of two shops (success and failure each). */
    final Fixture f =
        new Fixture(
            ConfigLoader.parse("limits:\n  max_series_per_metric: 4\n"),
            TestClock.at("2026-11-24T08:00:00Z"));

    @Test
    void anOrderThatFindsItsMetricFullIsRejectedNamingTheFieldAndCounted() {
      f.send("[" + order("S1", "a") + "," + order("S2", "b") + "]");

      IngestResult r = f.send(order("S3", "c"));

      assertThat(r.accepted()).isZero();
      assertThat(r.rejected()).isEqualTo(1);
      assertThat(r.errors())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.field()).isEqualTo("shop");
                assertThat(e.message())
                    .startsWith("series limit reached: marketplace_orders_total")
                    .contains("limits.max_series_per_metric");
              });
      assertThat(f.scrape().samples("marketplace_exporter_ingest_events_total"))
          .as("counted as a rejected order")
          .anySatisfy(
              x ->
                  assertThat(x.labels())
                      .containsEntry("type", "order")
                      .containsEntry("result", "rejected"));
      assertThat(
              f.value(
                  "marketplace_exporter_series_dropped_total",
                  "metric",
                  "marketplace_orders_total"))
          .isGreaterThanOrEqualTo(1.0);
      assertThat(f.scrape().samples("marketplace_orders_total")).hasSize(4);
    }

    @Test
    void aRejectedEventCanBeResentWithItsIdOnceThereIsRoom() {
      f.send("[" + order("S1", "a") + "," + order("S2", "b") + "]");
      assertThat(f.send(order("S3", "c")).rejected()).isEqualTo(1);

      f.state.retire(new ShopKey("amazon", "US", "S1"));
      IngestResult again = f.send(order("S3", "c"));

      assertThat(again.accepted()).as("the id was not remembered as seen").isEqualTo(1);
      assertThat(orders(f, "US", "S3", "success")).isEqualTo(1.0);
    }

    @Test
    void aFailedOrderNeedingTwoNewSeriesIsAppliedWholeOrNotAtAll() {
      Fixture tight =
          new Fixture(
              ConfigLoader.parse("limits:\n  max_series_per_metric: 1\n"),
              TestClock.at("2026-11-24T08:00:00Z"));
      tight.send(
          "{\"type\":\"order\",\"marketplace\":\"amazon\",\"shop\":\"S1\",\"outcome\":\"failure\","
              + "\"reason\":\"payment\"}");

      IngestResult r =
          tight.send(
              "{\"type\":\"order\",\"marketplace\":\"amazon\",\"shop\":\"S1\","
                  + "\"outcome\":\"failure\",\"reason\":\"stock\"}");

      assertThat(r.rejected()).isEqualTo(1);
      assertThat(r.errors().get(0).message())
          .startsWith("series limit reached: marketplace_order_failures_total");
      assertThat(orders(tight, "", "S1", "failure"))
          .as("not counted in orders either")
          .isEqualTo(1.0);
    }

    @Test
    void aPolledEventAtTheLimitIsCountedAsDropped() {
      f.send("[" + order("S1", "a") + "," + order("S2", "b") + "]");
      Fixture one =
          new Fixture(
              ConfigLoader.parse("limits:\n  max_series_per_metric: 1\n"),
              TestClock.at("2026-11-24T08:00:00Z"));
      one.ingest.ingestPolled(
          new Event.Token(new ShopKey("amazon", "US", "S1"), TokenKind.ACCESS, 1e9));

      one.ingest.ingestPolled(
          new Event.Token(new ShopKey("amazon", "US", "S2"), TokenKind.ACCESS, 1e9));

      assertThat(
              one.value(
                  "marketplace_exporter_series_dropped_total",
                  "metric",
                  "marketplace_token_expiry_timestamp_seconds"))
          .isEqualTo(1.0);
    }

    @Test
    void theDefaultLimitHoldsTheDocumentedReplicaOfThirteenThousandShopsWithFiveSyncJobs() {
      int shops = 13_000;
      int syncRunSeries = shops * 5 * 2; // five jobs, two outcomes each

      assertThat(LimitsConfig.defaults().maxSeriesPerMetric())
          .isGreaterThanOrEqualTo(syncRunSeries * 3 / 2);
    }
  }

  @Nested
  class LabelValues {
    final Fixture f = Fixture.create();

    @Test
    void aLoneSurrogateIsRejectedNamingTheFieldSoThatShopsCannotCollide() {
      IngestResult r =
          f.send(
              "[{\"type\":\"order\",\"marketplace\":\"amazon\",\"shop\":\"A\\ud800\","
                  + "\"outcome\":\"success\"},"
                  + "{\"type\":\"order\",\"marketplace\":\"amazon\",\"shop\":\"A\\udfff\","
                  + "\"outcome\":\"success\"},"
                  + "{\"type\":\"order\",\"marketplace\":\"amazon\",\"shop\":\"A\\ud83d\\ude00\","
                  + "\"outcome\":\"success\"}]");

      assertThat(r.rejected()).isEqualTo(2);
      assertThat(r.accepted()).as("a proper pair is one character").isEqualTo(1);
      assertThat(r.errors())
          .allSatisfy(
              e -> {
                assertThat(e.field()).isEqualTo("shop");
                assertThat(e.message()).contains("lone UTF-16 surrogate");
              });
    }
  }

  @Nested
  class ErrorList {
    @Test
    void aBodyOfEmptyObjectsAnswersTheFirstHundredErrorsAndCountsTheRest() throws Exception {
      int n = 200_000;
      StringBuilder body = new StringBuilder("[");
      for (int i = 0; i < n; i++) {
        body.append(i == 0 ? "{}" : ",{}");
      }
      body.append(']');
      try (RunningExporter server = RunningExporter.start()) {
        RunningExporter.Reply r = server.post("/api/v1/events", body.toString());

        assertThat(r.status()).as("nothing applied").isEqualTo(422);
        assertThat(r.body().length()).as("answer size").isLessThan(20_000);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.get("rejected").asInt()).isEqualTo(n);
        assertThat(answer.get("errors")).hasSize(100);
        assertThat(answer.get("errors_omitted").asInt()).isGreaterThanOrEqualTo(n - 100);
      }
    }
  }
}
