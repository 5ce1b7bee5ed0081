package io.marketplaceexporter.packtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.packtests.Pack;
import io.marketplaceexporter.support.LoopbackAlertmanagerConfig;
import io.marketplaceexporter.support.PrometheusStack.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The pieces of the end-to-end alert tests, on loopback: the exporter whose relay posts to a
 * DingTalk robot (a MockWebServer with a signing secret), Alertmanager with the shipped
 * configuration rewritten for loopback, Prometheus alerting to one or more Alertmanagers, and
 * waiting on a condition with a deadline.
 */
final class AlertStack {
  static final String SECRET = "SECe2e-pipeline-test";
  static final String ACCESS_TOKEN = "e2e";

  private AlertStack() {}

  /** A dispatcher that answers every request with 200 and {@code body} as JSON. */
  static Dispatcher answer(String body) {
    return answer("application/json", body);
  }

  /**
   * A Slack incoming webhook: 200 with the text {@code ok}, not JSON. Alertmanager 0.28 and later
   * check the answer: a JSON answer must be Slack API's {@code {"ok": true}}, else the notification
   * counts as failed and is retried.
   */
  static Dispatcher slackWebhook() {
    return answer("text/html", "ok");
  }

  private static Dispatcher answer(String contentType, String body) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", contentType)
            .body(body)
            .build();
      }
    };
  }

  /** A started DingTalk robot that accepts every message. */
  static MockWebServer startRobot() throws IOException {
    MockWebServer robot = new MockWebServer();
    robot.setDispatcher(answer("{\"errcode\":0,\"errmsg\":\"ok\"}"));
    robot.start();
    return robot;
  }

  /**
   * The exporter on a free loopback port; its relay target {@code dingtalk/oncall} posts to {@code
   * robot}, signed with {@link #SECRET}. Durable state goes under {@code dir}.
   */
  static Exporter startExporter(Path dir, MockWebServer robot, Exporter.Options options) {
    return startExporter(dir, robot, options, "");
  }

  /** As above, with {@code moreYaml} (top-level sections) added to the configuration. */
  static Exporter startExporter(
      Path dir, MockWebServer robot, Exporter.Options options, String moreYaml) {
    String yaml =
        """
        web:
          listen_address: 127.0.0.1:0
        auth:
          allow_unauthenticated: true    # loopback only; the shipped Alertmanager config sends none
        relay:
          dingtalk:
            oncall:
              url: ${DT_URL}
              secret: ${DT_SECRET}
        """
            + moreYaml;
    return Exporter.createForTest(
            ConfigLoader.parse(yaml),
            options,
            Map.of(
                "DT_URL",
                robot.url("/robot/send?access_token=" + ACCESS_TOKEN).toString(),
                "DT_SECRET",
                SECRET),
            Clock.systemUTC(),
            dir.resolve("exporter-data"))
        .start();
  }

  /**
   * Prometheus evaluating {@code rules/*.yml} every second, scraping the exporter every second and
   * alerting to every Alertmanager of {@code alertmanagerPorts}. {@code honor_labels: true} as in
   * docker-compose: the sync metrics keep their own {@code job} label (the sync job).
   */
  static LocalServer startPrometheus(
      Path dir, Path rules, int exporterPort, List<Integer> alertmanagerPorts) throws IOException {
    return LocalServer.prometheus(
        dir,
        prometheusConfig(rules, exporterPort, alertmanagerPorts),
        // Alerts evaluated before the Alertmanagers are discovered are dropped; resend soon.
        "--rules.alert.resend-delay=1s");
  }

  /** The configuration of {@link #startPrometheus}; its scrape job comes last. */
  private static String prometheusConfig(
      Path rules, int exporterPort, List<Integer> alertmanagerPorts) {
    String targets =
        alertmanagerPorts.stream()
            .map(p -> "'127.0.0.1:" + p + "'")
            .collect(Collectors.joining(", ", "[", "]"));
    return """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - %s/*.yml
        alerting:
          alertmanagers:
            - static_configs:
                - targets: %s
        scrape_configs:
          - job_name: marketplace-exporter
            honor_labels: true
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
        .formatted(rules, targets, exporterPort);
  }

  /**
   * Alertmanager with the shipped configuration rewritten for loopback ({@link
   * LoopbackAlertmanagerConfig}), its files, storage and log in {@code dir}. {@code clusterArgs}
   * are its {@code --cluster.*} flags; none means a single Alertmanager with clustering off.
   */
  static LocalServer startAlertmanager(
      Path dir, int exporterPort, String sinkUrl, List<String> clusterArgs) throws IOException {
    return startAlertmanager(dir, exporterPort, sinkUrl, clusterArgs, UnaryOperator.identity());
  }

  /** As above, with {@code edit} applied to the rewritten configuration's text. */
  static LocalServer startAlertmanager(
      Path dir,
      int exporterPort,
      String sinkUrl,
      List<String> clusterArgs,
      UnaryOperator<String> edit)
      throws IOException {
    Files.createDirectories(dir);
    Path configFile = LoopbackAlertmanagerConfig.write(Pack.root(), dir, exporterPort, sinkUrl);
    Files.writeString(configFile, edit.apply(Files.readString(configFile)));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--config.file=" + configFile,
                "--storage.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:{port}",
                "--web.external-url=http://127.0.0.1:{port}",
                "--log.level=warn"));
    args.addAll(clusterArgs.isEmpty() ? List.of("--cluster.listen-address=") : clusterArgs);
    return LocalServer.start(Tool.ALERTMANAGER, dir, args);
  }

  /** A single Alertmanager and the Prometheus alerting to it, stopped together. */
  record Alerting(LocalServer alertmanager, LocalServer prometheus) implements AutoCloseable {
    @Override
    public void close() {
      prometheus.close();
      alertmanager.close();
    }
  }

  /**
   * A single Alertmanager (its Slack receivers posting to {@code sinkUrl}) and Prometheus
   * evaluating {@code rules} on the exporter at {@code exporterPort}, alerting to it.
   */
  static Alerting startAlerting(Path dir, Path rules, int exporterPort, String sinkUrl)
      throws IOException {
    LocalServer alertmanager =
        startAlertmanager(dir.resolve("alertmanager"), exporterPort, sinkUrl, List.of());
    try {
      return new Alerting(
          alertmanager, startPrometheus(dir, rules, exporterPort, List.of(alertmanager.port())));
    } catch (IOException | RuntimeException e) {
      alertmanager.close();
      throw e;
    }
  }

  /**
   * As above, for an exporter whose web configuration has users: Prometheus scrapes and
   * Alertmanager posts to the relay as {@code user} with {@code password}.
   */
  static Alerting startAlerting(
      Path dir, Path rules, int exporterPort, String sinkUrl, String user, String password)
      throws IOException {
    String auth =
        "\n        http_config:\n          basic_auth:\n            username: '%s'\n"
                .formatted(user)
            + "            password: '%s'\n".formatted(password);
    LocalServer alertmanager =
        startAlertmanager(
            dir.resolve("alertmanager"),
            exporterPort,
            sinkUrl,
            List.of(),
            c -> {
              String relay = "/alertmanager/dingtalk/oncall'\n        send_resolved: true";
              assertThat(c).contains(relay);
              return c.replace(relay, relay + auth.stripTrailing());
            });
    try {
      return new Alerting(
          alertmanager,
          LocalServer.prometheus(
              dir,
              prometheusConfig(rules, exporterPort, List.of(alertmanager.port()))
                  + "    basic_auth:\n      username: '%s'\n      password: '%s'\n"
                      .formatted(user, password),
              "--rules.alert.resend-delay=1s"));
    } catch (IOException | RuntimeException e) {
      alertmanager.close();
      throw e;
    }
  }

  /** Polls {@code ok} every 250 ms; fails the test unless it holds within the deadline. */
  static void await(String what, Duration within, BooleanSupplier ok) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("no %s within %s", what, within);
      }
      LocalServer.pause(Duration.ofMillis(250));
    }
  }

  /**
   * The first request (already seen in {@code seen}, or arriving within 30 s) that matches;
   * requests that do not match are kept in {@code seen} for later calls.
   */
  static RecordedRequest awaitRequest(
      MockWebServer server, List<RecordedRequest> seen, Predicate<RecordedRequest> wanted)
      throws InterruptedException {
    return awaitRequest(server, seen, wanted, Duration.ofSeconds(30));
  }

  /** As above, waiting up to {@code within}. */
  static RecordedRequest awaitRequest(
      MockWebServer server,
      List<RecordedRequest> seen,
      Predicate<RecordedRequest> wanted,
      Duration within)
      throws InterruptedException {
    for (RecordedRequest r : seen) {
      if (wanted.test(r)) {
        return r;
      }
    }
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      RecordedRequest r = server.takeRequest(250, TimeUnit.MILLISECONDS);
      if (r != null) {
        seen.add(r);
        if (wanted.test(r)) {
          return r;
        }
      }
    }
    List<String> bodies = seen.stream().map(r -> r.getBody().utf8()).toList();
    return fail("no matching request within %s; received: %s", within, bodies);
  }

  /**
   * Every request that has arrived at {@code server} or arrives until {@code until} (a {@code
   * nanoTime}; one in the past takes only what has already arrived).
   */
  static List<RecordedRequest> drainUntil(MockWebServer server, long until)
      throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    while (true) {
      long left = Math.max(0, until - System.nanoTime());
      RecordedRequest r = server.takeRequest(left, TimeUnit.NANOSECONDS);
      if (r != null) {
        out.add(r);
      } else if (left == 0) {
        return out;
      }
    }
  }

  /** The request carries the robot's access token and a valid DingTalk signature. */
  static void assertSigned(RecordedRequest r) {
    assertThat(r.getUrl().queryParameter("access_token")).isEqualTo(ACCESS_TOKEN);
    String expected = dingTalkSign(SECRET, r.getUrl().queryParameter("timestamp"));
    assertThat(r.getUrl().queryParameter("sign")).as("DingTalk signature").isEqualTo(expected);
  }

  /**
   * DingTalk's signature of a robot message sent at {@code timestamp} (milliseconds): Base64 of
   * HmacSHA256 over {@code timestamp + "\n" + secret}, keyed with the secret (DingTalk Open
   * Platform, custom robot security settings, 加签).
   */
  static String dingTalkSign(String secret, String timestamp) {
    return HmacSha256.base64(secret, timestamp + "\n" + secret);
  }
}
