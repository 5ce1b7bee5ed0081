package io.marketplaceexporter.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** Forgets {@code id}: its event was not applied after all, so a resend must count. */
  synchronized void forget(String id) {
    seen.remove(id);
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

  /** The ids still within the window, oldest first. */
  synchronized List<IngestService.SeenId> seen() {
    purge(clock.millis());
    List<IngestService.SeenId> out = new ArrayList<>(seen.size());
    seen.forEach((id, at) -> out.add(new IngestService.SeenId(id, at)));
    return out;
  }

  /**
   * Remembers ids seen before a restart for what is left of their window; ids must come oldest
   * first. Returns how many were still within the window.
   */
  synchronized int restore(List<IngestService.SeenId> ids) {
    if (maxIds == 0 || windowMillis == 0) {
      return 0;
    }
    long now = clock.millis();
    for (IngestService.SeenId s : ids) {
      if (s.id() != null && now - s.atMillis() < windowMillis && !seen.containsKey(s.id())) {
        seen.put(s.id(), Math.min(s.atMillis(), now));
        if (seen.size() > maxIds) {
          Iterator<String> it = seen.keySet().iterator();
          it.next();
          it.remove();
        }
      }
    }
    return seen.size();
  }

  synchronized int size() {
    return seen.size();
  }
}
