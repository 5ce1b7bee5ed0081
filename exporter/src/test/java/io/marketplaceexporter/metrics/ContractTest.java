package io.marketplaceexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.support.MetricContract;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.RunningExporter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/metrics.md} true: after every event type has been fed in, what {@code /metrics}
 * exposes and what the contract lists match both ways, with types and label names.
 */
class ContractTest {
  /** One event of every type, and a failure, an anomaly and a backlog so every family shows. */
  static final String EVERY_EVENT_TYPE =
      """
      [
       {"type":"order","marketplace":"amazon","site":"US","shop":"S1","outcome":"success","count":3},
       {"type":"order","marketplace":"amazon","site":"US","shop":"S1","outcome":"failure","reason":"payment"},
       {"type":"order_backlog","marketplace":"amazon","site":"US","shop":"S1","pending":4,"oldest_pending_at":1795505400},
       {"type":"sync","marketplace":"amazon","site":"US","shop":"S1","system":"mabang","job":"inventory","outcome":"success","finished_at":1795507140,"expected_interval_seconds":3600},
       {"type":"api_call","marketplace":"amazon","site":"US","shop":"S1","operation":"getOrders","status":429,"duration_seconds":0.4,"quota_limit":20,"quota_remaining":0},
       {"type":"quota","marketplace":"amazon","site":"US","shop":"S1","operation":"getOrderItems","limit":30,"remaining":29},
       {"type":"token","marketplace":"amazon","site":"US","shop":"S1","token":"refresh","expires_at":"2026-12-01T00:00:00Z"},
       {"type":"price","marketplace":"amazon","site":"US","shop":"S1","sku":"SKU-1","price":0,"currency":"USD"},
       {"type":"inventory","marketplace":"amazon","site":"US","shop":"S1","sku":"SKU-2","available":-1},
       {"type":"listing_status","marketplace":"amazon","site":"US","shop":"S1","counts":{"active":40,"suppressed":2}},
       {"type":"change","service":"erp-sync","kind":"deploy","version":"1.2.3"},
       {"type":"payment","marketplace":"amazon","site":"US","shop":"S1","gateway":"gw-new","payment_id":"P1","status":"captured","captured_at":1795507000}
      ]
      """;

  private static RunningExporter server;
  private static MetricsText exposed;
  private static Map<String, MetricContract.Entry> contract;

  /** An ERP for the one configured source, so that the source health metrics exist. */
  private static final MockWebServer ERP = new MockWebServer();

  /**
   * A source, a relay target, a threshold and a rollback action: their metrics exist only when
   * configured.
   */
  private static final String CONFIG =
      """
      sources:
        - name: erp
          type: generic
          url: %s
          interval: 1h
          mappings: [{for_each: "$.items[*]", event: {type: change, service: $.s, kind: deploy}}]
      relay:
        dingtalk:
          contract: {url: "http://127.0.0.1:9/robot/send"}
      alerting:
        thresholds:
          - {marketplace: amazon, site: US, shop: S1, order_failure_ratio: 0.2}
        change_scopes:
          - {service: erp-sync, marketplace: amazon, site: US, shop: S1}
      actions:
        rollbacks:
          - {name: pause-sync, alerts: [SyncLagHigh], approvers: [oncall],
             request: {url: "http://127.0.0.1:9/rollback"}}
      """;

  @BeforeAll
  static void feedEveryEventTypeAndScrape() throws Exception {
    ERP.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().body("{\"items\":[]}").build();
          }
        });
    ERP.start();
    server =
        RunningExporter.start(CONFIG.formatted(ERP.url("/status")), Map.of(), Launcher.plain());
    assertThat(server.post("/api/v1/events", EVERY_EVENT_TYPE).body())
        .contains("\"accepted\":12", "\"rejected\":0");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    exposed = server.metrics();
    while (exposed.samples("marketplace_exporter_source_last_success_timestamp_seconds").isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
      exposed = server.metrics();
    }
    contract = MetricContract.load();
  }

  @AfterAll
  static void stop() {
    server.close();
    ERP.close();
  }

  @Test
  void contractListsTheCoreMetricsOfTheIssue() {
    assertThat(contract)
        .containsKeys(
            "marketplace_orders_total",
            "marketplace_sync_last_success_timestamp_seconds",
            "marketplace_api_request_duration_seconds",
            "marketplace_token_expiry_timestamp_seconds",
            "marketplace_change_info",
            "marketplace_exporter_build_info");
  }

  @Test
  void everyDocumentedMetricIsExposedWithItsTypeAndExactlyItsLabels() {
    for (MetricContract.Entry e : contract.values()) {
      assertThat(exposed.types()).as("TYPE of %s", e.name()).containsEntry(e.name(), e.type());
      assertThat(MetricContract.exposedLabels(exposed, e.name(), e.type()))
          .as("labels of %s", e.name())
          .isEqualTo(e.labels());
    }
  }

  @Test
  void everyExposedMetricIsDocumented() {
    Set<String> undocumented = new TreeSet<>();
    for (String family : exposed.types().keySet()) {
      if (!MetricContract.isRuntimeMetric(family) && !contract.containsKey(family)) {
        undocumented.add(family);
      }
    }
    assertThat(undocumented).as("exposed but missing from docs/metrics.md").isEmpty();
  }

  @Test
  void everyExposedSampleBelongsToADocumentedFamily() {
    for (MetricsText.Sample s : exposed.samples()) {
      String family = s.name().replaceAll("_(bucket|sum|count|created)$", "");
      assertThat(contract.containsKey(s.name()) || contract.containsKey(family))
          .as("sample %s", s.name())
          .isTrue();
    }
  }
}
