package io.marketplaceexporter.operations.drill;

import io.marketplaceexporter.config.DrillsConfig;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.Notice;
import io.marketplaceexporter.storage.StorageMetrics;
import io.marketplaceexporter.support.Fixture;
import io.marketplaceexporter.support.MockServers;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/**
 * A drill service on a manual clock: Prometheus and the runbook host are MockWebServers on
 * loopback, the relay is this harness (it tells the service of a delivery at {@link #deliverAt}),
 * and every pause of the drill moves the clock instead of sleeping. With the default executor the
 * drill runs to its end inside {@code start}.
 */
final class DrillHarness implements AutoCloseable {
  static final Instant START = Instant.parse("2026-11-24T08:00:00Z");
  static final ChatGroup GROUP = new ChatGroup("dingtalk", "oncall");

  final Fixture fixture = Fixture.create();
  final MockWebServer prometheus = MockServers.noDelay();
  final MockWebServer runbooks = MockServers.noDelay();
  final List<Notice> posted = new CopyOnWriteArrayList<>();
  final List<String> shopsSeenDuringTheDrill = new CopyOnWriteArrayList<>();
  final OkHttpClient http = new OkHttpClient();

  /** From when Prometheus answers the drill shop's alert as firing; null: never. */
  volatile Instant firingFrom;

  /** Prometheus' HTTP status for /api/v1/alerts. */
  volatile int prometheusStatus = 200;

  /** When the relay tells of the delivery of the drill's alert; null: never. */
  volatile Instant deliverAt;

  /** What the runbook link answers, and where a 3xx points. */
  volatile int runbookStatus = 200;

  volatile String alertInDelivery = "PriceZeroOrNegative";
  volatile String shopInDelivery = "drill-shop";

  DrillService service;

  DrillHarness() {
    prometheus.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            return prometheusAnswer();
          }
        });
    runbooks.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            return new MockResponse.Builder()
                .code(runbookStatus)
                .setHeader("Location", runbooks.url("/moved").toString())
                .body("the runbook's text")
                .build();
          }
        });
    try {
      prometheus.start();
      runbooks.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DrillsConfig config() {
    return config(Map.of());
  }

  /** Deadlines 5m and 2m, with {@code alerts} as {@code drills.alerts}. */
  static DrillsConfig config(Map<String, String> alerts) {
    return new DrillsConfig(
        true,
        "other",
        "",
        "drill-shop",
        "dingtalk",
        "oncall",
        Duration.ofMinutes(5),
        Duration.ofMinutes(2),
        Duration.ofSeconds(2),
        Duration.ofSeconds(15),
        alerts);
  }

  DrillService service(DrillsConfig config, Path storage) {
    return service(config, storage, Runnable::run, true);
  }

  DrillService service(DrillsConfig config, Path storage, Executor executor, boolean prometheusOn) {
    return service(config, storage, executor, prometheusOn, fixture.registry);
  }

  /** A service registering its metrics in {@code registry} (a fresh one for a "restart"). */
  DrillService service(
      DrillsConfig config,
      Path storage,
      Executor executor,
      boolean prometheusOn,
      PrometheusRegistry registry) {
    Optional<AlertsApi> alerts =
        prometheusOn
            ? Optional.of(
                new PrometheusAlerts(http, prometheus.url("/").toString(), Duration.ofSeconds(2)))
            : Optional.empty();
    DrillService.Parts parts =
        new DrillService.Parts(
            fixture.ingest,
            fixture.state,
            alerts,
            new RunbookProbe(http, config.runbookTimeout()),
            (group, notice) -> group.equals(GROUP) && posted.add(notice),
            executor,
            this::pause,
            Duration.ofSeconds(1));
    service =
        DrillService.create(
            config, parts, registry, storage, new StorageMetrics(registry), fixture.clock);
    return service;
  }

  private void pause(Duration d) {
    if (shopsSeenDuringTheDrill.isEmpty() && fixture.scrapeText().contains("shop=\"drill-shop\"")) {
      shopsSeenDuringTheDrill.add("drill-shop");
    }
    fixture.clock.advance(d);
    Instant at = deliverAt;
    if (at != null && !fixture.clock.instant().isBefore(at)) {
      service.delivered(
          GROUP,
          Map.of("alertname", alertInDelivery, "marketplace", "other", "shop", shopInDelivery),
          at);
    }
  }

  private MockResponse prometheusAnswer() {
    if (prometheusStatus != 200) {
      return new MockResponse.Builder().code(prometheusStatus).body(fixture("error.json")).build();
    }
    Instant from = firingFrom;
    Instant now = fixture.clock.instant();
    String body =
        from == null
            ? fixture("alerts-none.json")
            : fixture("alerts-firing.json")
                .replace("${RUNBOOK}", runbooks.url("/runbooks/PriceZeroOrNegative.md").toString())
                .replace("${STATE}", now.isBefore(from) ? "pending" : "firing");
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /**
   * The runbook host's next request. The drill ran inside {@code start}, so a request it made is
   * already queued: a missing one fails here rather than blocking the test for ever.
   */
  RecordedRequest runbookRequest() throws InterruptedException {
    RecordedRequest r = runbooks.takeRequest(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("the runbook link was not asked");
    }
    return r;
  }

  static String fixture(String name) {
    try (InputStream in = DrillHarness.class.getResourceAsStream("/prometheus/official/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    prometheus.close();
    runbooks.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
