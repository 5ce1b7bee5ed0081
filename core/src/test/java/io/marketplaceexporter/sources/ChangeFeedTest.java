package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeFeedTest {
  private final ChangeFeed feed = new ChangeFeed();
  private static final long FIVE_MINUTES = ChangeFeed.AGAIN.toMillis();

  @Test
  void aValueIsFedTheFirstTimeAndWhenItChangesButNotWhenItRepeats() {
    assertThat(feed.due("k", 1.0, 0)).isTrue();
    assertThat(feed.due("k", 1.0, 1_000)).isFalse();
    assertThat(feed.due("k", 2.0, 2_000)).isTrue();
    assertThat(feed.due("k", 2.0, 3_000)).isFalse();
  }

  @Test
  void anUnchangedValueIsFedAgainFiveMinutesAfterItWasLastFed() {
    feed.due("k", 1.0, 0);
    assertThat(feed.due("k", 1.0, FIVE_MINUTES - 1)).isFalse();
    assertThat(feed.due("k", 1.0, FIVE_MINUTES)).isTrue();
    assertThat(feed.due("k", 1.0, FIVE_MINUTES + 1)).isFalse();
  }

  @Test
  void keysAreIndependent() {
    feed.due("access", 1.0, 0);
    assertThat(feed.due("refresh", 1.0, 0)).isTrue();
    assertThat(feed.due("access", 1.0, 0)).isFalse();
  }

  @Test
  void nanEqualsNanSoAnUnknownOldestOrderIsNotFedOnEveryPoll() {
    record Backlog(long pending, double oldest) {}
    feed.due("backlog", new Backlog(0, Double.NaN), 0);
    assertThat(feed.due("backlog", new Backlog(0, Double.NaN), 1)).isFalse();
    assertThat(feed.due("backlog", new Backlog(1, Double.NaN), 2)).isTrue();
  }
}
