package io.marketplaceexporter.sources.generic;

import static io.marketplaceexporter.sources.SourcesTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.sources.Source;
import io.marketplaceexporter.sources.SourceScheduler;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GenericJsonSourceTest {
  static final String TOKEN = "mabang-open-api-token-0c9d8e7f";
  static final String MAPPINGS =
      """
          mappings:
            - for_each: $.data.shops[*]
              event:
                type: sync
                id: $.inventorySync.runId
                marketplace: $.platform
                site: $.site
                shop: $.shopId
                system: mabang
                job: inventory
                outcome: $.inventorySync.status
                finished_at: $.inventorySync.lastSuccessAt
            - for_each: $.data.prices[*]
              event:
                type: price
                marketplace: $.platform
                site: $.site
                shop: $.shopId
                sku: $.sku
                price: $.price
                currency: $.currency
            - for_each: $.data.deploys[*]
              event: {type: change, id: $.id, service: $.service, kind: deploy, version: $.version, at: $.at}
      """;

  @StartStop final MockWebServer server = new MockWebServer();
  SourcesTestSupport t;
  SourceScheduler scheduler;
  Source source;

  private Source create(String mappings) {
    return t.source(
        """
          - name: mabang
            type: generic
            url: %s
            timeout: 2s
            headers:
              X-Tenant: acme
            credentials:
              bearer_token: ${MABANG_TOKEN}
        %s"""
            .formatted(server.url("/api/v1/shop-status"), mappings),
        Map.of("MABANG_TOKEN", TOKEN));
  }

  @BeforeEach
  void setUp() {
    t = new SourcesTestSupport();
    source = create(MAPPINGS);
    scheduler = t.scheduler(List.of(source));
  }

  private void enqueue(String body) {
    server.enqueue(new MockResponse.Builder().body(body).build());
  }

  @Nested
  class Mappings {
    @Test
    void sendsTheConfiguredRequestWithBearerAuth() throws Exception {
      enqueue(fixture("generic/mabang-shop-status.json"));

      scheduler.pollOnce(source);

      RecordedRequest r = server.takeRequest();
      assertThat(r.getMethod()).isEqualTo("GET");
      assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/shop-status");
      assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(r.getHeaders().get("X-Tenant")).isEqualTo("acme");
    }

    @Test
    void eachShopsLastInventorySyncFeedsSyncLastSuccess() {
      enqueue(fixture("generic/mabang-shop-status.json"));

      scheduler.pollOnce(source);

      assertThat(
              t.value(
                  "marketplace_sync_last_success_timestamp_seconds",
                  "shop",
                  "A2EUQ1WTGCTBG2",
                  "system",
                  "mabang",
                  "job",
                  "inventory"))
          .isEqualTo(Instant.parse("2026-11-24T09:55:00Z").getEpochSecond());
      assertThat(t.value("marketplace_sync_runs_total", "shop", "220041", "outcome", "failure"))
          .isEqualTo(1);
      assertThat(t.value("marketplace_exporter_source_up", "source", "mabang")).isEqualTo(1);
    }

    @Test
    void pricesAndDeploysFromTheErpFeedTheirFamilies() {
      enqueue(fixture("generic/mabang-shop-status.json"));

      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_price_checks_total", "shop", "A2EUQ1WTGCTBG2")).isEqualTo(2);
      assertThat(
              t.value("marketplace_price_anomalous_skus", "shop", "A2EUQ1WTGCTBG2", "kind", "zero"))
          .isEqualTo(1);
      assertThat(
              t.value(
                  "marketplace_changes_total", "service", "mabang-order-sync", "kind", "deploy"))
          .isEqualTo(1);
    }

    @Test
    void eventsWithAnIdCountOnceAcrossPolls() {
      enqueue(fixture("generic/mabang-shop-status.json"));
      enqueue(fixture("generic/mabang-shop-status.json"));

      scheduler.pollOnce(source);
      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_sync_runs_total", "shop", "220041")).isEqualTo(1);
      assertThat(t.value("marketplace_changes_total", "service", "mabang-order-sync")).isEqualTo(1);
    }

    @Test
    void eventsTheIngestValidationRejectsAreAMappingErrorAndTheValidOnesStillApply() {
      t = new SourcesTestSupport();
      source =
          create(
              """
                  mappings:
                    - for_each: $.data.shops[*]
                      event: {type: sync, marketplace: $.platform, site: $.site, shop: $.shopId,
                              system: mabang, job: stock, outcome: success,
                              finished_at: $.inventorySync.lastSuccessAt}
                    - for_each: $.data.deploys[*]
                      event: {type: change, service: $.service, kind: deploy, version: $.version}
              """);
      scheduler = t.scheduler(List.of(source));
      enqueue(fixture("generic/mabang-shop-status.json"));

      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "mapping"))
          .isEqualTo(1);
      assertThat(t.value("marketplace_changes_total", "service", "mabang-order-sync")).isEqualTo(1);
    }

    @Test
    void eventsRefusedAtTheSeriesLimitAreTheExportersLimitNotAMappingErrorOfTheSource() {
      t =
          new SourcesTestSupport(
              ConfigLoader.parse("limits:\n  max_series_per_metric: 2\n").limits());
      source = create(MAPPINGS);
      scheduler = t.scheduler(List.of(source));
      enqueue(fixture("generic/mabang-shop-status.json"));

      scheduler.pollOnce(source);

      assertThat(
              t.value(
                  "marketplace_exporter_series_dropped_total",
                  "metric",
                  "marketplace_sync_runs_total"))
          .as("the second shop's sync runs found the metric full")
          .isGreaterThan(0);
      assertThat(t.value("marketplace_exporter_source_up", "source", "mabang")).isEqualTo(1);
      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "mapping"))
          .isNotEqualTo(1);
    }

    @Test
    void aPathThatFindsNothingLeavesTheFieldOutSoValidationNamesIt() {
      enqueue("{\"data\":{\"shops\":[{\"platform\":\"amazon\",\"shopId\":\"X1\"}]}}");

      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "mapping"))
          .isEqualTo(1);
    }
  }

  /**
   * Issue 19: an ERP's payment reconciliation endpoint feeds the payment event. The answer's shape
   * is an in-house ERP's (no official contract: the event type is gateway-neutral).
   */
  @Nested
  class Payments {
    static final String PAYMENTS =
        """
            mappings:
              - for_each: $.data.payments[*]
                event: {type: payment, id: $.eventId, marketplace: $.platform, site: $.site,
                        shop: $.shopId, gateway: $.gateway, payment_id: $.paymentId,
                        order_id: $.orderId, status: $.state, captured_at: $.capturedAt}
        """;

    @Test
    void capturedPaymentsWithoutAMatchAreUnmatchedAndABadStateIsAMappingError() {
      t = new SourcesTestSupport();
      source = create(PAYMENTS);
      scheduler = t.scheduler(List.of(source));
      enqueue(fixture("generic/erp-payments.json"));

      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_payments_unmatched", "shop", "220041", "gateway", "gw-new"))
          .as("PI-1001; PI-1002 was matched")
          .isEqualTo(1);
      assertThat(
              t.value(
                  "marketplace_payments_total",
                  "shop",
                  "220041",
                  "gateway",
                  "gw-legacy",
                  "status",
                  "refunded"))
          .isEqualTo(1);
      assertThat(
              t.value(
                  "marketplace_exporter_poll_errors_total",
                  "source",
                  "mabang",
                  "reason",
                  "mapping"))
          .as("state \"paid\" is not a payment status")
          .isEqualTo(1);
    }
  }

  @Nested
  class Configuration {
    @Test
    void anInvalidJsonPathFailsAtStartNamingItsKey() {
      assertThatThrownBy(
              () ->
                  create(
                      """
                          mappings:
                            - event: {type: sync, shop: "$.shops[?(@.x"}
                      """))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("sources[0].mappings[0].event.shop: not a valid JSONPath");
    }

    @Test
    void aSecretAnHttpHeaderCannotCarryFailsNamingTheKeyButNotTheValue() {
      assertThatThrownBy(
              () ->
                  t.source(
                      """
                        - name: tongtool
                          type: generic
                          url: http://127.0.0.1:1/status
                          credentials: {api_key: "${KEY}"}
                          mappings: [{event: {type: change, service: x, kind: deploy}}]
                      """,
                      Map.of("KEY", "tt-key-123\nX-Evil: 1")))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "sources[0].credentials.api_key: contains characters an HTTP header cannot carry");
    }

    @Test
    void aDoubleDollarIsALiteralDollar() {
      enqueue("{\"service\":\"x\"}");
      t = new SourcesTestSupport();
      source =
          create(
              """
                  mappings:
                    - event: {type: change, service: $.service, kind: config, version: $$5-tier}
              """);
      scheduler = t.scheduler(List.of(source));

      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_change_info", "service", "x", "version", "$5-tier"))
          .isEqualTo(1);
    }
  }
}
