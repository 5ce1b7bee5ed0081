package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.sources.SourceSchedulerTest.FakeSource;
import io.marketplaceexporter.status.SourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the scheduler tells the status page about each source. */
class SourceStatusTest {
  final SourcesTestSupport t = new SourcesTestSupport();
  final FakeSource amazon = new FakeSource("amazon-us", Duration.ofSeconds(60));
  final FakeSource shopee = new FakeSource("shopee-sg", Duration.ofSeconds(60));

  SourceStatus of(SourceScheduler s, String name) {
    return s.status().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
  }

  @Nested
  class States {
    @Test
    void pendingUntilThePollThenUpWithItsLastSuccess() {
      try (SourceScheduler s = t.scheduler(List.of(amazon, shopee))) {
        assertThat(s.status())
            .extracting(SourceStatus::name, SourceStatus::state)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("amazon-us", SourceStatus.PENDING),
                org.assertj.core.groups.Tuple.tuple("shopee-sg", SourceStatus.PENDING));

        s.pollOnce(amazon);

        SourceStatus a = of(s, "amazon-us");
        assertThat(a.state()).isEqualTo(SourceStatus.UP);
        assertThat(a.lastSuccess()).isEqualTo(t.clock.instant());
        assertThat(a.lastError()).isNull();
      }
    }

    @Test
    void downWithTheReasonLabelAndFailuresInARowButNeverTheMessage() {
      try (SourceScheduler s = t.scheduler(List.of(amazon))) {
        s.pollOnce(amazon);
        Instant success = t.clock.instant();
        t.clock.advance(Duration.ofMinutes(1));
        amazon.failure = new PollException(PollError.AUTH, "invalid_grant for token Atza|secret");
        s.pollOnce(amazon);
        s.pollOnce(amazon);

        SourceStatus a = of(s, "amazon-us");
        assertThat(a.state()).isEqualTo(SourceStatus.DOWN);
        assertThat(a.lastError()).isEqualTo("auth");
        assertThat(a.failures()).isEqualTo(2);
        assertThat(a.lastSuccess()).isEqualTo(success);
        assertThat(a.toString()).doesNotContain("Atza", "invalid_grant");
      }
    }

    @Test
    void throttledIsItsOwnStateAndASuccessEndsIt() {
      try (SourceScheduler s = t.scheduler(List.of(shopee))) {
        shopee.failure = new PollException(PollError.THROTTLED, "429");
        s.pollOnce(shopee);
        assertThat(of(s, "shopee-sg").state()).isEqualTo(SourceStatus.THROTTLED);

        shopee.failure = null;
        s.pollOnce(shopee);
        assertThat(of(s, "shopee-sg").state()).isEqualTo(SourceStatus.UP);
        assertThat(of(s, "shopee-sg").failures()).isZero();
      }
    }
  }

  @Nested
  class NextPoll {
    @Test
    void isKnownOnceTheSourceIsScheduled() throws Exception {
      try (SourceScheduler s = t.scheduler(List.of(amazon))) {
        assertThat(of(s, "amazon-us").nextPoll()).isNull();
        Instant before = t.clock.instant();
        s.start();
        Instant next = of(s, "amazon-us").nextPoll();
        assertThat(next).isBetween(before, before.plusSeconds(1));
        SourceSchedulerTest.await(() -> amazon.polls.get() == 1);
        SourceSchedulerTest.await(
            () -> before.plusSeconds(60).equals(of(s, "amazon-us").nextPoll()));
      }
    }
  }
}
