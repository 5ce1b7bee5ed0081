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
 */
public final class RecentRejections {
  public static final int CAPACITY = 50;
  static final int MAX_FIELD_CHARS = 64;

  private final ArrayDeque<RejectedEvent> ring = new ArrayDeque<>(CAPACITY);

  /** Records an event that was not applied, with its problems. */
  void record(Instant at, boolean pushed, int typeIndex, List<FieldError> problems) {
    FieldError first =
        problems.isEmpty() ? new FieldError(0, "event", "was not applied") : problems.get(0);
    String field = LogText.safe(first.field());
    if (field.length() > MAX_FIELD_CHARS) {
      field = field.substring(0, MAX_FIELD_CHARS - 3) + "...";
    }
    String problem = LogText.safe(first.message());
    if (problems.size() > 1) {
      problem += " (and " + (problems.size() - 1) + " more problems)";
    }
    RejectedEvent e =
        new RejectedEvent(
            at, pushed ? "push" : "poll", IngestStats.TYPES[typeIndex], field, problem);
    synchronized (ring) {
      if (ring.size() == CAPACITY) {
        ring.removeFirst();
      }
      ring.addLast(e);
    }
  }

  /** The rejected events kept, newest first. */
  public List<RejectedEvent> newestFirst() {
    synchronized (ring) {
      List<RejectedEvent> out = new ArrayList<>(ring.size());
      for (Iterator<RejectedEvent> it = ring.descendingIterator(); it.hasNext(); ) {
        out.add(it.next());
      }
      return out;
    }
  }
}
