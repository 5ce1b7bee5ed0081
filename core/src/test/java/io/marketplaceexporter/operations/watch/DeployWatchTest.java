package io.marketplaceexporter.operations.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.AlertingConfig.ChangeScope;
import io.marketplaceexporter.config.DeployWatchConfig;
import io.marketplaceexporter.config.PrometheusApiConfig;
import io.marketplaceexporter.model.Vocabulary.ChangeKind;
import io.marketplaceexporter.operations.ApprovalLink;
import io.marketplaceexporter.operations.ApprovalLinks;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.prometheus.PrometheusClient;
import io.marketplaceexporter.state.Change;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.MockServers;
import io.marketplaceexporter.support.TestClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The deploy watch against a fake Prometheus and a manual clock. */
class DeployWatchTest {
  @StartStop final MockWebServer server = MockServers.noDelay();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final TestClock clock = TestClock.at("2026-11-30T03:00:00Z");
  final RecordingPoster poster = new RecordingPoster();
  final List<Change> changes = new ArrayList<>();
  final List<Map<String, String>> linkRequests = new ArrayList<>();
  final ApprovalLinks links =
      (group, labels) -> {
        linkRequests.add(labels);
        return Optional.of(
            new ApprovalLink(
                "redeploy-previous",
                "Approve rollback: redeploy-previous",
                URI.create("https://exporter.example/approve/abc")));
      };
  final DeployWatchConfig config =
      new DeployWatchConfig(
          Duration.ofMinutes(30), "dingtalk", "oncall", 2, 0.01, 2, Duration.ofMinutes(10));

  /** Answers per figure; {@code after} when the query's time is after the deploy. */
  double orderBefore = 0.004;

  double orderAfter = 0.004;
  double apiAfter = 0.0;
  double lagAfter = 120;
  double deployAt;

