package io.marketplaceexporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.config.IngestConfig;
import io.marketplaceexporter.state.IngestStats;
import io.marketplaceexporter.state.IngestStats.Result;
import io.marketplaceexporter.state.MarketplaceState;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates and applies events. Valid events of a batch are applied even when others are rejected,
 * so nothing valid is lost and the client knows exactly what to resend.
 */
public final class IngestService {
  private final MarketplaceState state;
  private final Deduplicator dedup;
  private final int concurrency;

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
    return new IngestResult(accepted, duplicates, rejected, errors);
  }

  /** Applies an event produced inside the exporter (the connectors). */
  public void apply(Event event) {
    event.applyTo(state);
  }
}
