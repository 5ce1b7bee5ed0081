package io.marketplaceexporter.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecentCountsTest {
  private static final long BUCKET = RecentCounts.BUCKET_MILLIS;
  private static final long T0 = 1_000 * BUCKET; // the start of a bucket

  private final RecentCounts counts = new RecentCounts(4);

  @Nested
  class Buckets {
    @Test
    void countsOfThisBucketAndThePreviousOneAreSummed() {
      counts.add(T0, 1, 2);
      counts.add(T0 + BUCKET, 1, 3);

      assertThat(counts.sum(T0 + BUCKET + 1, 1)).isEqualTo(5);
    }

    @Test
    void countsOlderThanThePreviousBucketAreForgotten() {
      counts.add(T0, 1, 2);
      counts.add(T0 + BUCKET, 1, 3);

      assertThat(counts.sum(T0 + 2 * BUCKET, 1)).isEqualTo(3);
      assertThat(counts.sum(T0 + 3 * BUCKET, 1)).isZero();
    }

    @Test
    void aGapOfTwoBucketsForgetsEverything() {
      counts.add(T0, 0, 7);

      assertThat(counts.sum(T0 + 2 * BUCKET, 0)).isZero();
    }

    @Test
    void aClockThatWentBackStaysInTheBucket() {
      counts.add(T0 + BUCKET, 2, 4);
      counts.add(T0, 2, 1);

      assertThat(counts.sum(T0 + BUCKET, 2)).isEqualTo(5);
    }
  }

  @Nested
  class Indexes {
    @Test
    void everyIndexCountsOnItsOwnInBothBuckets() {
      for (int i = 0; i < 4; i++) {
        counts.add(T0, i, 10 + i);
        counts.add(T0 + BUCKET, i, 100 * (i + 1));
      }

      assertThat(counts.sum(T0 + BUCKET, 0)).isEqualTo(110);
      assertThat(counts.sum(T0 + BUCKET, 1)).isEqualTo(211);
      assertThat(counts.sum(T0 + BUCKET, 2)).isEqualTo(312);
      assertThat(counts.sum(T0 + BUCKET, 3)).isEqualTo(413);
    }
  }
}