  DeployWatch watch(List<ChangeScope> scopes) {
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String q = request.getUrl().queryParameter("query");
            boolean after = Double.parseDouble(request.getUrl().queryParameter("time")) > deployAt;
            double v =
                q.contains("marketplace_orders_total")
                    ? (after ? orderAfter : orderBefore)
                    : q.contains("marketplace_api_requests_total")
                        ? (after ? apiAfter : 0)
                        : lagAfter;
            return FakePrometheus.vector(v);
          }
        });
    PrometheusClient client =
        new PrometheusClient(
            new PrometheusApiConfig(server.url("/").toString(), Duration.ofSeconds(5)),
            new OkHttpClient(),
            Map.of(),
            registry);
    return new DeployWatch(
        config,
        scopes,
        n -> changes.subList(0, Math.min(n, changes.size())),
        client,
        poster,
        links,
        new WatchMetrics(registry, Set.of()),
        clock);
  }

  void deploy(String service) {
    deployAt = clock.epochSeconds();
    changes.add(0, new Change(service, ChangeKind.DEPLOY, "2.0.1", deployAt, null));
  }

  void run(DeployWatch w, Duration d) {
    for (Duration t = Duration.ZERO; t.compareTo(d) < 0; t = t.plusSeconds(30)) {
      clock.advance(Duration.ofSeconds(30));
      w.tick();
    }
  }

  double verdicts(String verdict) {
    return MetricsText.of(registry)
        .value("marketplace_exporter_deploy_watch_verdicts_total", "verdict", verdict);
  }

  @Nested
  class NoRegression {
    @Test
    void oneVerdictWithTheFiguresWhenTheDurationIsOver() {
      DeployWatch w = watch(List.of());
      w.prime();
      deploy("order-service");

      run(w, Duration.ofMinutes(29));
      assertThat(poster.posted).isEmpty();
      assertThat(w.running()).isEqualTo(1);
      run(w, Duration.ofMinutes(2));

      assertThat(poster.titles())
          .containsExactly("Deploy watch: no regression after order-service");
      assertThat(poster.posted.get(0).group()).isEqualTo(new ChatGroup("dingtalk", "oncall"));
      assertThat(poster.posted.get(0).notice().markdown())
          .contains(
              "**No regression** in the 30m after the deploy of `order-service 2.0.1`",
              "**every shop**",
              "order failure ratio: 0.40% before → 0.40% after",
              "sync lag: 2m before → 2m after");
      assertThat(poster.posted.get(0).notice().button()).isEmpty();
      assertThat(verdicts("no_regression")).isEqualTo(1.0);
      assertThat(w.running()).isZero();
    }

    @Test
    void otherChangesAndDeploysFromBeforeTheStartAreNotWatched() {
      deploy("old-service");
      DeployWatch w = watch(List.of());
      w.prime();
      changes.add(0, new Change("erp", ChangeKind.CONFIG, "", clock.epochSeconds(), null));

      run(w, Duration.ofMinutes(31));

      assertThat(poster.posted).isEmpty();
      assertThat(w.running()).isZero();
    }
  }

  @Nested
  class Regression {
    @Test
    void aRegressionSeenForFiveMinutesIsPostedEarlyWithTheRollbackButton() {
      DeployWatch w = watch(List.of(new ChangeScope("order-service", "amazon", "US", "s1")));
      w.prime();
      deploy("order-service");
      orderAfter = 0.05;

      run(w, Duration.ofMinutes(4));
      assertThat(poster.posted).as("seen for less than 5 minutes").isEmpty();
      run(w, Duration.ofMinutes(2));

      assertThat(poster.titles()).containsExactly("Deploy watch: regression after order-service");
      var notice = poster.posted.get(0).notice();
      assertThat(notice.markdown())
          .contains("amazon US shop s1", "order failure ratio", "0.40% before → 5.00% after");
      assertThat(notice.button())
          .contains(
              new io.marketplaceexporter.operations.Notice.Button(
                  "Approve rollback: redeploy-previous",
                  URI.create("https://exporter.example/approve/abc")));
      assertThat(linkRequests)
          .containsExactly(
              Map.of(
                  "alertname", "PostDeployRegression",
                  "service", "order-service",
                  "marketplace", "amazon",
                  "site", "US",
                  "shop", "s1"));
      assertThat(verdicts("regression")).isEqualTo(1.0);

      run(w, Duration.ofMinutes(30));
      assertThat(poster.posted).as("one verdict per deploy").hasSize(1);
    }

    @Test
    void aRatioUnderTheFloorIsNoRegressionEvenWhenItDoubled() {
      DeployWatch w = watch(List.of());
      w.prime();
      deploy("order-service");
      orderAfter = 0.009;

      run(w, Duration.ofMinutes(31));

      assertThat(poster.titles())
          .containsExactly("Deploy watch: no regression after order-service");
    }

    @Test
    void aSyncLagOverItsFloorAndTwiceItsValueBeforeIsARegression() {
      DeployWatch w = watch(List.of());
      w.prime();
      deploy("sync-worker");
      lagAfter = 120;
      run(w, Duration.ofSeconds(30));
      lagAfter = 3600;

      run(w, Duration.ofMinutes(6));

      assertThat(poster.posted.get(0).notice().markdown()).contains(": sync lag.");
    }
  }

  @Test
  void scopeValuesAreQuotedInTheQueries() {
    assertThat(
            DeploySignals.of(new ChangeScope("svc", "amazon", "US", "s\"1"))
                .queries(Duration.ofMinutes(30))
                .get(0))
        .isEqualTo(
            "sum(increase(marketplace_orders_total{outcome=\"failure\", marketplace=\"amazon\","
                + " site=\"US\", shop=\"s\\\"1\"}[1800s])) / sum(increase(marketplace_orders_total"
                + "{marketplace=\"amazon\", site=\"US\", shop=\"s\\\"1\"}[1800s]))");
  }
}
