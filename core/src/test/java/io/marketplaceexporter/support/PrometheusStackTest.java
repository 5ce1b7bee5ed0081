package io.marketplaceexporter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.support.PrometheusStack.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The binaries each supported stack names are installed and are the versions the tests claim. */
class PrometheusStackTest {

  static Stream<Arguments> everyToolOfEveryStack() {
    List<Arguments> all = new ArrayList<>();
    for (PrometheusStack stack : PrometheusStack.values()) {
      for (Tool tool : Tool.values()) {
        all.add(Arguments.of(stack, tool));
      }
    }
    return all.stream();
  }

  @Nested
  class Versions {

    @ParameterizedTest(name = "{1} of {0}")
    @MethodSource("io.marketplaceexporter.support.PrometheusStackTest#everyToolOfEveryStack")
    void reportsTheVersionTheTestNamesState(PrometheusStack stack, Tool tool) throws Exception {
      String version = versionOutput(stack.require(tool));

      assertThat(version)
          .as("%s --version", stack.location(tool))
          .containsPattern("version " + stack.versionPrefix(tool).replace(".", "\\.") + "\\d");
    }

    private String versionOutput(Path exe) throws IOException, InterruptedException {
      Process p = new ProcessBuilder(exe.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s --version finished", exe).isTrue();
      return out;
    }
  }

  @Nested
  class MissingBinary {

    @Test
    void failsTheTestNamingTheInstallCommandInsteadOfSkipping() {
      assertThatThrownBy(
              () ->
                  PrometheusStack.requireExecutable(
                      Path.of("/nonexistent/promtool"), "promtool of the test stack"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("promtool of the test stack not found at /nonexistent/promtool")
          .hasMessageContaining("bash .ci/install");
    }

    @Test
    void theCurrentStackLivesInTheToolsFolder() {
      assertThat(PrometheusStack.CURRENT.location(Tool.AMTOOL))
          .isEqualTo(PrometheusStack.toolsDir().resolve("alertmanager/amtool"));
      assertThat(PrometheusStack.OLDEST.location(Tool.ALERTMANAGER))
          .isEqualTo(Path.of("/usr/bin/prometheus-alertmanager"));
    }
  }
}
