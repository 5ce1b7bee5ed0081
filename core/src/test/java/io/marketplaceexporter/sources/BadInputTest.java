package io.marketplaceexporter.sources;

import static io.marketplaceexporter.sources.SourcesTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.sources.amazon.AmazonSourceTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad answer ends in a counted poll error with its reason, one log line without
 * secrets, the last good data kept and the next poll on schedule. Driven through the Amazon
 * connector after one good poll; the source's timeout is 300ms so the hang costs well under a
 * second.
 */
class BadInputTest extends ConnectorTestBase {
  static final String CLIENT_SECRET = AmazonSourceTest.CLIENT_SECRET;
  static final String REFRESH = AmazonSourceTest.REFRESH;
  static final String ACCESS = "Atza|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSR";

  @BeforeEach
  void setUp() {
    start(AmazonSourceTest.yaml("300ms"), AmazonSourceTest.ENV);
    server.enqueue(new MockResponse.Builder().body(fixture("amazon/lwa-token.json")).build());
    server.enqueue(
        new MockResponse.Builder().body(fixture("amazon/get-orders-page2.json")).build());
    scheduler.pollOnce(source);
  }

  static Stream<Arguments> badAnswers() {
    String orders = fixture("amazon/get-orders-page2.json");
    return Stream.of(
        Arguments.of(
            "malformed JSON",
            new MockResponse.Builder().body("{\"payload\": {\"Orders\": [}").build(),
            PollError.MALFORMED,
            "2xx"),
        Arguments.of(
            "an HTML error page with status 200",
            new MockResponse.Builder()
                .addHeader("Content-Type", "text/html")
                .body("<html><body><h1>502 Bad Gateway</h1></body></html>")
                .build(),
            PollError.MALFORMED,
            "2xx"),
        Arguments.of(
            "a missing field",
            new MockResponse.Builder().body("{\"payload\": {\"NextToken\": \"x\"}}").build(),
            PollError.MALFORMED,
            "2xx"),
        Arguments.of(
            "a truncated body",
            new MockResponse.Builder().body(orders.substring(0, orders.length() / 2)).build(),
            PollError.MALFORMED,
            "2xx"),
        Arguments.of(
            "a body cut off mid-way",
            new MockResponse.Builder()
                .body(orders)
                .throttleBody(64, 20, TimeUnit.MILLISECONDS)
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
                .build(),
            PollError.CONNECTION,
            "error"),
        Arguments.of(
            "a 30 s hang",
            new MockResponse.Builder().body(orders).headersDelay(30, TimeUnit.SECONDS).build(),
            PollError.TIMEOUT,
            "error"),
        Arguments.of(
            "a connection reset",
            new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build(),
            PollError.CONNECTION,
            "error"),
        Arguments.of(
            "a server error",
            new MockResponse.Builder().code(500).body("{\"errors\":[]}").build(),
            PollError.HTTP_5XX,
            "5xx"),
        Arguments.of(
            "a bad request",
            new MockResponse.Builder().code(400).body("{\"errors\":[]}").build(),
            PollError.HTTP_4XX,
            "4xx"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAnswers")
  void badAnswerIsACountedPollErrorThatKeepsLastGoodData(
      String name, MockResponse answer, PollError reason, String code) throws Exception {
    server.enqueue(answer);
    server.enqueue(answer); // OkHttp retries a reused connection that was reset once
    long start = System.nanoTime();
    Duration[] next = new Duration[1];

    String log = SourcesTestSupport.captureStderr(() -> next[0] = scheduler.pollOnce(source));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", reason.label()))
        .isEqualTo(1);
    assertThat(t.value("marketplace_exporter_poll_errors_total")).isEqualTo(1);
    assertThat(t.value("marketplace_exporter_source_up", "source", "amazon-us")).isZero();
    assertThat(t.value("marketplace_api_requests_total", "operation", "getOrders", "code", code))
        .isGreaterThanOrEqualTo(1);
    assertThat(t.value("marketplace_orders_pending", "shop", "A2EUQ1WTGCTBG2"))
        .as("last good data kept")
        .isEqualTo(1);
    assertThat(t.value("marketplace_exporter_source_last_success_timestamp_seconds"))
        .isEqualTo(SourcesTestSupport.NOW.getEpochSecond());
    assertThat(next[0]).as("next poll on schedule").isEqualTo(Duration.ofSeconds(60));
    assertThat(log.lines().filter(l -> l.contains("amazon-us")).count()).isEqualTo(1);
    assertThat(log)
        .contains(reason.label())
        .doesNotContain(CLIENT_SECRET)
        .doesNotContain(REFRESH)
        .doesNotContain(ACCESS);
  }

  @Test
  void aMalformedUtf8SequenceInsideAStringDoesNotFailThePoll() throws Exception {
    // Read as before the byte-level parser: the bad sequence replaced, the answer kept.
    String[] parts = fixture("amazon/get-orders-page2.json").split("Amazon\\.com", 2);
    Buffer body =
        new Buffer()
            .writeUtf8(parts[0])
            .writeUtf8("Amazon")
            .writeByte(0xff)
            .writeUtf8("é.com")
            .writeUtf8(parts[1]);
    server.enqueue(new MockResponse.Builder().body(body).build());

    scheduler.pollOnce(source);

    assertThat(t.value("marketplace_exporter_poll_errors_total")).isZero();
    assertThat(t.value("marketplace_exporter_source_up", "source", "amazon-us")).isEqualTo(1);
    assertThat(t.value("marketplace_api_requests_total", "operation", "getOrders", "code", "2xx"))
        .isEqualTo(2);
  }
}
