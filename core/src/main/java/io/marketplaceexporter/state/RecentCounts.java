package io.marketplaceexporter.state;

/**
 * Counts of the last five to ten minutes, in two five-minute buckets: enough for the status page to
 * tell a shop failing now from one that failed once, without the history a rate needs (that is
 * Prometheus' job). Not thread-safe: the owning {@link ShopState} holds its monitor.
 */
final class RecentCounts {
  static final long BUCKET_MILLIS = 300_000;

  private final long[] current;
  private final long[] previous;
  private long bucket = Long.MIN_VALUE;

  RecentCounts(int size) {
    current = new long[size];
    previous = new long[size];
  }

  void add(long nowMillis, int index, long n) {
    roll(nowMillis);
    current[index] += n;
  }

  /** What was counted in this bucket and the one before it. */
  long sum(long nowMillis, int index) {
    roll(nowMillis);
    return current[index] + previous[index];
  }

  /** Moves to the bucket of {@code nowMillis}; a clock that went back stays in the bucket. */
  private void roll(long nowMillis) {
    long b = Math.floorDiv(nowMillis, BUCKET_MILLIS);
    if (b <= bucket) {
      return;
    }
    for (int i = 0; i < current.length; i++) {
      previous[i] = b == bucket + 1 ? current[i] : 0;
      current[i] = 0;
    }
    bucket = b;
  }
}
