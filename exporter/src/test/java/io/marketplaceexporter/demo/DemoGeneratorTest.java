package io.marketplaceexporter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.Fixture;
import io.marketplaceexporter.support.MetricContract;
import io.marketplaceexporter.support.MetricsText;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DemoGeneratorTest {
  private final Fixture f = Fixture.create();

  private DemoGenerator demo(DemoScenario scenario) {
    return new DemoGenerator(f.ingest, f.clock, new Random(7), scenario);
  }

  private void ticks(DemoGenerator d, int n) {
    for (int i = 0; i < n; i++) {
      d.tick();
      f.clock.advance(Duration.ofSeconds(5));
    }
  }

  /** Sum of a metric's samples whose labels contain all the given pairs. */
  private double sum(String name, String... pairs) {
    MetricsText m = f.scrape();
    double total = 0;
    outer:
    for (MetricsText.Sample s : m.samples(name)) {
      for (int i = 0; i < pairs.length; i += 2) {
        if (!pairs[i + 1].equals(s.labels().get(pairs[i]))) {
          continue outer;
        }
      }
      total += s.value();
    }
    return total;
  }

  @Test
  void firstTickGivesEveryContractMetricDataAndNothingIsRejected() {
    demo(DemoScenario.builtIn()).tick();

    assertThat(MetricContract.withoutData(f.scrape(), MetricContract.SOURCES, MetricContract.RELAY))
        .isEmpty();
    assertThat(sum("marketplace_exporter_ingest_events_total", "result", "rejected")).isZero();
    assertThat(sum("marketplace_exporter_ingest_events_total", "result", "accepted"))
        .isGreaterThan(100);
  }

  @Nested
  class Incidents {
    private final DemoGenerator d = demo(DemoScenario.quiet());

    @Test
    void quietScenarioHasNoAnomalies() {
      ticks(d, 3);

      assertThat(sum("marketplace_price_anomalous_skus")).isZero();
      assertThat(sum("marketplace_inventory_negative_skus")).isZero();
      assertThat(d.active()).isEmpty();
    }

    @Test
    void zeroPriceFlagsThreeSkusUntilTheIncidentEnds() {
      ticks(d, 1);
      d.trigger(Incident.ZERO_PRICE, "A2EUQ1WTGCTBG2", Duration.ofMinutes(1));
      ticks(d, 1);

      assertThat(sum("marketplace_price_anomalous_skus", "shop", "A2EUQ1WTGCTBG2", "kind", "zero"))
          .isEqualTo(3.0);
      assertThat(sum("marketplace_changes_total", "kind", "price_batch")).isEqualTo(1.0);

      d.clear(Incident.ZERO_PRICE);
      ticks(d, 5);
      assertThat(sum("marketplace_price_anomalous_skus", "kind", "zero")).isZero();
    }

    @Test
    void stalledSyncFailsTheInventoryJobAndFreezesItsLastSuccess() {
      ticks(d, 1);
      double before =
          sum(
              "marketplace_sync_last_success_timestamp_seconds",
              "shop",
              "10001234567",
              "job",
              "inventory");
      d.trigger(Incident.STALLED_SYNC, "10001234567", Duration.ofMinutes(5));
      ticks(d, 3);

      assertThat(
              sum(
                  "marketplace_sync_last_success_timestamp_seconds",
                  "shop",
                  "10001234567",
                  "job",
                  "inventory"))
          .isEqualTo(before);
      assertThat(
              sum(
                  "marketplace_sync_runs_total",
                  "shop",
                  "10001234567",
                  "job",
                  "inventory",
                  "outcome",
                  "failure"))
          .isEqualTo(3.0);
    }

    @Test
    void throttlingMakesMostCalls429AndDrainsTheQuota() {
      d.trigger(Incident.THROTTLING, "shop_220041", Duration.ofMinutes(5));
      ticks(d, 4);

      double throttled =
          sum("marketplace_api_requests_total", "shop", "shop_220041", "code", "429");
      double all = sum("marketplace_api_requests_total", "shop", "shop_220041");
      assertThat(throttled / all).isGreaterThan(0.5);
      assertThat(
              sum(
                  "marketplace_api_quota_remaining",
                  "shop",
                  "shop_220041",
                  "operation",
                  "v2.order.get_order_list"))
          .isLessThan(3);
    }

    @Test
    void deployRegressionEmitsADeployAndABurstOfFailures() {
      ticks(d, 2);
      double deploysBefore = sum("marketplace_changes_total", "kind", "deploy");
      d.trigger(Incident.DEPLOY_REGRESSION, "7495623318", Duration.ofMinutes(5));
      ticks(d, 3);

      assertThat(sum("marketplace_changes_total", "kind", "deploy")).isEqualTo(deploysBefore + 1);
      double failed = sum("marketplace_orders_total", "shop", "7495623318", "outcome", "failure");
      double ok = sum("marketplace_orders_total", "shop", "7495623318", "outcome", "success");
      assertThat(failed / (failed + ok)).isGreaterThan(0.3);
      assertThat(
              sum("marketplace_order_failures_total", "shop", "7495623318", "reason", "api_error"))
          .isGreaterThan(0);
    }

    @Test
    void expiringTokenLeavesHoursNotWeeks() {
      d.trigger(Incident.TOKEN_EXPIRING, "lzd_th_5520", Duration.ofMinutes(5));
      ticks(d, 1);

      double expiry =
          sum(
              "marketplace_token_expiry_timestamp_seconds",
              "shop",
              "lzd_th_5520",
              "token",
              "refresh");
      assertThat(expiry - f.clock.epochSeconds()).isBetween(5.0 * 3600, 6.0 * 3600);
    }

    @Test
    void negativeStockAndPriceDropShowInTheirGauges() {
      ticks(d, 1);
      d.trigger(Incident.NEGATIVE_STOCK, "shop_310877", Duration.ofMinutes(5));
      d.trigger(Incident.PRICE_DROP, "A1PA6795UKMFR9", Duration.ofMinutes(5));
      ticks(d, 1);

      assertThat(sum("marketplace_inventory_negative_skus", "shop", "shop_310877")).isEqualTo(2.0);
      assertThat(sum("marketplace_price_anomalous_skus", "shop", "A1PA6795UKMFR9", "kind", "drop"))
          .isEqualTo(3.0);
    }
  }

  @Test
  void builtInScenarioStartsIncidentsOnScheduleAndRepeats() {
    DemoGenerator d = demo(DemoScenario.builtIn());
    assertThat(d.active())
        .extracting(DemoGenerator.ActiveIncident::incident)
        .contains(Incident.ZERO_PRICE, Incident.STALLED_SYNC)
        .doesNotContain(Incident.DEPLOY_REGRESSION);

    f.clock.advance(Duration.ofMinutes(3));
    assertThat(d.active())
        .extracting(DemoGenerator.ActiveIncident::incident)
        .contains(Incident.DEPLOY_REGRESSION);

    f.clock.advance(Duration.ofMinutes(27));
    assertThat(d.active())
        .extracting(DemoGenerator.ActiveIncident::incident)
        .contains(Incident.ZERO_PRICE)
        .doesNotContain(Incident.DEPLOY_REGRESSION);
  }
}
