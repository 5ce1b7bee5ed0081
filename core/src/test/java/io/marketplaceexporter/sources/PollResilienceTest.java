package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.PollingConfig;
import io.marketplaceexporter.sources.SourceSchedulerTest.FakeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Issue 14: nothing a source answers or throws stops its polling or leaves its health lying. */
class PollResilienceTest {
  final SourcesTestSupport t = new SourcesTestSupport();

  static void await(Duration within, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + within);
      }
      Thread.sleep(10);
    }
  }

  /** A generic source on {@code server} with extra YAML lines (options, timeout). */
  Source generic(String name, MockWebServer server, String extra) {
    return t.source(
        """
          - name: %s
            type: generic
            url: %s
            interval: 1s
        %s
            mappings:
              - for_each: $.data.deploys[*]
                event: {type: change, service: $.service, kind: deploy, at: $.at}
        """
            .formatted(name, server.url("/status"), extra),
        Map.of());
  }

  static Dispatcher answering(MockResponse response) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return response;
      }
    };
  }

  @Nested
  class ErrorsInAPoll {
    @Test
    void anOutOfMemoryErrorMarksThePollFailedCountsItAndTheSourceIsPolledAgain() throws Exception {
      FakeSource s = new FakeSource("erp", Duration.ofMillis(20));
      SourceHealth health = new SourceHealth(t.registry, List.of("erp"));
      try (SourceScheduler scheduler =
          new SourceScheduler(
              List.of(s), PollingConfig.defaults(), health, t.clock, new Random(1))) {
        scheduler.start();
        await(Duration.ofSeconds(5), () -> s.polls.get() >= 1);
        await(
            Duration.ofSeconds(5),
            () -> t.value("marketplace_exporter_source_up", "source", "erp") == 1);
        int before = s.polls.get();
        s.error = new OutOfMemoryError("Java heap space");

        await(Duration.ofSeconds(5), () -> s.polls.get() >= before + 3);

        assertThat(t.value("marketplace_exporter_source_up", "source", "erp")).isZero();
        assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "internal"))
            .isGreaterThanOrEqualTo(2);
        s.error = null;
        await(
            Duration.ofSeconds(5),
            () -> t.value("marketplace_exporter_source_up", "source", "erp") == 1);
      }
    }
  }

  @Nested
  class UpstreamErrorText {
    @Test
    void anEchoedTokenAndANewlineInAnUpstreamErrorNeverReachTheLogAsTheyCame() throws Exception {
      FakeSource s = new FakeSource("shopee-sg", Duration.ofSeconds(30));
      SourceScheduler scheduler = t.scheduler(List.of(s));
      s.failure =
          new PollException(
              PollError.API_ERROR,
              "get_order_list: error invalid request access_token=4a6b7c8d9e0f1a2b3c4d5e6f\n"
                  + "2026-11-24 10:00:00 INFO forged: all sources recovered");

      String log = SourcesTestSupport.captureStderr(() -> scheduler.pollOnce(s));

      assertThat(log).doesNotContain("4a6b7c8d9e0f1a2b3c4d5e6f");
      assertThat(log.lines().filter(l -> l.contains("forged")))
          .singleElement()
          .satisfies(l -> assertThat(l).contains("poll failed (api_error)").contains("\\n2026"));
    }
  }

  @Nested
  class OversizedAnswers {
    @StartStop final MockWebServer server = new MockWebServer();

    static String answerOf(int bytes) {
      String head = "{\"data\":{\"deploys\":[]},\"pad\":\"";
      return head + "x".repeat(bytes - head.length() - 2) + "\"}";
    }

    @Test
    void anAnswerOverTheConfiguredCapIsAMalformedPollNamingTheKeyAndTheSourceGoesOn()
        throws Exception {
      Source s = generic("erp", server, "    options: {max_response_bytes: \"2048\"}");
      SourceScheduler scheduler = t.scheduler(List.of(s));
      server.enqueue(new MockResponse.Builder().body(answerOf(4096)).build());
      server.enqueue(new MockResponse.Builder().body(answerOf(1024)).build());

      String log = SourcesTestSupport.captureStderr(() -> scheduler.pollOnce(s));

      assertThat(log)
          .contains("poll failed (malformed)")
          .contains("answer larger than 2048 bytes (sources[0].options.max_response_bytes)");
      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "malformed"))
          .isEqualTo(1);
      assertThat(t.value("marketplace_exporter_source_up", "source", "erp")).isZero();
      scheduler.pollOnce(s);
      assertThat(t.value("marketplace_exporter_source_up", "source", "erp")).isEqualTo(1);
    }

    @Test
    void theDefaultCapIsFourMebibytesWellBelowWhatAHeapOfAGigabyteCanParse() throws Exception {
      Source s = generic("erp", server, "");
      SourceScheduler scheduler = t.scheduler(List.of(s));
      server.enqueue(new MockResponse.Builder().body(answerOf(5 * 1024 * 1024)).build());

      String log = SourcesTestSupport.captureStderr(() -> scheduler.pollOnce(s));

      assertThat(log).contains("answer larger than 4194304 bytes");
      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "malformed"))
          .isEqualTo(1);
    }
  }

  @Nested
  class HangingSources {
    @StartStop final MockWebServer hanging = new MockWebServer();
    @StartStop final MockWebServer healthy = new MockWebServer();

    @Test
    void fourSourcesThatNeverAnswerDoNotStarveAHealthyOneAtTheDefaultConcurrency()
        throws Exception {
      hanging.setDispatcher(
          answering(
              new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build()));
      healthy.setDispatcher(
          answering(new MockResponse.Builder().body("{\"data\":{\"deploys\":[]}}").build()));
      List<Source> sources = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sources.add(generic("hanging-" + i, hanging, ""));
      }
      sources.add(generic("healthy", healthy, ""));
      SourceHealth health =
          new SourceHealth(t.registry, sources.stream().map(Source::name).toList());
      assertThat(PollingConfig.defaults().minInFlight()).isLessThanOrEqualTo(4);

      try (SourceScheduler scheduler =
          new SourceScheduler(sources, PollingConfig.defaults(), health, t.clock, new Random(1))) {
        scheduler.start();
        await(Duration.ofSeconds(3), () -> hanging.getRequestCount() == 4);

        await(Duration.ofSeconds(12), () -> healthy.getRequestCount() >= 3);
      }
      assertThat(t.value("marketplace_exporter_source_up", "source", "healthy")).isEqualTo(1);
    }
  }
}
