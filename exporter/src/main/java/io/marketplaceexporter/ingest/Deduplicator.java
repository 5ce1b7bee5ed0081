package io.marketplaceexporter.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers event ids for a bounded window (by time and by count), so that a client may resend a
 * batch after a timeout without counting anything twice.
 */
final class Deduplicator {
  private final Clock clock;
  private final long windowMillis;
  private final int maxIds;
  private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

  Deduplicator(Duration window, int maxIds, Clock clock) {
    this.clock = clock;
    this.windowMillis = window.toMillis();
    this.maxIds = maxIds;
  }

  /** True the first time {@code id} is offered within the window; false for a repeat. */
  synchronized boolean firstSeen(String id) {
    if (maxIds == 0 || windowMillis == 0) {
      return true;
    }
    long now = clock.millis();
    purge(now);
    Long at = seen.get(id);
    if (at != null) {
      return false;
    }
    seen.put(id, now);
    if (seen.size() > maxIds) {
      Iterator<String> it = seen.keySet().iterator();
      it.next();
      it.remove();
    }
    return true;
  }

  private void purge(long now) {
    Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      if (now - it.next().getValue() >= windowMillis) {
        it.remove();
      } else {
        break; // insertion order is time order
      }
    }
  }

  synchronized int size() {
    return seen.size();
  }
}
