package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The tool runner fails loudly instead of skipping, and reports what the tool printed. */
class ToolsTest {

  @Nested
  class MissingTool {

    @Test
    void failsWithTheDebianPackageToInstall() {
      assertThatThrownBy(() -> Tools.require("promtool-that-does-not-exist"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("not found on PATH")
          .hasMessageContaining("apt-get install -y");
    }

    @Test
    void namesTheDebianPackagesOfPromtoolAndAmtool() {
      assertThat(Tools.debianPackage(Tools.PROMTOOL)).isEqualTo("prometheus");
      assertThat(Tools.debianPackage(Tools.AMTOOL)).isEqualTo("prometheus-alertmanager");
      assertThat(Tools.debianPackage(Tools.JSONNET)).isEqualTo("jsonnet");
    }
  }

  @Nested
  class FailingTool {

    @Test
    void reportsNonZeroExitCodeAndOutput() {
      Tools.Result result =
          Tools.run(Pack.root(), Tools.PROMTOOL, "check", "rules", "rules/does-not-exist.yml");

      assertThat(result.exitCode()).isNotZero();
      assertThat(result.describe())
          .contains("promtool check rules rules/does-not-exist.yml", "does-not-exist");
    }
  }
}
