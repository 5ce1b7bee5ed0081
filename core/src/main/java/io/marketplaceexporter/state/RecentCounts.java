package io.marketplaceexporter.state;

/**
 * Counts of the last five to ten minutes, in two five-minute buckets: enough for the status page to
 * tell a shop failing now from one that failed once, without the history a rate needs (that is
 * Prometheus' job). Not thread-safe: the owning {@link ShopState} holds its monitor.
 */
final class RecentCounts {
  static final long BUCKET_MILLIS = 300_000;

  /** The counts of this bucket, then those of the one before it: one array, kept per shop. */
  private final long[] counts;

  private long bucket = Long.MIN_VALUE;

  RecentCounts(int size) {
    counts = new long[2 * size];
  }

  void add(long nowMillis, int index, long n) {
    roll(nowMillis);
    counts[index] += n;
  }

  /** What was counted in this bucket and the one before it. */
  long sum(long nowMillis, int index) {
    roll(nowMillis);
    return counts[index] + counts[size() + index];
  }

  private int size() {
    return counts.length / 2;
  }

  /** Moves to the bucket of {@code nowMillis}; a clock that went back stays in the bucket. */
  private void roll(long nowMillis) {
    long b = Math.floorDiv(nowMillis, BUCKET_MILLIS);
    if (b <= bucket) {
      return;
    }
    for (int i = 0; i < size(); i++) {
      counts[size() + i] = b == bucket + 1 ? counts[i] : 0;
      counts[i] = 0;
    }
    bucket = b;
  }
}
