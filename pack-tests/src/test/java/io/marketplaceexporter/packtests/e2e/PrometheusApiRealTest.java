package io.marketplaceexporter.packtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.PrometheusApiConfig;
import io.marketplaceexporter.operations.prometheus.PrometheusClient;
import io.marketplaceexporter.operations.prometheus.QueryResult;
import io.marketplaceexporter.operations.prometheus.QueryResult.Failed;
import io.marketplaceexporter.operations.prometheus.QueryResult.Ok;
import io.marketplaceexporter.operations.prometheus.QueryResult.Reason;
import io.marketplaceexporter.operations.watch.VerificationCheck;
import io.marketplaceexporter.support.PrometheusStack;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Prometheus API client against real Prometheus servers, the oldest supported (2.42) and the
 * current (3.5): the shapes its fixtures copy from the documentation are what they answer, and a
 * label value substituted into a runbook check stays one string literal.
 */
class PrometheusApiRealTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(PrometheusStack.class)
  void realPrometheusAnswersAsTheFixturesSay(PrometheusStack stack, @TempDir Path dir)
      throws Exception {
    try (LocalServer prometheus =
        LocalServer.prometheus(
            stack,
            dir,
            """
            global:
              scrape_interval: 1s
            scrape_configs: []
            """)) {
      OkHttpClient http = new OkHttpClient();
      PrometheusClient client =
          new PrometheusClient(
              new PrometheusApiConfig(prometheus.url(), Duration.ofSeconds(10)),
              http,
              Map.of(),
              new PrometheusRegistry());

      Ok one = (Ok) client.query("vector(1)", null);
      assertThat(one.resultType()).isEqualTo("vector");
      assertThat(one.samples())
          .singleElement()
          .extracting(QueryResult.Sample::value)
          .isEqualTo(1.0);
      assertThat(((Ok) client.query("vector(1) > 2", null)).nonEmpty()).isFalse();
      Ok scalar = (Ok) client.query("scalar(vector(0.5))", null);
      assertThat(scalar.resultType()).isEqualTo("scalar");
      assertThat(scalar.samples().get(0).value()).isEqualTo(0.5);

      Failed parse = (Failed) client.query("sum(", null);
      assertThat(parse.reason()).isEqualTo(Reason.QUERY_ERROR);
      assertThat(parse.detail()).startsWith("bad_data: ");
      assertThat(((Failed) client.query("vector(1)[1m:1s]", null)).reason())
          .isEqualTo(Reason.BAD_RESPONSE);

      // absent() answers with the labels of its equality matchers: the value comes back whole.
      String evil = "s1\"} or vector(2) or x{a=\"\\\n";
      VerificationCheck check =
          new VerificationCheck(
              "X", "absent(nothing{shop=\"{{ $labels.shop }}\"})", Duration.ofSeconds(1));
      Ok injected = (Ok) client.query(check.render(Map.of("shop", evil)), null);
      assertThat(injected.samples())
          .singleElement()
          .satisfies(
              sample -> assertThat(sample.labels()).containsExactly(Map.entry("shop", evil)));
      http.dispatcher().executorService().shutdown();
    }
  }
}
