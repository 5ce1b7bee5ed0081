package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.support.PrometheusStack;
import io.marketplaceexporter.support.PrometheusStack.Tool;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The tool runner fails loudly instead of skipping, and reports what the tool printed. */
class ToolsTest {

  @Nested
  class MissingTool {

    @Test
    void failsNamingTheInstallScript() {
      assertThatThrownBy(() -> Tools.require("promtool-that-does-not-exist"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("not found on PATH")
          .hasMessageContaining("bash .ci/install");
    }
  }

  @Nested
  class FailingTool {

    @Test
    void reportsTheBinaryOfItsStackNonZeroExitCodeAndOutput() {
      Tools.Result result =
          Tools.run(
              Pack.root(),
              PrometheusStack.CURRENT,
              Tool.PROMTOOL,
              "check",
              "rules",
              "rules/does-not-exist.yml");

      assertThat(result.exitCode()).isNotZero();
      assertThat(result.describe())
          .contains(
              PrometheusStack.CURRENT.location(Tool.PROMTOOL)
                  + " check rules rules/does-not-exist.yml",
              "does-not-exist");
    }
  }
}
