package io.marketplaceexporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  private int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void validConfigPassesTheCheck(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yml");
    Files.writeString(file, "limits:\n  max_series_per_metric: 500\n");

    assertThat(run("--config.file", file.toString(), "--config.check")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("configuration OK");
  }

  @Test
  void shardFlagsOverrideTheFileAndAreValidated(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yml");
    Files.writeString(file, "shard:\n  index: 2\n  count: 3\n");

    assertThat(run("--config.file", file.toString(), "--shard.count", "2", "--config.check"))
        .isEqualTo(2);
    assertThat(stderr())
        .contains(
            "error: invalid configuration: shard.index: must be < shard.count (2)"
                + " (with --shard.index/--shard.count)");
    assertThat(
            run(
                "--config.file",
                file.toString(),
                "--shard.index",
                "1",
                "--shard.count",
                "2",
                "--config.check"))
        .isZero();
  }

  @Test
  void invalidConfigStopsStartUpNamingTheKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yml");
    Files.writeString(file, "limits:\n  shop_ttl: 30s\n");

    assertThat(run("--config.file", file.toString())).isEqualTo(2);
    assertThat(stderr()).contains("error: invalid configuration: limits.shop_ttl: must be");
  }

  @Test
  void aRelayWithoutACredentialFailsTheCheckUnlessAllowedExplicitly(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("c.yml");
    String relay = "relay:\n  dingtalk:\n    oncall: {url: \"http://127.0.0.1:1/robot/send\"}\n";
    Files.writeString(file, relay);

    assertThat(run("--config.file", file.toString(), "--config.check")).isEqualTo(2);
    assertThat(stderr())
        .contains("error: invalid configuration: relay: robots are configured but no bearer token");

    Files.writeString(file, "auth:\n  allow_unauthenticated: true\n" + relay);
    assertThat(run("--config.file", file.toString(), "--config.check")).isZero();
  }

  @Test
  void aTypoInASourceFailsTheCheckNamingTheKeyAndTheKnownOnes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yml");
    Files.writeString(
        file,
        """
        sources:
          - name: shopee-sg
            type: shopee
            url: https://partner.shopeemobile.com
            shop: "220041"
            credentials: {partner_key: pk, refresh_token: rt}
            options: {partner_id: "2001887", lookbak: 3d}
        """);

    assertThat(run("--config.file", file.toString(), "--config.check")).isEqualTo(2);
    assertThat(stderr())
        .contains(
            "error: invalid configuration: sources[0].options.lookbak: unknown key for type"
                + " shopee; known: app_rate_limit, listings_interval, lookback, max_pages,"
                + " max_response_bytes, partner_id, resync_interval, seller_rate_limit, shop_id");
  }

  @Test
  void badListenAddressFlagIsNamed() {
    assertThat(run("--web.listen-address", "nowhere", "--config.check")).isEqualTo(2);
    assertThat(stderr()).contains("--web.listen-address: listen_address: must be host:port");
  }

  @Test
  void badDemoTickIsNamed() {
    assertThat(run("--demo.tick", "fast", "--config.check")).isEqualTo(2);
    assertThat(stderr()).contains("--demo.tick: not a duration");
  }

  @Test
  void unknownFlagIsAUsageError() {
    assertThat(run("--web.listen-adress=:1")).isEqualTo(2);
    assertThat(stderr()).contains("Unknown option: '--web.listen-adress=:1'");
  }

  @Test
  void helpListsThePrometheusStyleFlags() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "--config.file", "--web.listen-address", "--web.config.file", "--demo", "--log.level");
  }

  /** {@code --web.config.file}: read and checked before anything starts. */
  @Nested
  class WebConfigFile {
    /** bcrypt of "scrape-pw" at cost 4. */
    private static final String HASH =
        "$2y$04$uElURgB4fSSbCOw0cfgKxe7i42PvvFzjTACjBsVXUNRPiJScGJbpy";

    @Test
    void aValidFileIsPartOfTheCheck(@TempDir Path dir) throws Exception {
      Path web =
          Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  p: '" + HASH + "'\n");

      assertThat(run("--web.config.file", web.toString(), "--config.check")).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("configuration OK");
    }

    @Test
    @Timeout(120)
    void aBadTlsVersionStopsStartUpNamingTheFileAndTheKey(@TempDir Path dir) throws Exception {
      Path web =
          Files.writeString(
              dir.resolve("web.yml"),
              "tls_server_config:\n  cert_file: c.pem\n  key_file: k.pem\n  min_version: TLS14\n");

      // Not --config.check: the start-up itself refuses, before listening.
      assertThat(
              run(
                  "--web.config.file=" + web,
                  "--web.listen-address=127.0.0.1:0",
                  "--storage.path=" + dir.resolve("data")))
          .isEqualTo(2);
      assertThat(stderr())
          .isEqualTo(
              "error: invalid configuration: --web.config.file="
                  + web
                  + ": tls_server_config.min_version: unknown TLS version \"TLS14\"; known:"
                  + " TLS10, TLS11, TLS12, TLS13"
                  + System.lineSeparator());
    }

    @Test
    void aMissingCertificateFileIsNamed(@TempDir Path dir) throws Exception {
      Path web =
          Files.writeString(
              dir.resolve("web.yml"),
              "tls_server_config:\n  cert_file: c.pem\n  key_file: k.pem\n");

      assertThat(run("--web.config.file", web.toString(), "--config.check")).isEqualTo(2);
      assertThat(stderr())
          .contains(
              ": tls_server_config.cert_file: cannot read "
                  + dir.resolve("c.pem")
                  + ": no such file");
    }

    @Test
    void aPlainPasswordInsteadOfAHashIsNamedAndNotEchoed(@TempDir Path dir) throws Exception {
      Path web =
          Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  prometheus: hunter2\n");

      assertThat(run("--web.config.file", web.toString(), "--config.check")).isEqualTo(2);
      assertThat(stderr())
          .contains(": basic_auth_users.prometheus: not a bcrypt hash")
          .doesNotContain("hunter2");
    }

    @Test
    void aMissingWebConfigFileIsNamed(@TempDir Path dir) {
      Path web = dir.resolve("nope.yml");

      assertThat(run("--web.config.file", web.toString(), "--config.check")).isEqualTo(2);
      assertThat(stderr()).contains("--web.config.file=" + web + ": " + web + ": no such file");
    }
  }
}
