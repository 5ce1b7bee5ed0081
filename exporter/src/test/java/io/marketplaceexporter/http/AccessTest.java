package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.plugin.demo.DemoPlugin;
import io.marketplaceexporter.support.RunningExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Nothing that changes state or pages a person answers without a credential unless the
 * configuration says so ({@code auth.allow_unauthenticated}), and start-up says what is open.
 */
class AccessTest {
  private static final String EVENT =
      "{\"type\":\"sync\",\"marketplace\":\"amazon\",\"shop\":\"A1\",\"system\":\"erp\","
          + "\"job\":\"orders\",\"outcome\":\"success\",\"finished_at\":1798099200}";
  private static final String RELAY =
      "relay:\n  dingtalk:\n    oncall: {url: \"http://127.0.0.1:1/robot/send\"}\n";

  private static RunningExporter start(String yaml, Map<String, String> env) {
    return RunningExporter.startAsConfigured(ConfigLoader.parse(yaml), env, Launcher.plain());
  }

  private static RunningExporter.Reply delete(RunningExporter s, String path) {
    return s.call(new Request.Builder().url(s.url(path)).delete().build());
  }

  private static RunningExporter.Reply post(RunningExporter s, String path, String token) {
    Request.Builder b =
        new Request.Builder()
            .url(s.url(path))
            .post(okhttp3.RequestBody.create(EVENT, RunningExporter.JSON));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return s.call(b.build());
  }

  @Nested
  class WithoutAnyToken {
    @Test
    void ingestAndRetiringAShopAreRefusedNamingTheKeyToSet() {
      try (RunningExporter s = start("", Map.of())) {
        RunningExporter.Reply ingest = s.post("/api/v1/events", EVENT);
        RunningExporter.Reply retire = delete(s, "/api/v1/shops/amazon/A1");

        assertThat(ingest.status()).isEqualTo(403);
        assertThat(ingest.body())
            .contains("auth.allow_unauthenticated: true", "auth.bearer_tokens");
        assertThat(retire.status()).isEqualTo(403);
        assertThat(s.exporter.state().sizes().shops()).isZero();
      }
    }

    @Test
    void readsStayOpen() {
      try (RunningExporter s = start("", Map.of())) {
        assertThat(s.get("/api/v1/anomalies").status()).isEqualTo(200);
        assertThat(s.get("/api/v1/changes").status()).isEqualTo(200);
        assertThat(s.get("/metrics").status()).isEqualTo(200);
      }
    }

    @Test
    void allowUnauthenticatedOpensThemExplicitly() {
      try (RunningExporter s = start("auth: {allow_unauthenticated: true}\n", Map.of())) {
        assertThat(s.post("/api/v1/events", EVENT).status()).isEqualTo(202);
        assertThat(delete(s, "/api/v1/shops/amazon/A1").status()).isNotIn(401, 403);
      }
    }
  }

  @Nested
  class WithTokens {
    @Test
    void everyCallNeedsOneEvenWithAllowUnauthenticated() {
      String yaml = "auth: {bearer_tokens: [\"${T}\"], allow_unauthenticated: true}\n";
      try (RunningExporter s = start(yaml, Map.of("T", "t0k3n"))) {
        assertThat(post(s, "/api/v1/events", null).status()).isEqualTo(401);
        assertThat(s.get("/api/v1/anomalies").status()).isEqualTo(401);
        assertThat(post(s, "/api/v1/events", "t0k3n").status()).isEqualTo(202);
      }
    }
  }

  @Nested
  class Relay {
    @Test
    void aRelayWithoutAnyCredentialDoesNotStart() {
      assertThatThrownBy(() -> start(RELAY, Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("relay: robots are configured but no bearer token is")
          .hasMessageContaining("auth.allow_unauthenticated: true");
    }

    @Test
    void withTheExporterTokenAnUnauthenticatedWebhookIsRefused() {
      try (RunningExporter s = start(RELAY, Map.of("MARKETPLACE_EXPORTER_TOKEN", "t0k3n"))) {
        assertThat(post(s, "/alertmanager/dingtalk/oncall", null).status()).isEqualTo(401);
      }
    }

    @Test
    void allowUnauthenticatedLetsItStartAndSaysSoAtStartUp() throws Exception {
      String log;
      PrintStream original = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try (RunningExporter s = start("auth: {allow_unauthenticated: true}\n" + RELAY, Map.of())) {
        assertThat(post(s, "/alertmanager/dingtalk/oncall", null).status()).isNotIn(401, 403);
      } finally {
        System.setErr(original);
        log = captured.toString(StandardCharsets.UTF_8);
      }
      assertThat(log)
          .containsOnlyOnce("access: ")
          .contains("WARN", "auth.allow_unauthenticated is true", "POST /alertmanager/...");
    }
  }

  @Nested
  class Demo {
    @Test
    void theDemosControlsAnswerWithoutATokenAndIngestDoesNot() {
      try (RunningExporter s =
          RunningExporter.startAsConfigured(
              ConfigLoader.parse(""), Map.of(), Launcher.demo(Duration.ofMillis(100)))) {
        String shop = s.exporter.plugin(DemoPlugin.class).incidents().shopIds().get(0);
        RunningExporter.Reply trigger =
            s.post(
                "/api/v1/demo/incidents",
                "{\"incident\":\"zero_price\",\"shop\":\"" + shop + "\",\"duration\":\"1m\"}");

        assertThat(trigger.status()).isEqualTo(202);
        assertThat(s.post("/api/v1/events", EVENT).status()).isEqualTo(403);
      }
    }
  }

  @Nested
  class StartUpLine {
    @Test
    void namesWhatIsOpenInEachCase() {
      var none = new BearerAuth(java.util.List.of(), false, java.util.List.of());
      var demo = new BearerAuth(java.util.List.of(), false, java.util.List.of(DemoPlugin.CONTROLS));
      var tokens =
          new BearerAuth(
              java.util.List.of(io.marketplaceexporter.config.Secret.of("x")),
              false,
              java.util.List.of(DemoPlugin.CONTROLS));

      assertThat(none.isOpen()).isFalse();
      assertThat(none.summary())
          .contains("POST /api/v1/events, DELETE /api/v1/shops/..., POST /alertmanager/...")
          .contains("answer 403")
          .contains("open: GET /metrics, /, /status.json,");
      assertThat(demo.isOpen()).isTrue();
      assertThat(demo.summary()).contains("demo mode: POST/DELETE /api/v1/demo/incidents");
      assertThat(tokens.isOpen()).isFalse();
      assertThat(tokens.summary()).contains("require a bearer token").doesNotContain("x,");
    }
  }
}
