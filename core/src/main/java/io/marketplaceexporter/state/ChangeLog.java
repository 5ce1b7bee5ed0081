package io.marketplaceexporter.state;

import io.marketplaceexporter.model.Vocabulary.ChangeKind;
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

  /**
   * Records a change; returns null, or the family that has no room for its count or last-time
   * series (then nothing of it is recorded).
   */
  synchronized SeriesFamily record(Change change) {
    ServiceKind key = new ServiceKind(change.service(), change.kind());
    long[] count = counts.get(key);
    Double last = lastAt.get(key);
    SeriesFamily full =
        budget.reserve(SeriesFamily.CHANGES, count == null, SeriesFamily.CHANGE_LAST, last == null);
    if (full != null) {
      return full;
    }
    if (count == null) {
      count = new long[1];
      counts.put(key, count);
    }
    count[0]++;
    if (last == null || change.at() > last) {
      lastAt.put(key, change.at());
    }
    updateLatest(change);
    recent.addFirst(change);
    while (recent.size() > recentLimit) {
      recent.removeLast();
    }
    return null;
  }

  /** The durable part: last time per service and kind, latest per service, the recent ones. */
  synchronized StateImage.Changes image() {
    List<StateImage.Last> last = new ArrayList<>(lastAt.size());
    lastAt.forEach((k, at) -> last.add(new StateImage.Last(k.service(), k.kind().label(), at)));
    List<StateImage.Entry> latestChanges = new ArrayList<>(latest.size());
    latest.values().forEach(c -> latestChanges.add(entry(c)));
    List<StateImage.Entry> recentChanges = new ArrayList<>(recent.size());
    recent.forEach(c -> recentChanges.add(entry(c)));
    return new StateImage.Changes(last, latestChanges, recentChanges);
  }

  private static StateImage.Entry entry(Change c) {
    return new StateImage.Entry(
        c.service(), c.kind().label(), c.version(), c.at(), c.shop(), c.approver(), c.alert());
  }

  /**
   * Moves the last time of a service and kind forward (creating the series within the budget); with
   * {@link #updateLatest} and {@link #restoreRecent} also how a restart restores the log.
   */
  synchronized void updateLast(String service, ChangeKind kind, double at) {
    ServiceKind key = new ServiceKind(service, kind);
    Double last = lastAt.get(key);
    if (last == null ? budget.tryAcquire(SeriesFamily.CHANGE_LAST, 1) : at > last) {
      lastAt.put(key, at);
    }
  }

  synchronized void updateLatest(Change change) {
    Change previous = latest.get(change.service());
    if (previous == null
        ? budget.tryAcquire(SeriesFamily.CHANGE_INFO, 1)
        : change.at() >= previous.at()) {
      latest.put(change.service(), change);
    }
  }

  /** Appends one change to the recent list; restore them newest first. */
  synchronized void restoreRecent(Change change) {
    if (recent.size() < recentLimit) {
      recent.addLast(change);
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
