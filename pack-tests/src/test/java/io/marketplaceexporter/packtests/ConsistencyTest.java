package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.MetricContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules, runbooks and the metric contract (docs/metrics.md) agree with each other. */
class ConsistencyTest {

  static final List<String> SECTIONS =
      List.of("Meaning", "Impact", "Diagnosis", "Rollback", "Verification", "Escalation");
  static final int MIN_WORDS_PER_SECTION = 30;
  static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

  /** Series Prometheus itself creates. */
  static final Set<String> PROMETHEUS_SERIES = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");

  static Stream<String> alertNames() {
    return Pack.alertNameStream();
  }

  static Stream<Pack.Alert> alerts() {
    return Pack.alerts().stream();
  }

  static String contract() {
    return Pack.read(Pack.root().resolve("docs/metrics.md"));
  }

  /** Runbook sections in the order they appear: heading -> body. */
  static Map<String, String> sections(String markdown) {
    Map<String, String> sections = new LinkedHashMap<>();
    String current = null;
    StringBuilder body = new StringBuilder();
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("## ")) {
        if (current != null) {
          sections.put(current, body.toString());
        }
        current = line.substring(3).strip();
        body.setLength(0);
      } else if (current != null) {
        body.append(line).append('\n');
      }
    }
    if (current != null) {
      sections.put(current, body.toString());
    }
    return sections;
  }

  static int words(String text) {
    String prose = text.replaceAll("(?s)```.*?```", " ");
    return (int) Stream.of(prose.split("\\s+")).filter(w -> w.matches(".*[A-Za-z].*")).count();
  }

  @Nested
  class Alerts {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.ConsistencyTest#alerts")
    void nameIsCamelCase(Pack.Alert alert) {
      assertThat(alert.name()).matches("[A-Z][a-z0-9]+([A-Z][a-z0-9]*)*");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.ConsistencyTest#alerts")
    void hasSeverityCriticalWarningOrInfoAndAFamily(Pack.Alert alert) {
      assertThat(alert.labels().get("severity")).as(alert.name()).isIn(SEVERITIES);
      assertThat(alert.labels().get("family")).as(alert.name()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.ConsistencyTest#alerts")
    void hasAllFourAnnotations(Pack.Alert alert) {
      for (String key : List.of("summary", "description", "runbook_url", "dashboard_url")) {
        assertThat(alert.annotations().get(key))
            .as("%s annotation %s", alert.name(), key)
            .isNotBlank();
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.ConsistencyTest#alerts")
    void summaryIsStaticAndDescriptionIsTemplated(Pack.Alert alert) {
      assertThat(alert.annotations().get("summary")).as(alert.name()).doesNotContain("{{");
      if (!alert.name().equals(Pack.WATCHDOG)) { // vector(1): no labels, constant value
        assertThat(alert.annotations().get("description"))
            .as(alert.name())
            .containsPattern("\\{\\{.*\\$(labels|value)");
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.ConsistencyTest#alerts")
    void runbookUrlEndsWithItsOwnAlertName(Pack.Alert alert) {
      assertThat(alert.annotations().get("runbook_url"))
          .isEqualTo(Pack.DEFAULT_RUNBOOK_BASE + alert.name() + ".md");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.ConsistencyTest#alerts")
    void shopAlertsLinkTheShopDetailDashboardOfTheirShop(Pack.Alert alert) {
      String dashboard = alert.annotations().get("dashboard_url");
      if (alert.annotations().get("description").contains("$labels.shop")) {
        assertThat(dashboard)
            .as(alert.name())
            .startsWith("http://localhost:3000/d/marketplace-shop-detail?")
            .contains(
                "var-marketplace={{ $labels.marketplace",
                "var-site={{ $labels.site",
                "var-shop={{ $labels.shop");
      } else {
        assertThat(dashboard)
            .as(alert.name())
            .isEqualTo("http://localhost:3000/d/marketplace-overview");
      }
    }

    /** MarketplaceIncident is one rule per family: it inhibits the shop alerts of its family. */
    static final Set<String> ONE_RULE_PER_FAMILY = Set.of("MarketplaceIncident");

    @Test
    void alertsOfTheSameNameShareSeverityFamilyAndSummary() {
      Map<String, Set<String>> variants = new TreeMap<>();
      for (Pack.Alert a : Pack.alerts()) {
        variants
            .computeIfAbsent(a.name(), k -> new TreeSet<>())
            .add(
                a.labels().get("severity")
                    + "/"
                    + (ONE_RULE_PER_FAMILY.contains(a.name()) ? "*" : a.labels().get("family"))
                    + "/"
                    + a.annotations().get("summary"));
      }
      variants.forEach((name, v) -> assertThat(v).as(name).hasSize(1));
    }
  }

  @Nested
  class Runbooks {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.ConsistencyTest#alertNames")
    void everyAlertHasARunbookNamedLikeIt(String alertName) {
      Path runbook = Pack.runbooksDir().resolve(alertName + ".md");

      assertThat(Files.isRegularFile(runbook)).as("%s exists", runbook).isTrue();
      assertThat(Pack.read(runbook)).startsWith("# " + alertName + "\n");
    }

    @Test
    void everyRunbookHasAnAlert() {
      List<String> orphans = new ArrayList<>();
      for (Path runbook : Pack.runbookFiles()) {
        String name = runbook.getFileName().toString().replaceFirst("\\.md$", "");
        if (!Pack.alertNames().contains(name)) {
          orphans.add(runbook.getFileName().toString());
        }
      }
      assertThat(orphans).as("runbooks without an alert of that name").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.ConsistencyTest#alertNames")
    void runbookHasEverySectionInOrder(String alertName) {
      Path runbook = Pack.runbooksDir().resolve(alertName + ".md");

      assertThat(new ArrayList<>(sections(Pack.read(runbook)).keySet()))
          .as("## sections of %s", runbook)
          .containsExactlyElementsOf(SECTIONS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.ConsistencyTest#alertNames")
    void everySectionHasRealText(String alertName) {
      Path runbook = Pack.runbooksDir().resolve(alertName + ".md");
      String markdown = Pack.read(runbook);

      assertThat(markdown)
          .as(runbook.toString())
          .doesNotContainPattern("(?i)\\b(TODO|TBD|FIXME|lorem ipsum|placeholder)\\b");
      sections(markdown)
          .forEach(
              (heading, body) ->
                  assertThat(words(body))
                      .as("words of prose in section %s of %s", heading, runbook)
                      .isGreaterThanOrEqualTo(MIN_WORDS_PER_SECTION));
    }

    @Test
    void sectionParserFindsShortSections() {
      Map<String, String> parsed =
          sections("# X\n## Meaning\nshort\n## Impact\n```\nsum(x)\n```\n");

      assertThat(parsed).containsOnlyKeys("Meaning", "Impact");
      assertThat(words(parsed.get("Meaning"))).isEqualTo(1);
      assertThat(words(parsed.get("Impact"))).as("code blocks are not prose").isZero();
    }
  }

  @Nested
  class MetricsContract {

    private Set<String> allowed() {
      Set<String> allowed =
          new TreeSet<>(MetricContract.seriesNames(MetricContract.parse(contract())));
      allowed.addAll(Pack.recordingRuleNames());
      allowed.addAll(PROMETHEUS_SERIES);
      return allowed;
    }

    /** Metric names per rule: its expr plus the queries of its annotation templates. */
    private Map<String, Set<String>> referencesByRule() {
      Map<String, Set<String>> refs = new TreeMap<>();
      for (var rule : Pack.rules()) {
        String id = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
        Set<String> names = refs.computeIfAbsent(id, k -> new TreeSet<>());
        names.addAll(PromQl.metricNames(rule.path("expr").asText()));
        rule.path("annotations")
            .forEach(
                a ->
                    PromQl.templateQueries(a.asText())
                        .forEach(q -> names.addAll(PromQl.metricNames(q))));
      }
      return refs;
    }

    @Test
    void contractListsTheMetricsOfEveryTable() {
      assertThat(MetricContract.seriesNames(MetricContract.parse(contract())))
          .contains(
              "marketplace_orders_total",
              "marketplace_api_request_duration_seconds_bucket",
              "marketplace_exporter_shops_removed_total")
          .doesNotContain("marketplace_api_request_duration_seconds_total");
    }

    @Test
    void extractorFindsMetricsButNotFunctionsLabelsOrKeywords() {
      assertThat(
              PromQl.metricNames(
                  "sum by (shop, job) (rate(foo_total{code=~\"5xx|error\"}[5m] offset 1h)) / on (shop)"
                      + " group_left (version) bar_info and time() - baz_seconds > 0.05 unless"
                      + " label_replace(qux, \"job\", \"$1\", \"exported_job\", \"(.+)\")"))
          .containsExactlyInAnyOrder("foo_total", "bar_info", "baz_seconds", "qux");
    }

    @Test
    void everyMetricARuleReferencesIsInTheContract() {
      Set<String> allowed = allowed();
      Map<String, Set<String>> unknown = new TreeMap<>();
      referencesByRule()
          .forEach(
              (rule, names) -> {
                Set<String> missing = new TreeSet<>(names);
                missing.removeAll(allowed);
                if (!missing.isEmpty()) {
                  unknown.put(rule, missing);
                }
              });

      assertThat(unknown).as("metrics used by rules but not in docs/metrics.md").isEmpty();
    }

    @Test
    void everyLabelValueARuleMatchesIsDocumented() {
      Set<String> documented = MetricContract.backtickedWords(contract());
      Map<String, Set<String>> undocumented = new TreeMap<>();
      for (var rule : Pack.rules()) {
        List<String> exprs = new ArrayList<>(List.of(rule.path("expr").asText()));
        rule.path("annotations").forEach(a -> exprs.addAll(PromQl.templateQueries(a.asText())));
        for (String expr : exprs) {
          for (String matcher : PromQl.matcherValues(expr)) {
            String label = matcher.substring(0, matcher.indexOf('='));
            String value = matcher.substring(matcher.indexOf('=') + 1);
            // `job` is the scrape job here (up{job="marketplace-exporter"}), not a contract label;
            // `alertname`, `alertstate` and the pack's own labels select Prometheus's ALERTS
            // series of the pack's alerts (hysteresis, MarketplaceIncident).
            if (label.equals("job")
                || label.equals("alertname") && Pack.alertNames().contains(value)
                || List.of("alertstate", "severity", "family", "signal", "trigger").contains(label)
                || value.isEmpty() // label present or absent (shop!=""), not a value
                || label.equals("le") && isDocumentedBucket(value)) {
              continue;
            }
            if (!documented.contains(value)) {
              undocumented
                  .computeIfAbsent(
                      rule.path("alert").asText(rule.path("record").asText()), k -> new TreeSet<>())
                  .add(matcher);
            }
          }
        }
      }
      assertThat(undocumented).as("label values not in docs/metrics.md").isEmpty();
    }

    /**
     * A histogram bucket bound a rule matches ({@code 10}, or {@code 10([.]0)?} for both ways of
     * writing it) is one of the buckets the contract lists ("Buckets 0.005, ..., 10, ... s").
     */
    private boolean isDocumentedBucket(String le) {
      String bound = le.replace("([.]0)?", "");
      return Pattern.compile("Buckets [^|]*\\b" + Pattern.quote(bound) + "\\b")
          .matcher(contract())
          .find();
    }

    @Test
    void matcherExtractorSplitsRegexAlternatives() {
      assertThat(PromQl.matcherValues("a{code=~\"4xx|5xx\", outcome=\"failure\"} + b"))
          .containsExactlyInAnyOrder("code=4xx", "code=5xx", "outcome=failure");
    }
  }
}
