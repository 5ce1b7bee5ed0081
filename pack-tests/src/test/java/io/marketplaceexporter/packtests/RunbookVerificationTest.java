package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.operations.watch.Runbooks;
import io.marketplaceexporter.operations.watch.VerificationCheck;
import io.marketplaceexporter.support.MetricContract;
import io.marketplaceexporter.support.PrometheusStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every runbook's machine-readable Verification block (format: runbooks/README.md) and Action line:
 * one block, a query promtool parses, only contract metrics, a known action name.
 */
class RunbookVerificationTest {
  /** The action names runbooks/README.md lists. */
  static final Set<String> ACTIONS =
      Set.of(
          "redeploy-previous",
          "redeploy-previous-exporter",
          "restore-previous-config",
          "restore-price-file",
          "restore-listing-snapshot",
          "restore-payment-route",
          "pause-repricer",
          "pause-sync-job",
          "restart-sync-job",
          "restart-order-sync",
          "restart-connector",
          "none");

  /** Example label values that stress the substitution (quote, backslash). */
  static final Map<String, String> LABELS =
      Map.of(
          "marketplace", "amazon",
          "site", "US",
          "shop", "s\"1\\",
          "job", "inventory",
          "system", "erp",
          "instance", "10.0.0.1:9877");

  static VerificationCheck check(String alertName) {
    return Runbooks.parse(alertName, Pack.read(Pack.runbooksDir().resolve(alertName + ".md")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.marketplaceexporter.packtests.ConsistencyTest#alertNames")
  void everyRunbookHasExactlyOneBlockAndAnActionNamedInTheReadme(String alertName) {
    String markdown = Pack.read(Pack.runbooksDir().resolve(alertName + ".md"));

    assertThat(check(alertName).holdFor()).isPositive();
    assertThat(Runbooks.action(markdown)).as("Action: line of %s", alertName).isPresent();
    assertThat(ACTIONS).contains(Runbooks.action(markdown).orElseThrow());
    assertThat(Pack.read(Pack.runbooksDir().resolve("README.md")))
        .contains("`" + Runbooks.action(markdown).orElseThrow() + "`");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.marketplaceexporter.packtests.ConsistencyTest#alertNames")
  void everyBlockUsesOnlyMetricsOfTheContractAndThePack(String alertName) {
    Set<String> allowed =
        new TreeSet<>(
            MetricContract.seriesNames(
                MetricContract.parse(Pack.read(Pack.root().resolve("docs/metrics.md")))));
    allowed.addAll(Pack.recordingRuleNames());
    allowed.addAll(ConsistencyTest.PROMETHEUS_SERIES);

    Set<String> used = PromQl.metricNames(check(alertName).render(LABELS));

    assertThat(used).as("metrics of %s's block", alertName).isNotEmpty();
    assertThat(allowed).containsAll(used);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(PrometheusStack.class)
  void promtoolParsesEveryBlockWithLabelsSubstituted(PrometheusStack stack, @TempDir Path dir)
      throws IOException {
    Map<String, String> exprs = new TreeMap<>();
    Pack.alertNameStream().forEach(a -> exprs.put(a, check(a).render(LABELS)));
    StringBuilder rules =
        new StringBuilder("groups:\n  - name: runbook-verification\n    rules:\n");
    exprs.forEach(
        (alert, expr) ->
            rules
                .append("      - record: verify:")
                .append(alert)
                .append("\n        expr: '")
                .append(expr.replace("'", "''"))
                .append("'\n"));
    Path file = dir.resolve("verify.yml");
    Files.writeString(file, rules);

    Tools.Result r =
        Tools.run(dir, stack, PrometheusStack.Tool.PROMTOOL, "check", "rules", file.toString());

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(exprs).hasSize((int) Pack.alertNameStream().count());
  }

  @Test
  void theSubstitutedShopStaysOneStringLiteral() {
    assertThat(check("InventoryNegative").render(LABELS))
        .contains("shop=\"s\\\"1\\\\\"")
        .doesNotContain("{{");
  }
}
