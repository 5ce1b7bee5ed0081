package io.marketplaceexporter.operations.drill;

import static io.marketplaceexporter.operations.drill.DrillHarness.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.DrillsConfig;
import io.marketplaceexporter.ingest.IngestResult;
import io.marketplaceexporter.model.ShopKey;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DrillServiceTest {
  @TempDir Path storage;
  private final DrillHarness h = new DrillHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private DrillReport drill() {
    DrillService s = h.service == null ? h.service(DrillHarness.config(), storage) : h.service;
    DrillReport started = s.start(DrillIncident.ZERO_PRICE);
    return h.service.report(started.id()).orElseThrow();
  }

  @Nested
  class AReportMeasuresEachStage {
    @Test
    void firingDeliveryAndRunbookAreTimedFromTheStart() throws Exception {
      h.firingFrom = START.plusSeconds(90);
      h.deliverAt = START.plusSeconds(110);

      DrillReport r = drill();

      assertThat(r.state()).isEqualTo("finished");
      assertThat(r.result()).isEqualTo("passed");
      assertThat(r.alert()).isEqualTo("PriceZeroOrNegative");
      assertThat(r.stage("played").status()).isEqualTo("ok");
      assertThat(r.stage("firing").seconds()).isEqualTo(90.0);
      assertThat(r.stage("delivered").seconds()).isEqualTo(110.0);
      assertThat(r.stage("runbook").httpStatus()).isEqualTo(200);
      RecordedRequest probe = h.runbookRequest();
      assertThat(probe.getMethod()).isEqualTo("HEAD");
      assertThat(probe.getUrl().encodedPath()).isEqualTo("/runbooks/PriceZeroOrNegative.md");
    }

    @Test
    void aPendingAlertIsNotYetFiring() {
      h.firingFrom = START.plusSeconds(45);
      h.deliverAt = START.plusSeconds(50);

      assertThat(drill().stage("firing").seconds()).isEqualTo(45.0);
    }

    @Test
    void theSameAlertOfARealShopDoesNotCount() {
      // alerts-firing.json also lists PriceZeroOrNegative firing for shopee/real-shop; the drill
      // shop's own alert stays pending past the deadline.
      h.firingFrom = START.plus(Duration.ofHours(1));

      DrillReport r = drill();

      assertThat(r.stage("firing").status()).isEqualTo("missed");
    }
  }

  @Nested
  class AMissedStageIsReportedAsMissed {
    @Test
    void noFiringWithinTheDeadline() {
      DrillReport r = drill();

      assertThat(r.result()).isEqualTo("failed");
      assertThat(r.stage("firing").status()).isEqualTo("missed");
      assertThat(r.stage("firing").detail()).contains("within 300.0 s");
      assertThat(r.stage("delivered").status()).isEqualTo("missed");
      assertThat(r.stage("runbook").status()).isEqualTo("failed");
      assertThat(h.fixture.clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void noDeliveryWithinItsDeadlineAfterTheFiring() {
      h.firingFrom = START.plusSeconds(30);

      DrillReport r = drill();

      assertThat(r.stage("firing").status()).isEqualTo("ok");
      assertThat(r.stage("delivered").status()).isEqualTo("missed");
      assertThat(r.stage("delivered").detail()).contains("within 120.0 s of the firing");
      assertThat(h.fixture.clock.instant()).isEqualTo(START.plusSeconds(150));
    }

    @Test
    void theDeliveryOfAnotherAlertOrShopDoesNotCount() {
      h.firingFrom = START.plusSeconds(30);
      h.deliverAt = START.plusSeconds(40);
      h.alertInDelivery = "OrderFailureRatioHigh";

      assertThat(drill().stage("delivered").status()).isEqualTo("missed");

      h.alertInDelivery = "PriceZeroOrNegative";
      h.shopInDelivery = "real-shop";
      assertThat(drill().stage("delivered").status()).isEqualTo("missed");
    }

    @Test
    void prometheusFailingIsNamedInTheMissedStage() {
      h.prometheusStatus = 503;

      DrillReport r = drill();

      assertThat(r.stage("firing").status()).isEqualTo("missed");
      assertThat(r.stage("firing").detail()).contains("Prometheus", "503");
    }
  }

  @Nested
  class TheRunbookLink {
    @Test
    void aNotFoundLinkFailsTheDrill() {
      h.firingFrom = START.plusSeconds(10);
      h.deliverAt = START.plusSeconds(20);
      h.runbookStatus = 404;

      DrillReport r = drill();

      assertThat(r.stage("runbook").status()).isEqualTo("failed");
      assertThat(r.stage("runbook").httpStatus()).isEqualTo(404);
      assertThat(r.result()).isEqualTo("failed");
    }

    @Test
    void aRedirectAnswersButIsNotFollowed() throws Exception {
      h.firingFrom = START.plusSeconds(10);
      h.deliverAt = START.plusSeconds(20);
      h.runbookStatus = 301;

      DrillReport r = drill();

      assertThat(r.stage("runbook").status()).isEqualTo("ok");
      assertThat(r.stage("runbook").httpStatus()).isEqualTo(301);
      assertThat(h.runbooks.getRequestCount()).as("the Location was not followed").isEqualTo(1);
    }

    @Test
    void aServerWithoutHeadIsAskedWithGet() throws Exception {
      h.firingFrom = START.plusSeconds(10);
      h.deliverAt = START.plusSeconds(20);
      h.runbookStatus = 405;

      drill();

      assertThat(h.runbookRequest().getMethod()).isEqualTo("HEAD");
      assertThat(h.runbookRequest().getMethod()).isEqualTo("GET");
    }
  }

  @Nested
  class TheDrillShopAlone {
    @Test
    void theFaultIsPlayedOnTheDrillShopAndClearedAfterTheReport() {
      h.fixture.send(
          "{\"type\":\"price\",\"marketplace\":\"other\",\"shop\":\"real-shop\",\"sku\":\"A\","
              + "\"price\":0}");
      h.firingFrom = START.plusSeconds(5);
      h.deliverAt = START.plusSeconds(6);

      drill();

      assertThat(h.shopsSeenDuringTheDrill).isNotEmpty();
      String after = h.fixture.scrapeText();
      assertThat(after).doesNotContain("shop=\"drill-shop\"").contains("shop=\"real-shop\"");
    }

    @ParameterizedTest
    @EnumSource(DrillIncident.class)
    void everyIncidentsEventsPassTheIngestValidation(DrillIncident incident) {
      var target = new DrillIncident.DrillTarget("other", "", "drill-shop", "d1");
      for (int tick = 0; tick <= DrillIncident.BASELINE_TICKS; tick++) {
        var events = incident.fault(target, tick, START);
        IngestResult r = h.fixture.ingest.ingest(new ArrayList<>(events));
        assertThat(r.errors()).as("%s tick %d", incident, tick).isEmpty();
        assertThat(r.accepted()).isEqualTo(events.size());
      }
    }

    @Test
    void aDrillShopThatIsAConfiguredSourcesShopIsRefused() {
      DrillsConfig d = new DrillsConfig("amazon", "A2EUQ1WTGCTBG2");
      assertThatThrownBy(
              () ->
                  DrillService.requireReserved(
                      d, List.of(new ShopKey("amazon", "US", "A2EUQ1WTGCTBG2"))))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("drills.shop: amazon/A2EUQ1WTGCTBG2 is the shop of");
      DrillService.requireReserved(d, List.of(new ShopKey("shopee", "SG", "A2EUQ1WTGCTBG2")));
    }
  }

  @Nested
  class OneAtATime {
    @Test
    void aSecondDrillWhileOneRunsIsRefused() {
      List<Runnable> queued = new ArrayList<>();
      DrillService s = h.service(DrillHarness.config(), storage, queued::add, true);
      DrillReport first = s.start(DrillIncident.ZERO_PRICE);

      assertThat(first.state()).isEqualTo("running");
      assertThatThrownBy(() -> s.start(DrillIncident.TOKEN_EXPIRING))
          .isInstanceOf(DrillService.Refused.class)
          .hasMessageContaining(first.id());
      queued.get(0).run();
      assertThat(s.start(DrillIncident.TOKEN_EXPIRING).id()).isNotEqualTo(first.id());
    }

    @Test
    void withoutPrometheusNoDrillStarts() {
      DrillService s = h.service(DrillHarness.config(), storage, Runnable::run, false);
      assertThatThrownBy(() -> s.start(DrillIncident.ZERO_PRICE))
          .isInstanceOf(DrillService.Refused.class)
          .hasMessageContaining("prometheus.url");
    }
  }

  @Nested
  class KeptPostedAndCounted {
    @Test
    void theReportIsPostedToTheGroupAsADrill() {
      h.firingFrom = START.plusSeconds(90);
      h.deliverAt = START.plusSeconds(110);

      drill();

      assertThat(h.posted).hasSize(1);
      assertThat(h.posted.get(0).drill()).isTrue();
      assertThat(h.posted.get(0).title()).isEqualTo("Drill zero_price: passed");
      assertThat(h.posted.get(0).markdown())
          .contains("firing: ok after 90.0 s", "delivered: ok after 110.0 s", "(HTTP 200)")
          .doesNotContain("the runbook's text");
    }

    @Test
    void detectionTimesAndResultsAreMetrics() {
      h.firingFrom = START.plusSeconds(90);
      h.deliverAt = START.plusSeconds(110);
      drill();
      h.deliverAt = null;
      drill();

      String text = h.fixture.scrapeText();
      assertThat(text)
          .contains(
              "marketplace_exporter_drills_total{incident=\"zero_price\",result=\"passed\"} 1.0",
              "marketplace_exporter_drills_total{incident=\"zero_price\",result=\"failed\"} 1.0",
              "marketplace_exporter_drills_total{incident=\"token_expiring\",result=\"passed\"} 0.0",
              "marketplace_exporter_drill_detection_seconds_count{incident=\"zero_price\","
                  + "stage=\"firing\"} 2",
              "marketplace_exporter_drill_detection_seconds_sum{incident=\"zero_price\","
                  + "stage=\"delivered\"} 110.0");
    }

    @Test
    void reportsSurviveARestart() {
      h.firingFrom = START.plusSeconds(90);
      h.deliverAt = START.plusSeconds(110);
      DrillReport r = drill();

      DrillService restarted =
          h.service(DrillHarness.config(), storage, Runnable::run, true, new PrometheusRegistry());

      assertThat(restarted.report(r.id())).contains(r);
      assertThat(restarted.reports()).containsExactly(r);
      assertThat(storage.resolve("drills.json")).isRegularFile();
    }
  }

  @Test
  void anAlertOverrideIsTheAlertWaitedFor() {
    DrillsConfig c = DrillHarness.config(Map.of("zero_price", "MyZeroPriceAlert"));
    DrillReport r = h.service(c, storage).start(DrillIncident.ZERO_PRICE);
    assertThat(r.alert()).isEqualTo("MyZeroPriceAlert");
  }
}
