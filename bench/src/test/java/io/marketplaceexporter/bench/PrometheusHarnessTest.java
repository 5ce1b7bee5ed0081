package io.marketplaceexporter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The prometheus part's pieces against the real programs: Prometheus 3.5 (from {@code
 * .ci/install-bench}) and Debian's nginx. Skipped where they are not installed.
 */
class PrometheusHarnessTest {
  private static final String BODY = "# TYPE x gauge\nx 1\n";

  /** A started stand-in target on a free loopback port: notes each request, answers BODY. */
  private static HttpServer standIn(Consumer<HttpExchange> note) throws IOException {
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/",
        x -> {
          note.accept(x);
          byte[] b = BODY.getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          x.sendResponseHeaders(200, b.length);
          x.getResponseBody().write(b);
          x.close();
        });
    target.start();
    return target;
  }

  @Nested
  class PrometheusAsksAsScrapeFormatSays {
    @Test
    void eachFormatsAcceptAndGzipAreWhatPrometheusSends() throws Exception {
      assumeTrue(Files.isExecutable(Prometheus.binary()), "Prometheus 3.5 is not installed");
      Map<String, String> accept = new ConcurrentHashMap<>();
      Map<String, String> encoding = new ConcurrentHashMap<>();
      HttpServer target =
          standIn(
              x -> {
                String path = x.getRequestURI().getPath();
                accept.putIfAbsent(path, String.valueOf(x.getRequestHeaders().getFirst("Accept")));
                encoding.putIfAbsent(
                    path, String.valueOf(x.getRequestHeaders().getFirst("Accept-Encoding")));
              });
      try {
        int port = target.getAddress().getPort();
        for (ScrapeFormat f : ScrapeFormat.values()) {
          // The "exporter" and "nginx" jobs both scrape the stand-in: /metrics and /<format>.
          try (Prometheus prom =
              Prometheus.start(
                  PrometheusBench.config(
                      f,
                      Duration.ofSeconds(5),
                      0,
                      List.of("exporter", "nginx"),
                      port,
                      null,
                      port))) {
            String path = "/" + f.slug();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // Prometheus spreads its targets over the interval: wait until both were scraped.
            while (prom.valueByJob("up", System.currentTimeMillis() / 1000.0).size() < 2
                && System.nanoTime() < deadline) {
              Thread.sleep(200);
            }
            assertThat(prom.valueByJob("up", System.currentTimeMillis() / 1000.0))
                .containsEntry("exporter", 1.0)
                .containsEntry("nginx", 1.0);
            assertThat(accept.get(path)).as(f.label).isEqualTo(f.accept);
            assertThat(encoding.get(path)).isEqualTo(ScrapeFormat.ACCEPT_ENCODING);
          }
        }
      } finally {
        target.stop(0);
      }
    }
  }

  @Nested
  class WhoSharesAPrometheus {
    @Test
    void aConfigForOneJobScrapesThatTargetAlone() {
      String both =
          PrometheusBench.config(
              ScrapeFormat.values()[0],
              Duration.ofSeconds(5),
              0,
              List.of("exporter", "nginx"),
              1001,
              1002,
              1003);
      String pgw =
          PrometheusBench.config(
              ScrapeFormat.values()[0],
              Duration.ofSeconds(5),
              0,
              List.of("pushgateway"),
              1001,
              1002,
              1003);

      assertThat(both).contains("job_name: exporter", "job_name: nginx", "127.0.0.1:1001");
      assertThat(both).doesNotContain("job_name: pushgateway");
      assertThat(pgw).contains("job_name: pushgateway", "127.0.0.1:1002");
      assertThat(pgw).doesNotContain("job_name: exporter", "127.0.0.1:1001", "127.0.0.1:1003");
    }

    @Test
    void theExporterAndNginxShareWindowsAndThePushgatewayHasItsOwn() {
      assertThat(PrometheusBench.groups(true))
          .containsExactly(List.of("exporter", "nginx"), List.of("pushgateway"));
      assertThat(PrometheusBench.groups(false)).containsExactly(List.of("exporter", "nginx"));
    }

    @Test
    void aMillionSeriesAreScrapedEveryTenSecondsAndAHundredThousandEveryFive() {
      assertThat(PrometheusBench.interval(1_000_000)).isEqualTo(Duration.ofSeconds(10));
      assertThat(PrometheusBench.interval(100_000)).isEqualTo(Duration.ofSeconds(5));
    }
  }

  @Nested
  class RoundsPooled {
    @Test
    void aWindowOfSeveralRoundsHoldsEveryRoundsScrapesAndFailures() {
      PrometheusBench.Window a = new PrometheusBench.Window(List.of(1.0, 3.0), 1);
      PrometheusBench.Window b = new PrometheusBench.Window(List.of(2.0), 0);

      PrometheusBench.Window both = a.plus(b);

      assertThat(both.seconds()).containsExactly(1.0, 3.0, 2.0);
      assertThat(both.failed()).isEqualTo(1);
      assertThat(a.seconds()).containsExactly(1.0, 3.0);
    }

    @Test
    void theRatioIsOfThePooledMediansNotTheMeanOfTheRounds() {
      // Round 1: exporter 1.0 vs nginx 1.0 (1×); round 2: 3.0 vs 1.0 (3×), with more scrapes. The
      // mean of the rounds' ratios would be 2×; the median of the pooled 1, 1, 3, 3, 3 is 3.0.
      PrometheusBench.Window e1 = new PrometheusBench.Window(List.of(1.0, 1.0), 0);
      PrometheusBench.Window e2 = new PrometheusBench.Window(List.of(3.0, 3.0, 3.0), 0);
      PrometheusBench.Window n = new PrometheusBench.Window(List.of(1.0, 1.0), 0);

      double pooled = PrometheusBench.ratio(Map.of("exporter", e1.plus(e2), "nginx", n.plus(n)));

      assertThat(pooled).isEqualTo(3.0);
      assertThat(PrometheusBench.ratio(Map.of("exporter", e1, "nginx", n))).isEqualTo(1.0);
      assertThat(PrometheusBench.ratio(Map.of("exporter", e1))).isNaN();
    }
  }

  @Nested
  class ScrapesHalfAnIntervalApart {
    private final List<String> jobs = List.of("exporter", "nginx");
    private final Duration interval = Duration.ofSeconds(10);

    @Test
    void separationIsHowFarTheSecondJobFollowsTheFirstWithinTheInterval() {
      assertThat(
              ScrapesApart.separation(Map.of("exporter", 1_000L, "nginx", 6_000L), jobs, interval))
          .isEqualTo(0.5);
      // The second job's scrape just before the first's: almost a whole interval after it.
      assertThat(
              ScrapesApart.separation(
                  Map.of("exporter", 21_000L, "nginx", 20_000L), jobs, interval))
          .isEqualTo(0.9);
      assertThat(
              ScrapesApart.separation(Map.of("exporter", 3_000L, "nginx", 33_000L), jobs, interval))
          .isZero();
    }

    @Test
    void aRealPrometheusScrapesTheTwoTargetsAlternately() throws Exception {
      assumeTrue(Files.isExecutable(Prometheus.binary()), "Prometheus 3.5 is not installed");
      Map<String, List<Long>> seen = new ConcurrentHashMap<>();
      HttpServer target =
          standIn(
              x ->
                  seen.computeIfAbsent(
                          x.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>())
                      .add(System.currentTimeMillis()));
      Duration every = Duration.ofSeconds(2);
      int port = target.getAddress().getPort();
      try (ScrapesApart.Started s =
          ScrapesApart.start(
              (seed, js) ->
                  PrometheusBench.config(ScrapeFormat.TEXT, every, seed, js, port, null, port),
              jobs,
              every,
              PrometheusBench.FIRST_SEED)) {
        // Twelve seeds miss the range together about once in 500 starts; then the best is kept.
        if (s.tries() <= ScrapesApart.TRIES + 1) {
          assertThat(s.separation()).isBetween(ScrapesApart.LEAST, ScrapesApart.MOST);
        }
        // Each target has a Prometheus of its own (its garbage collection is its own target's).
        double t = System.currentTimeMillis() / 1000.0;
        assertThat(s.prometheus().servers()).hasSize(2);
        assertThat(s.prometheus().servers().get(0).valueByJob("up", t))
            .containsOnlyKeys("exporter");
        assertThat(s.prometheus().servers().get(1).valueByJob("up", t)).containsOnlyKeys("nginx");
        assertThat(s.prometheus().valueByJob("up", t)).containsOnlyKeys("exporter", "nginx");
        // The scrapes that follow keep that separation: the target saw them alternate.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((seen.getOrDefault("/metrics", List.of()).size() < 4
                || seen.getOrDefault("/text", List.of()).size() < 4)
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        List<Long> exporter = seen.get("/metrics");
        List<Long> nginx = seen.get("/text");
        long e = exporter.get(exporter.size() - 1);
        long n = nginx.get(nginx.size() - 1);
        double now = ScrapesApart.separation(Map.of("exporter", e, "nginx", n), jobs, every);
        assertThat(now).isCloseTo(s.separation(), within(0.05));
      } finally {
        target.stop(0);
      }
    }
  }

  @Nested
  class NginxServesTheExposition {
    @Test
    void gzipAskedGetsThePrecomputedCopyWithTheGivenContentType() throws Exception {
      assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "nginx is not installed");
      byte[] om = "# TYPE x gauge\nx 1\n# EOF\n".getBytes(StandardCharsets.UTF_8);
      byte[] text = BODY.getBytes(StandardCharsets.UTF_8);
      Map<ScrapeFormat, Nginx.Exposition> files = new EnumMap<>(ScrapeFormat.class);
      files.put(
          ScrapeFormat.OPENMETRICS,
          new Nginx.Exposition(om, "application/openmetrics-text; version=1.0.0; charset=utf-8"));
      files.put(
          ScrapeFormat.TEXT,
          new Nginx.Exposition(text, "text/plain; version=0.0.4; charset=utf-8"));
      try (Nginx n = Nginx.start("/usr/sbin/nginx", files)) {
        HttpResponse<byte[]> gz = get(n, "/openmetrics", true);
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gz.headers().firstValue("Content-Type"))
            .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(gz.body()).isEqualTo(Nginx.gzip(om));
        HttpResponse<byte[]> plain = get(n, "/text", false);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Content-Type"))
            .hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(plain.body()).isEqualTo(text);
      }
    }

    private HttpResponse<byte[]> get(Nginx n, String path, boolean gzip) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(n.server.url(path)));
      if (gzip) {
        b.header("Accept-Encoding", "gzip");
      }
      HttpResponse<byte[]> r = Server.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      return r;
    }
  }
}
