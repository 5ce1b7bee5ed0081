package io.marketplaceexporter.http;

import java.time.Duration;

/**
 * Gives {@code /metrics} the processor while it renders: new ingest requests wait until no scrape
 * is rendering, but never longer than the configured bound ({@code ingest.scrape_priority}). Only
 * rendering counts, into memory; sending the answer does not (see {@link MetricsHandler}), so a
 * client that reads a scrape slowly, or never, does not make ingest wait at all. Requests already
 * being applied finish; a batch of 500 events takes about a millisecond.
 */
final class ScrapePriority {
  private final long maxWaitNanos;

  /** Written under the monitor; read without it on ingest's fast path. */
  private volatile int scrapes;

  ScrapePriority(Duration maxWait) {
    this.maxWaitNanos = maxWait.toNanos();
  }

  /** Marks a scrape as rendering until {@link #scrapeEnded()}. */
  synchronized void scrapeStarted() {
    scrapes++;
  }

  synchronized void scrapeEnded() {
    if (--scrapes == 0) {
      notifyAll();
    }
  }

  /**
   * Waits while a scrape renders, at most the configured bound; returns whether ingest may go on
   * because no scrape is running (false when it gave up waiting, and goes on anyway).
   */
  boolean awaitNoScrape() throws InterruptedException {
    if (scrapes == 0) {
      return true; // every ingest request passes here: no lock unless a scrape renders
    }
    return maxWaitNanos > 0 && awaitEnd();
  }

  private synchronized boolean awaitEnd() throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitNanos;
    while (scrapes > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(left / 1_000_000, (int) (left % 1_000_000));
    }
    return true;
  }
}
