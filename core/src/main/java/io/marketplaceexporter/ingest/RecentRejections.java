package io.marketplaceexporter.ingest;

import io.marketplaceexporter.logging.LogText;
import io.marketplaceexporter.state.IngestStats;
import io.marketplaceexporter.status.RejectedEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The last {@link #CAPACITY} rejected events, for the status page: when, from where, their type and
 * the first problem. The field name can come from the client (an unknown field), so it goes through
 * {@link LogText#safe} like every external text, and is cut short; the event itself is not kept.
 * Recording only keeps references (a batch may reject hundreds of thousands of events); the text is
 * made safe when the page reads it.
 */
public final class RecentRejections {
  public static final int CAPACITY = 50;
  static final int MAX_FIELD_CHARS = 64;

  private final ArrayDeque<Entry> ring = new ArrayDeque<>(CAPACITY);

  private record Entry(Instant at, boolean pushed, int typeIndex, FieldError first, int more) {}

  /** Records an event that was not applied, with its problems. */
  void record(Instant at, boolean pushed, int typeIndex, List<FieldError> problems) {
    FieldError first =
        problems.isEmpty() ? new FieldError(0, "event", "was not applied") : problems.get(0);
    Entry e = new Entry(at, pushed, typeIndex, first, Math.max(0, problems.size() - 1));
    synchronized (ring) {
      if (ring.size() == CAPACITY) {
        ring.removeFirst();
      }
      ring.addLast(e);
    }
  }

  /** The rejected events kept, newest first. */
  public List<RejectedEvent> newestFirst() {
    List<Entry> entries = new ArrayList<>(CAPACITY);
    synchronized (ring) {
      for (Iterator<Entry> it = ring.descendingIterator(); it.hasNext(); ) {
        entries.add(it.next());
      }
    }
    List<RejectedEvent> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      String field = LogText.safe(e.first().field());
      if (field.length() > MAX_FIELD_CHARS) {
        field = field.substring(0, MAX_FIELD_CHARS - 3) + "...";
      }
      String problem = LogText.safe(e.first().message());
      if (e.more() > 0) {
        problem += " (and " + e.more() + " more problems)";
      }
      out.add(
          new RejectedEvent(
              e.at(),
              e.pushed() ? "push" : "poll",
              IngestStats.TYPES[e.typeIndex()],
              field,
              problem));
    }
    return out;
  }
}
