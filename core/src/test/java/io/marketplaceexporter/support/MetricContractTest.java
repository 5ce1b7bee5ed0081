package io.marketplaceexporter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract parser that ContractTest, DemoModeHttpTest, JarDemoIT and the pack's ConsistencyTest
 * and DemoExposureTest all rely on reads every part of a table row, so that none of their checks
 * can pass on a row it skipped or misread.
 */
class MetricContractTest {
  private static final String MARKDOWN =
      """
      # Metrics

      | Metric | Type | Labels | Unit | Meaning | Source |
      |---|---|---|---|---|---|
      | `not_a_section_yet` | gauge | | 1 | Before any section. | x |

      ## Orders

      | Metric | Type | Labels | Unit | Meaning | Source |
      |---|---|---|---|---|---|
      | `shop_orders_total` | counter | `marketplace`, `shop`, `outcome` | orders | By `outcome` (`success`, `failure`). | `order` event |
      | `shop_api_duration_seconds` | histogram | `marketplace` | seconds | Buckets 0.1, 1 s. | calls |
      | `shop_tracked` | gauge | | shops | No labels. | start-up |
      Prose mentioning `shop_prose_total` is not a row.

      ## Alerting configuration

      | Metric | Type | Labels | Unit | Meaning | Source |
      |---|---|---|---|---|---|
      | `shop_alert_threshold` | gauge | `threshold`, `shop` | as set | Configured only. | configuration |
      | `shop_change_scope` | gauge | `service` | 1 | Configured only. | configuration |

      ## Sources

      | `Source_Up` | gauge | `source` | 1 | Upper case is a valid metric name. | poll engine |
      """;

  private static final Map<String, MetricContract.Entry> CONTRACT = MetricContract.parse(MARKDOWN);

  @Nested
  class Rows {
    @Test
    void everyTableRowIsAnEntryWithItsTypeLabelsAndSectionAndNothingElseIs() {
      assertThat(CONTRACT)
          .containsExactly(
              Map.entry(
                  "not_a_section_yet",
                  new MetricContract.Entry("not_a_section_yet", "gauge", Set.of(), "")),
              Map.entry(
                  "shop_orders_total",
                  new MetricContract.Entry(
                      "shop_orders_total",
                      "counter",
                      Set.of("marketplace", "shop", "outcome"),
                      "Orders")),
              Map.entry(
                  "shop_api_duration_seconds",
                  new MetricContract.Entry(
                      "shop_api_duration_seconds", "histogram", Set.of("marketplace"), "Orders")),
              Map.entry(
                  "shop_tracked",
                  new MetricContract.Entry("shop_tracked", "gauge", Set.of(), "Orders")),
              Map.entry(
                  "shop_alert_threshold",
                  new MetricContract.Entry(
                      "shop_alert_threshold",
                      "gauge",
                      Set.of("threshold", "shop"),
                      MetricContract.ALERTING)),
              Map.entry(
                  "shop_change_scope",
                  new MetricContract.Entry(
                      "shop_change_scope", "gauge", Set.of("service"), MetricContract.ALERTING)),
              Map.entry(
                  "Source_Up",
                  new MetricContract.Entry(
                      "Source_Up", "gauge", Set.of("source"), MetricContract.SOURCES)));
    }

    @Test
    void aMetricListedTwiceIsAnError() {
      assertThatThrownBy(
              () ->
                  MetricContract.parse(
                      "| `a_total` | counter | | x | y | z |\n| `a_total` | gauge | | x | y | z |\n"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("a_total twice");
    }
  }

  @Nested
  class Sections {
    @Test
    void theAlertingConfigurationSectionNamesTheMetricsThatExistOnlyWhenConfigured() {
      assertThat(MetricContract.namesIn(CONTRACT, MetricContract.ALERTING))
          .containsExactly("shop_alert_threshold", "shop_change_scope");
    }

    @Test
    void aSectionWithoutEntriesNamesNone() {
      assertThat(MetricContract.namesIn(CONTRACT, MetricContract.RELAY)).isEmpty();
    }

    @Test
    void theRealContractHasConfiguredOnlyMetrics() {
      assertThat(MetricContract.namesIn(MetricContract.load(), MetricContract.ALERTING))
          .contains("marketplace_alert_threshold", "marketplace_change_scope");
    }
  }

  @Nested
  class SeriesAndWords {
    @Test
    void histogramsExpandToTheirBucketSumAndCountSeries() {
      assertThat(MetricContract.seriesNames(CONTRACT))
          .containsExactlyInAnyOrder(
              "not_a_section_yet",
              "shop_orders_total",
              "shop_api_duration_seconds",
              "shop_api_duration_seconds_bucket",
              "shop_api_duration_seconds_sum",
              "shop_api_duration_seconds_count",
              "shop_tracked",
              "shop_alert_threshold",
              "shop_change_scope",
              "Source_Up");
    }

    @Test
    void backtickedWordsAreEveryBacktickedWordOfTheDocumentProseIncluded() {
      assertThat(MetricContract.backtickedWords(MARKDOWN))
          .contains("success", "failure", "order", "shop_prose_total", "outcome", "Source_Up")
          .doesNotContain("Orders", "gauge");
    }
  }
}
