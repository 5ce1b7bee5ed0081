package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.support.PrometheusStack;
import io.marketplaceexporter.support.PrometheusStack.Tool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule files are valid and their promtool unit tests pass and cover every alert, with the
 * promtool of the oldest and of the current supported Prometheus.
 */
@ParameterizedClass(name = "promtool of {0}")
@EnumSource(PrometheusStack.class)
class PromtoolTest {

  @Parameter PrometheusStack stack;

  static List<Path> ruleFiles() {
    return Pack.ruleFiles();
  }

  static List<Path> ruleTestFiles() {
    return Pack.ruleTestFiles();
  }

  @Nested
  class CheckRules {

    @Test
    void thePackHasRuleFiles() {
      assertThat(Pack.ruleFiles()).as("rules/*.yml").isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.PromtoolTest#ruleFiles")
    void ruleFilePassesPromtoolCheckRules(Path file) {
      Tools.Result result =
          Tools.run(
              Pack.root(),
              stack,
              Tool.PROMTOOL,
              "check",
              "rules",
              Pack.root().relativize(file).toString());

      assertThat(result.exitCode()).as(result.describe()).isZero();
    }
  }

  @Nested
  class CheckConfig {

    @Test
    void composePrometheusConfigPassesPromtoolCheckConfig() {
      Path config = Pack.root().resolve("compose/prometheus.yml");
      Tools.Result result =
          Tools.run(
              config.getParent(),
              stack,
              Tool.PROMTOOL,
              "check",
              "config",
              config.getFileName().toString());

      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(result.output()).as(result.describe()).contains("SUCCESS");
    }
  }

  @Nested
  class UnitTests {

    @Test
    void thePackHasRuleUnitTests() {
      assertThat(Pack.ruleTestFiles()).as("rules/tests/*.yml").isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.PromtoolTest#ruleTestFiles")
    void unitTestFilePassesPromtoolTestRules(Path file) {
      Tools.Result result =
          Tools.run(
              Pack.root(),
              stack,
              Tool.PROMTOOL,
              "test",
              "rules",
              Pack.root().relativize(file).toString());

      assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    @Test
    void everyAlertHasAFiringAndANonFiringTestCase() {
      Set<String> firing = new TreeSet<>();
      Set<String> silent = new TreeSet<>();
      for (JsonNode test : alertRuleTests()) {
        String name = test.path("alertname").asText();
        if (test.path("exp_alerts").isEmpty()) {
          silent.add(name);
        } else {
          firing.add(name);
        }
      }

      assertThat(firing)
          .as("alerts with a test case where they fire")
          .containsAll(Pack.alertNames());
      Set<String> canBeSilent = new TreeSet<>(Pack.alertNames());
      canBeSilent.remove(Pack.WATCHDOG); // fires by design in every evaluation
      assertThat(silent)
          .as("alerts with a test case where they must not fire (under threshold / before for)")
          .containsAll(canBeSilent);
    }

    @Test
    void everyFiringTestCaseAssertsAllFourAnnotations() {
      List<String> incomplete = new ArrayList<>();
      for (JsonNode test : alertRuleTests()) {
        for (JsonNode expected : test.path("exp_alerts")) {
          JsonNode annotations = expected.path("exp_annotations");
          for (String key : List.of("summary", "description", "runbook_url", "dashboard_url")) {
            if (annotations.path(key).asText("").isBlank()) {
              incomplete.add(
                  test.path("alertname").asText()
                      + " at "
                      + test.path("eval_time").asText()
                      + " lacks "
                      + key);
            }
          }
        }
      }

      assertThat(incomplete).as("exp_annotations without an expected annotation").isEmpty();
    }

    private List<JsonNode> alertRuleTests() {
      List<JsonNode> tests = new ArrayList<>();
      for (Path file : Pack.ruleTestFiles()) {
        for (JsonNode group : Pack.readYaml(file).path("tests")) {
          group.path("alert_rule_test").forEach(tests::add);
        }
      }
      return tests;
    }
  }
}
