package io.marketplaceexporter.state;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.concurrent.atomic.LongAdder;

/** Counts of ingested events by type and result, for marketplace_exporter_ingest_events_total. */
public final class IngestStats {
  /** Event types on the wire, plus {@code unknown} for a missing or unknown type. */
  public static final String[] TYPES = {
    "order",
    "order_backlog",
    "sync",
    "api_call",
    "quota",
    "token",
    "price",
    "inventory",
    "change",
    "payment",
    "listing_status",
    "unknown"
  };

  public enum Result {
    ACCEPTED,
    REJECTED,
    DUPLICATE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final LongAdder[][] counts = new LongAdder[TYPES.length][Result.values().length];

  public IngestStats() {
    for (LongAdder[] row : counts) {
      for (int r = 0; r < row.length; r++) {
        row[r] = new LongAdder();
      }
    }
  }

  /** Index of a wire type in {@link #TYPES}; unknown types map to {@code unknown}. */
  public static int typeIndex(String type) {
    for (int i = 0; i < TYPES.length - 1; i++) {
      if (TYPES[i].equals(type)) {
        return i;
      }
    }
    return TYPES.length - 1;
  }

  public void count(int typeIndex, Result result) {
    counts[typeIndex][result.ordinal()].increment();
  }

  /** Emits every (type, result) pair that has been counted at least once. */
  public void collect(Samples out) {
    for (int t = 0; t < TYPES.length; t++) {
      for (Result r : Result.values()) {
        long v = counts[t][r.ordinal()].sum();
        if (v > 0) {
          out.add(v, Labels.of("type", TYPES[t], "result", r.label()));
        }
      }
    }
  }
}
