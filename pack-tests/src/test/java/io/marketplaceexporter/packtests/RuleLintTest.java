package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.PrometheusStack;
import io.marketplaceexporter.support.PrometheusStack.Tool;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The current promtool's linter has nothing to say about the rule files. {@code --lint=all}: every
 * check of Prometheus 3.5 (duplicate rules); {@code --lint-fatal} makes a finding fail the run.
 */
class RuleLintTest {

  static List<Path> ruleFiles() {
    return Pack.ruleFiles();
  }

  @ParameterizedTest(name = "promtool 3.5 check rules --lint=all {0}")
  @MethodSource("ruleFiles")
  void ruleFileHasNoLintFindingOfTheCurrentPromtool(Path file) {
    Tools.Result result =
        Tools.run(
            Pack.root(),
            PrometheusStack.CURRENT,
            Tool.PROMTOOL,
            "check",
            "rules",
            "--lint=all",
            "--lint-fatal",
            Pack.root().relativize(file).toString());

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.output())
        .as(result.describe())
        .contains("SUCCESS")
        .doesNotContainIgnoringCase("lint error")
        .doesNotContainIgnoringCase("duplicate");
  }
}
