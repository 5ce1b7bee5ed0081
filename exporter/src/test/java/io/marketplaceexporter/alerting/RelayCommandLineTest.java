package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: {@code --config.check} resolves relay references, {@code --storage.path}. */
class RelayCommandLineTest {
  @TempDir Path dir;

  private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new CommandLine(new Main()).execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void configCheckFailsOnAnUnresolvableRobotUrlNamingTheKey() throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "relay:\n  dingtalk:\n    oncall:\n      url: ${MARKETPLACE_EXPORTER_TEST_UNSET_URL}\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(out, err, "--config.file=" + config, "--config.check");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "error: invalid configuration: relay.dingtalk.oncall.url: environment variable"
                + " MARKETPLACE_EXPORTER_TEST_UNSET_URL is not set");
  }

  @Test
  void configCheckAcceptsAResolvableRelay() throws Exception {
    Path url = dir.resolve("url");
    Files.writeString(url, "http://127.0.0.1:1/robot/send?access_token=abc\n");
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "auth: {allow_unauthenticated: true}\n"
            + "relay:\n  dingtalk:\n    oncall:\n      url: file:"
            + url
            + "\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(out, err, "--config.file=" + config, "--config.check")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("configuration OK");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("abc");
  }

  @Test
  void helpDocumentsTheStoragePath() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(run(out, new ByteArrayOutputStream(), "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--storage.path=DIR")
        .contains("MARKETPLACE_EXPORTER_STORAGE_PATH");
  }
}
