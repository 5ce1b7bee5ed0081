package io.marketplaceexporter.state;

import io.marketplaceexporter.state.Vocabulary.ChangeKind;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deploys and operational changes: counts and last time per service and kind, latest per service.
 */
final class ChangeLog {
  private final SeriesBudget budget;
  private final int recentLimit;
  private final Map<ServiceKind, long[]> counts = new HashMap<>();
  private final Map<ServiceKind, Double> lastAt = new HashMap<>();
  private final Map<String, Change> latest = new HashMap<>();
  private final ArrayDeque<Change> recent = new ArrayDeque<>();

  ChangeLog(SeriesBudget budget, int recentLimit) {
    this.budget = budget;
    this.recentLimit = recentLimit;
  }

  synchronized void record(Change change) {
    ServiceKind key = new ServiceKind(change.service(), change.kind());
    long[] count = counts.get(key);
    if (count == null && budget.tryAcquire(SeriesFamily.CHANGES, 1)) {
      count = new long[1];
      counts.put(key, count);
    }
    if (count != null) {
      count[0]++;
    }
    Double last = lastAt.get(key);
    if (last == null) {
      if (budget.tryAcquire(SeriesFamily.CHANGE_LAST, 1)) {
        lastAt.put(key, change.at());
      }
    } else if (change.at() > last) {
      lastAt.put(key, change.at());
    }
    Change previous = latest.get(change.service());
    if (previous == null) {
      if (budget.tryAcquire(SeriesFamily.CHANGE_INFO, 1)) {
        latest.put(change.service(), change);
      }
    } else if (change.at() >= previous.at()) {
      latest.put(change.service(), change);
    }
    recent.addFirst(change);
    while (recent.size() > recentLimit) {
      recent.removeLast();
    }
  }

  synchronized void collect(SeriesFamily family, Samples out) {
    switch (family) {
      case CHANGES -> counts.forEach((k, v) -> out.add(v[0], k.labels()));
      case CHANGE_LAST -> lastAt.forEach((k, v) -> out.add(v, k.labels()));
      case CHANGE_INFO ->
          latest.forEach(
              (s, c) ->
                  out.add(
                      1,
                      Labels.of("service", s, "kind", c.kind().label(), "version", c.version())));
      default -> {
        // not a change family
      }
    }
  }

  /** The latest changes, newest received first. */
  synchronized List<Change> recent(int limit) {
    List<Change> out = new ArrayList<>(Math.min(limit, recent.size()));
    for (Change c : recent) {
      if (out.size() >= limit) {
        break;
      }
      out.add(c);
    }
    return out;
  }

  private record ServiceKind(String service, ChangeKind kind) {
    Labels labels() {
      return Labels.of("service", service, "kind", kind.label());
    }
  }
}
