package io.marketplaceexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @Nested
  class Defaults {
    @Test
    void emptyFileGivesTheDocumentedDefaults() {
      ExporterConfig c = ConfigLoader.parse("");

      assertThat(c.web().listenAddress()).isEqualTo(":9877");
      assertThat(c.web().host()).isNull();
      assertThat(c.web().port()).isEqualTo(9877);
      assertThat(c.web().maxRequestBytes()).isEqualTo(1024 * 1024);
      assertThat(c.limits().maxSeriesPerMetric()).isEqualTo(200_000);
      assertThat(c.limits().maxTrackedSkus()).isEqualTo(200_000);
      assertThat(c.limits().shopTtl()).isEqualTo(Duration.ofDays(7));
      assertThat(c.ingest().dedupWindow()).isEqualTo(Duration.ofHours(1));
      assertThat(c.price().changeThreshold()).isEqualTo(0.15);
      assertThat(c.auth().bearerTokens()).isEmpty();
      assertThat(c.storage().snapshotInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everyKeyCanBeSet() {
      ExporterConfig c =
          ConfigLoader.parse(
              """
              web:
                listen_address: "127.0.0.1:9100"
                max_request_bytes: 2048
              auth:
                bearer_tokens: ["${INGEST_TOKEN}"]
              ingest:
                dedup_window: 30m
                dedup_max_ids: 500
              limits:
                max_series_per_metric: 50000
                max_tracked_skus: 1000
                shop_ttl: 30d
              price:
                change_threshold: 0.2
                overrides:
                  - {marketplace: amazon, site: US, shop: A1, change_threshold: 0.4}
              """);

      assertThat(c.web().host()).isEqualTo("127.0.0.1");
      assertThat(c.web().port()).isEqualTo(9100);
      assertThat(c.ingest().dedupWindow()).isEqualTo(Duration.ofMinutes(30));
      assertThat(c.limits().shopTtl()).isEqualTo(Duration.ofDays(30));
      assertThat(c.price().thresholdFor("amazon", "US", "A1")).isEqualTo(0.4);
      assertThat(c.price().thresholdFor("amazon", "DE", "A1")).isEqualTo(0.2);
    }

    @Test
    void ingestConcurrencyDefaultsToOneFewerThanTheProcessorsAndCanBeSet() {
      int cpus = Runtime.getRuntime().availableProcessors();

      assertThat(ConfigLoader.parse("").ingest().concurrency()).isEqualTo(Math.max(1, cpus - 1));
      assertThat(ConfigLoader.parse("ingest: {max_concurrent: 3}").ingest().concurrency())
          .isEqualTo(3);
      assertThatThrownBy(() -> ConfigLoader.parse("ingest: {max_concurrent: -1}"))
          .hasMessageStartingWith("ingest.max_concurrent: must be 0..1024");
    }

    @Test
    void scrapePriorityDefaultsToOneSecondAndIsBoundedToFive() {
      assertThat(ConfigLoader.parse("").ingest().scrapePriority()).isEqualTo(Duration.ofSeconds(1));
      assertThat(ConfigLoader.parse("ingest: {scrape_priority: 0s}").ingest().scrapePriority())
          .isZero();
      assertThatThrownBy(() -> ConfigLoader.parse("ingest: {scrape_priority: 6s}"))
          .hasMessageStartingWith("ingest.scrape_priority: must be between 0s and 5s");
    }

    @Test
    void aConfigurationOfTenThousandSourcesIsNotTooLargeToLoad() {
      StringBuilder y = new StringBuilder("sources:\n");
      for (int i = 0; i < 10_000; i++) {
        y.append("  - {name: shop-")
            .append(i)
            .append(", type: shopee, site: SG, shop: s, url: \"http://127.0.0.1:1/")
            .append(i)
            .append("\"}  # padding to the size of a real source's entry: ")
            .append("x".repeat(300))
            .append('\n');
      }
      assertThat(y.length()).isGreaterThan(3 * 1024 * 1024); // SnakeYAML's default limit

      assertThat(ConfigLoader.parse(y.toString()).sources()).hasSize(10_000);
    }

    @Test
    void ipv6ListenAddressIsSplitIntoHostAndPort() {
      WebConfig w = WebConfig.defaults().withListenAddress("[::1]:0");

      assertThat(w.host()).isEqualTo("::1");
      assertThat(w.port()).isZero();
    }
  }

  @Nested
  class Errors {
    private void fails(String yaml, String message) {
      assertThatThrownBy(() -> ConfigLoader.parse(yaml))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(message);
    }

    @Test
    void invalidValueNamesTheFullKey() {
      fails("limits:\n  max_series_per_metric: 0\n", "limits.max_series_per_metric: must be");
    }

    @Test
    void aSnapshotIntervalOutOfRangeNamesTheKey() {
      fails(
          "storage:\n  snapshot_interval: 10ms\n",
          "storage.snapshot_interval: must be between 100ms and 1h");
      fails("storage:\n  snapshot_interval: 2h\n", "storage.snapshot_interval: must be between");
    }

    @Test
    void unknownKeyIsNamed() {
      fails("limits:\n  max_series: 10\n", "limits.max_series: unknown key");
    }

    @Test
    void wrongTypeIsNamed() {
      fails(
          "limits:\n  max_tracked_skus: lots\n",
          "limits.max_tracked_skus: wrong type, expected a whole number");
    }

    @Test
    void badDurationSaysWhatIsAccepted() {
      fails("limits:\n  shop_ttl: 1 week\n", "limits.shop_ttl: not a duration");
    }

    @Test
    void listEntriesAreNamedByIndex() {
      fails(
          "price:\n  overrides:\n    - {marketplace: amazon, shop: A1, change_threshold: -1}\n",
          "price.overrides[0].change_threshold: must be");
    }

    @Test
    void badListenAddressIsNamed() {
      fails("web:\n  listen_address: \"localhost\"\n", "web.listen_address: must be host:port");
      fails("web:\n  listen_address: \":99999\"\n", "web.listen_address: port must be");
    }

    @Test
    void malformedYamlSaysWhere() {
      fails("web:\n  listen_address: \"unterminated\n", "not valid YAML at line");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
      Path missing = dir.resolve("nope.yml");
      assertThatThrownBy(() -> ConfigLoader.load(missing))
          .isInstanceOf(ConfigException.class)
          .hasMessage(missing + ": no such file");
    }
  }

  @Nested
  class Secrets {
    @Test
    void tokensResolveFromEnvironmentAndFiles(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("token");
      Files.writeString(file, "from-file-token\n");
      AuthConfig auth =
          ConfigLoader.parse("auth:\n  bearer_tokens: [\"${TOK}\", \"file:" + file + "\"]\n")
              .auth();

      var secrets = auth.resolve(Map.of("TOK", "from-env-token"));

      assertThat(secrets).hasSize(2);
      assertThat(secrets.get(0).matches("from-env-token")).isTrue();
      assertThat(secrets.get(1).matches("from-file-token")).isTrue();
      assertThat(secrets.get(1).matches("from-file-token\n")).isFalse();
    }

    @Test
    void exporterTokenVariableIsAlsoAccepted() {
      var secrets = AuthConfig.defaults().resolve(Map.of(AuthConfig.TOKEN_ENV, "t0k3n"));

      assertThat(secrets).singleElement().satisfies(s -> assertThat(s.matches("t0k3n")).isTrue());
    }

    @Test
    void missingVariableIsNamedWithoutAnyValue() {
      AuthConfig auth = ConfigLoader.parse("auth:\n  bearer_tokens: [\"${NOT_SET}\"]\n").auth();

      assertThatThrownBy(() -> auth.resolve(Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessage("auth.bearer_tokens[0]: environment variable NOT_SET is not set");
    }

    @Test
    void secretsNeverPrintThemselves() {
      AuthConfig auth = ConfigLoader.parse("auth:\n  bearer_tokens: [\"literal-s3cret\"]\n").auth();
      Secret s = auth.resolve(Map.of()).get(0);

      assertThat(s.toString()).doesNotContain("literal-s3cret");
      assertThat(auth.toString()).doesNotContain("literal-s3cret");
      assertThat(ConfigLoader.parse("auth:\n  bearer_tokens: [\"literal-s3cret\"]\n").toString())
          .doesNotContain("literal-s3cret");
    }

    @Test
    void unreadableSecretFileIsNamedWithoutContent(@TempDir Path dir) {
      AuthConfig auth =
          ConfigLoader.parse("auth:\n  bearer_tokens: [\"file:" + dir.resolve("x") + "\"]\n")
              .auth();

      assertThatThrownBy(() -> auth.resolve(Map.of()))
          .hasMessageStartingWith("auth.bearer_tokens[0]: cannot read secret file");
    }
  }

  @Nested
  class DurationsNotation {
    @Test
    void prometheusDurationsParseAndFormat() {
      assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
      assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
      assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
      assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
      assertThatThrownBy(() -> Durations.parse("5")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Durations.parse("-5m")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsPastWhatPrometheusHoldsAreRefusedAsOutOfRange() {
      assertThat(Durations.parse("292y")).isLessThanOrEqualTo(Durations.MAX);
      for (String text :
          new String[] {"293y", "100000000y", "99999999999999999999s", "9223372036854775807w"}) {
        assertThatThrownBy(() -> Durations.parse(text))
            .as(text)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("duration out of range: at most 292y");
      }
    }

    @Test
    void anOutOfRangeDurationInTheConfigNamesItsKey() {
      assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  shop_ttl: 100000000y\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("limits.shop_ttl: duration out of range");
    }
  }
}
