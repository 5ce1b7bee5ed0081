package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScrapePriorityTest {

  @Test
  void ingestGoesOnAtOnceWhenNoScrapeRenders() throws Exception {
    ScrapePriority priority = new ScrapePriority(Duration.ofSeconds(5));
    priority.scrapeStarted();
    priority.scrapeEnded();

    long t0 = System.nanoTime();
    assertThat(priority.awaitNoScrape()).isTrue();
    assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void ingestWaitsUntilTheLastOfOverlappingScrapesEnds() throws Exception {
    ScrapePriority priority = new ScrapePriority(Duration.ofSeconds(30));
    priority.scrapeStarted();
    priority.scrapeStarted();
    CompletableFuture<Boolean> ingest =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return priority.awaitNoScrape();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    priority.scrapeEnded();
    assertThat(ingest).as("one scrape still renders").isNotDone();
    priority.scrapeEnded();

    assertThat(ingest.get(10, TimeUnit.SECONDS)).as("went on because the scrapes ended").isTrue();
  }

  @Test
  void aScrapeThatNeverEndsHoldsIngestOnlyForTheBound() throws Exception {
    ScrapePriority priority = new ScrapePriority(Duration.ofMillis(200));
    priority.scrapeStarted();

    long t0 = System.nanoTime();
    assertThat(priority.awaitNoScrape()).as("gave up waiting").isFalse();
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
  }

  @Test
  void aBoundOfZeroNeverWaits() throws Exception {
    ScrapePriority priority = new ScrapePriority(Duration.ZERO);
    priority.scrapeStarted();

    assertThat(priority.awaitNoScrape()).isFalse();
  }
}
