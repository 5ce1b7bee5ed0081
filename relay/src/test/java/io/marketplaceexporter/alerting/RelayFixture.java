package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.storage.StorageMetrics;
import io.marketplaceexporter.support.TestClock;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/**
 * A relay built from a YAML {@code relay:} section, with an injected clock, a fresh registry and a
 * short-timeout HTTP client; robots are MockWebServers. Delivery runs only when the test calls
 * {@link #pump()}, so every test decides exactly when time passes.
 */
final class RelayFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2026-11-24T09:01:00Z");

  final TestClock clock = new TestClock(START);
  PrometheusRegistry registry = new PrometheusRegistry();
  final OkHttpClient http =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(2))
          .readTimeout(Duration.ofMillis(500))
          .writeTimeout(Duration.ofSeconds(2))
          .callTimeout(Duration.ofSeconds(3))
          .build();
  final Path storage;
  final String yaml;
  final Map<String, String> env;
  AlertRelay relay;
  final RelayHooks hooks;

  RelayFixture(String yaml, Map<String, String> env, Path storage) {
    this(yaml, env, storage, RelayHooks.NONE);
  }

  /** With {@code hooks}: the buttons, drills and delivery listener of the operations. */
  RelayFixture(String yaml, Map<String, String> env, Path storage, RelayHooks hooks) {
    this.yaml = yaml;
    this.env = env;
    this.storage = storage;
    this.hooks = hooks;
    this.relay = build();
  }

  AlertRelay build() {
    return new AlertRelay(
        ConfigLoader.parse(yaml).relay(),
        env,
        registry,
        http,
        clock,
        storage,
        new StorageMetrics(registry),
        hooks);
  }

  /**
   * Simulates a restart: closes the relay and builds a new one on the same storage, with a fresh
   * registry as a new process would have.
   */
  void restart() {
    relay.close();
    registry = new PrometheusRegistry();
    relay = build();
  }

  void post(String channel, String target, ObjectNode payload) {
    relay.accept(relay.target(channel, target), Payloads.bytes(payload));
  }

  void pump() {
    relay.pumpAll();
  }

  static MockResponse ok(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** The robot's documented success answer ({@code robots/official/<channel>.json}). */
  static MockResponse success(String channel) {
    return ok(OfficialRobot.fixture(channel).at("/success/body").toString());
  }

  static MockResponse dingtalkOk() {
    return success("dingtalk");
  }

  /** A robot that answers every request with DingTalk's documented success. */
  static Dispatcher alwaysOk() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return dingtalkOk();
      }
    };
  }

  /** Every request the server has received so far (waits briefly for each one counted). */
  static List<RecordedRequest> drain(MockWebServer server) throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      out.add(r);
    }
    return out;
  }

  static JsonNode json(RecordedRequest r) {
    try {
      return Payloads.JSON.readTree(r.getBody().utf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String metricsText() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, registry.scrape());
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value of one series, like {@code notifications("dingtalk", "oncall", "sent")}. */
  double notifications(String channel, String target, String outcome) {
    return value(
        "marketplace_exporter_notifications_total{channel=\""
            + channel
            + "\",outcome=\""
            + outcome
            + "\",target=\""
            + target
            + "\"}");
  }

  double value(String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metricsText());
    if (!m.find()) {
      throw new AssertionError("no series " + series + " in:\n" + metricsText());
    }
    return Double.parseDouble(m.group(1));
  }

  @Override
  public void close() {
    relay.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
