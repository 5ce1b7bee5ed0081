package io.marketplaceexporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.config.IngestConfig;
import io.marketplaceexporter.state.IngestStats;
import io.marketplaceexporter.state.IngestStats.Result;
import io.marketplaceexporter.state.MarketplaceState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Validates and applies events. Valid events of a batch are applied even when others are rejected,
 * so nothing valid is lost and the client knows exactly what to resend.
 */
public final class IngestService {
  private final MarketplaceState state;
  private final Deduplicator dedup;
  private final int concurrency;

  /**
   * Held (shared) while a batch marks ids seen and applies events, so that {@link #seenIds()} can
   * wait until every event whose id it returns has been applied.
   */
  private final ReentrantReadWriteLock applying = new ReentrantReadWriteLock();

  /** An event id and when it was first seen (Unix ms), as kept across a restart. */
  public record SeenId(String id, long atMillis) {}

  public IngestService(MarketplaceState state, IngestConfig config) {
    this.state = state;
    this.dedup = new Deduplicator(config.dedupWindow(), config.dedupMaxIds(), state.clock());
    this.concurrency = config.concurrency();
  }

  /** How many ingest requests may be parsed and applied at once ({@code ingest.max_concurrent}). */
  public int concurrency() {
    return concurrency;
  }

  /** Ingests one event object or an array of them. */
  public IngestResult ingest(JsonNode body) {
    if (body.isArray()) {
      List<JsonNode> events = new ArrayList<>(body.size());
      body.forEach(events::add);
      return ingest(events);
    }
    return ingest(List.of(body));
  }

  public IngestResult ingest(List<JsonNode> events) {
    List<FieldError> errors = new ArrayList<>();
    IngestStats stats = state.ingestStats();
    double now = state.clock().millis() / 1000.0;
    int accepted = 0;
    int duplicates = 0;
    int rejected = 0;
    Lock lock = applying.readLock();
    lock.lock();
    try {
      for (int i = 0; i < events.size(); i++) {
        EventParser.Parsed p = EventParser.parse(events.get(i), i, errors, now);
        if (p.event() == null) {
          rejected++;
          stats.count(p.typeIndex(), Result.REJECTED);
        } else if (p.id() != null && !dedup.firstSeen(p.id())) {
          duplicates++;
          stats.count(p.typeIndex(), Result.DUPLICATE);
        } else {
          p.event().applyTo(state);
          accepted++;
          stats.count(p.typeIndex(), Result.ACCEPTED);
        }
      }
    } finally {
      lock.unlock();
    }
    return new IngestResult(accepted, duplicates, rejected, errors);
  }

  /**
   * The event ids within the dedup window, oldest first. Returns only after every event with one of
   * these ids has been applied to the state, so that a state image taken afterwards holds their
   * effects: an id is never remembered across a restart without what its event did.
   */
  public List<SeenId> seenIds() {
    List<SeenId> ids = dedup.seen();
    Lock barrier = applying.writeLock();
    barrier.lock();
    barrier.unlock();
    return ids;
  }

  /** Remembers ids seen before a restart; returns how many are still within the window. */
  public int restoreSeenIds(List<SeenId> ids) {
    return dedup.restore(ids);
  }

  /** Applies an event produced inside the exporter (the connectors). */
  public void apply(Event event) {
    event.applyTo(state);
  }
}
