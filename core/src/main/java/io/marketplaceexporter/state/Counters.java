package io.marketplaceexporter.state;

/** A small set of counters indexed by an enum ordinal; a counter exists once created. */
final class Counters {
  final long[] values;
  int present;

  Counters(int size) {
    values = new long[size];
  }

  boolean has(int i) {
    return (present & (1 << i)) != 0;
  }

  /** Adds to a counter that exists or whose label set was reserved for it. */
  void addReserved(int i, long n) {
    present |= 1 << i;
    values[i] += n;
  }

  void add(SeriesBudget budget, SeriesFamily family, int i, long n) {
    int bit = 1 << i;
    if ((present & bit) == 0) {
      if (!budget.tryAcquire(family, 1)) {
        return;
      }
      present |= bit;
    }
    values[i] += n;
  }

  /**
   * Creates every counter that does not exist yet, at 0, where the budget has room; best effort, so
   * nothing is counted as dropped here (an event's own label set is, in {@link #add}).
   */
  void createAll(SeriesBudget budget, SeriesFamily family) {
    for (int i = 0; i < values.length; i++) {
      int bit = 1 << i;
      if ((present & bit) == 0 && budget.hasRoom(family) && budget.tryAcquire(family, 1)) {
        present |= bit;
      }
    }
  }

  int count() {
    return Integer.bitCount(present);
  }

  void emit(IndexedValue out) {
    for (int i = 0; i < values.length; i++) {
      if ((present & (1 << i)) != 0) {
        out.accept(i, values[i]);
      }
    }
  }

  @FunctionalInterface
  interface IndexedValue {
    void accept(int index, double value);
  }
}
