package io.marketplaceexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScrapeRhythmTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** An arbitrary origin: nanoTime values may be negative or near overflow. */
  private static final long T0 = -7 * SECOND;

  private final ScrapeRhythm rhythm = new ScrapeRhythm(SECOND);

  private void scrapesEvery(long interval, int count, long from) {
    for (int i = 0; i < count; i++) {
      rhythm.scraped(from + i * interval);
    }
  }

  @Nested
  class WithoutARhythm {
    @Test
    void beforeThreeScrapesTheRendererKeepsItsPeriod() {
      scrapesEvery(15 * SECOND, 2, T0);
      assertThat(rhythm.intervalNanos()).isZero();
      assertThat(rhythm.nextPass(T0 + 16 * SECOND, 100 * MS)).isEqualTo(T0 + 17 * SECOND);
    }

    @Test
    void aPassLongerThanHalfThePeriodIsFollowedByAsLongIdle() {
      assertThat(rhythm.nextPass(T0, 700 * MS)).isEqualTo(T0 + 1400 * MS);
    }

    @Test
    void scrapesUnderTwoPeriodsApartKeepThePeriod() {
      scrapesEvery(1500 * MS, 5, T0);
      assertThat(rhythm.nextPass(T0 + 6 * SECOND, 100 * MS)).isEqualTo(T0 + 7 * SECOND);
    }
  }

  @Nested
  class WithARhythm {
    @Test
    void thePassEndsJustBeforeTheNextScrape() {
      scrapesEvery(15 * SECOND, 3, T0); // last at T0 + 30 s
      long took = 200 * MS;
      long next = rhythm.nextPass(T0 + 30 * SECOND + 50 * MS, took);
      // Next scrape at T0 + 45 s; the pass starts 2 passes and the lead before it.
      assertThat(next).isEqualTo(T0 + 45 * SECOND - 400 * MS - ScrapeRhythm.LEAD_NANOS);
      assertThat(next + took).isLessThan(T0 + 45 * SECOND);
    }

    @Test
    void oneRenderPerScrapeInsteadOfOneASecond() {
      long took = 100 * MS;
      long pass = T0;
      long lastPass = Long.MIN_VALUE;
      long scrape = T0 + 500 * MS;
      int scrapes = 0;
      int passes = 0;
      while (scrapes < 20) { // 20 scrapes, 15 s apart: 300 s
        if (pass < scrape) {
          passes += scrapes >= 4 ? 1 : 0;
          lastPass = pass;
          pass = rhythm.nextPass(pass, took);
        } else {
          if (scrapes >= 4) {
            // The rhythm is known: the pass before each scrape ends just before it.
            assertThat(scrape - lastPass).isBetween(took, 2 * took + ScrapeRhythm.LEAD_NANOS);
          }
          rhythm.scraped(scrape);
          scrapes++;
          scrape += 15 * SECOND;
        }
      }
      // One pass before each of the last 16 scrapes; one a second would be 240.
      assertThat(passes).isEqualTo(16);
    }

    @Test
    void whenScrapesStopItStillPassesOncePerIntervalAfterTheFloor() {
      scrapesEvery(10 * SECOND, 3, T0); // last at T0 + 20 s
      long late = T0 + 95 * SECOND;
      long next = rhythm.nextPass(late, 100 * MS);
      assertThat(next).isGreaterThanOrEqualTo(late + SECOND);
      assertThat(next).isLessThanOrEqualTo(late + SECOND + 10 * SECOND);
      // On the predicted rhythm: a multiple of the interval after the last scrape, less the lead.
      long lead = 200 * MS + ScrapeRhythm.LEAD_NANOS;
      assertThat((next + lead - (T0 + 20 * SECOND)) % (10 * SECOND)).isZero();
    }

    @Test
    void aSecondScraperAtAnotherOffsetShortensTheInterval() {
      // Two servers scraping every 15 s, 3 s apart: the renderer serves both.
      for (int i = 0; i < 3; i++) {
        rhythm.scraped(T0 + i * 15 * SECOND);
        rhythm.scraped(T0 + i * 15 * SECOND + 3 * SECOND);
      }
      assertThat(rhythm.intervalNanos()).isEqualTo(3 * SECOND);
      long last = T0 + 33 * SECOND;
      long next = rhythm.nextPass(last + 10 * MS, 100 * MS);
      assertThat(next).isLessThan(last + 3 * SECOND);
    }

    @Test
    void aScrapeInBetweenFallsBackToThePeriod() {
      scrapesEvery(15 * SECOND, 3, T0);
      rhythm.scraped(T0 + 30 * SECOND + 200 * MS); // someone's curl
      assertThat(rhythm.nextPass(T0 + 31 * SECOND, 100 * MS)).isEqualTo(T0 + 32 * SECOND);
    }

    @Test
    void onlyTheLastFourGapsCount() {
      rhythm.scraped(T0);
      rhythm.scraped(T0 + 300 * MS); // a curl long ago
      long t = T0 + 300 * MS;
      for (int i = 0; i < ScrapeRhythm.GAPS; i++) {
        t += 10 * SECOND;
        rhythm.scraped(t);
      }
      assertThat(rhythm.intervalNanos()).isEqualTo(10 * SECOND);
    }

    @Test
    void aShortPassAfterLongOnesStillStartsEarlyEnoughForALongOne() {
      scrapesEvery(10 * SECOND, 3, T0); // last at T0 + 20 s
      rhythm.nextPass(T0 + 21 * SECOND, 900 * MS);
      long next = rhythm.nextPass(T0 + 23 * SECOND, 100 * MS);
      // The next scrape at T0 + 30 s; the pass is allowed twice the 900 ms one.
      assertThat(next).isEqualTo(T0 + 30 * SECOND - 1800 * MS - ScrapeRhythm.LEAD_NANOS);
    }

    @Test
    void onlyTheLastFourPassesCount() {
      scrapesEvery(10 * SECOND, 3, T0); // last at T0 + 20 s
      rhythm.nextPass(T0 + 20 * SECOND, 900 * MS);
      long next = 0;
      for (int i = 0; i < ScrapeRhythm.PASSES; i++) {
        next = rhythm.nextPass(T0 + 21 * SECOND + i * SECOND, 100 * MS);
      }
      assertThat(next).isEqualTo(T0 + 30 * SECOND - 200 * MS - ScrapeRhythm.LEAD_NANOS);
    }

    @Test
    void aLongPassStillKeepsHalfItsTimeIdle() {
      scrapesEvery(5 * SECOND, 3, T0); // last at T0 + 10 s
      long took = 3 * SECOND;
      long start = T0 + 10 * SECOND;
      assertThat(rhythm.nextPass(start, took)).isGreaterThanOrEqualTo(start + 2 * took);
    }
  }
}
