package io.marketplaceexporter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.marketplaceexporter.ingest.IngestResult;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.model.Shard;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /api/v1/events}: one event or an array of them. 202 with counts and per-event errors
 * (the first {@link io.marketplaceexporter.ingest.IngestResult#MAX_ERRORS}, and how many more), or
 * 422 with the same body when any event was rejected (the valid ones are applied all the same: a
 * bad event never costs the good ones, and a client that checks only the status still notices);
 * when every event belongs to one other shard, 307 to its {@code shard.peers} URL (421 Misdirected
 * Request when peers are not configured), nothing applied; 400 for a body that is not JSON; 413 for
 * a body over {@code web.max_request_bytes}; 503 with {@code Retry-After} when ingest stays
 * saturated for {@link #MAX_WAIT_SECONDS}.
 */
final class EventsHandler {
  static final int MAX_WAIT_SECONDS = 10;

  private final IngestService ingest;
  private final long maxBytes;

  /** Parsing and applying are CPU work: bounded so that a scrape always has a processor. */
  private final Semaphore permits;

  private final ScrapePriority priority;

  EventsHandler(IngestService ingest, long maxBytes, ScrapePriority priority) {
    this.ingest = ingest;
    this.maxBytes = maxBytes;
    this.priority = priority;
    this.permits = new Semaphore(ingest.concurrency(), true);
  }

  void handle(Context ctx) throws IOException, InterruptedException {
    byte[] raw = BoundedBody.read(ctx, maxBytes);
    priority.awaitNoScrape();
    if (!permits.tryAcquire(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
      ctx.header("Retry-After", "1");
      throw new BadRequest(503, "ingest is saturated: retry later (ingest.max_concurrent)");
    }
    IngestResult result;
    try {
      result = ingest(raw);
    } finally {
      permits.release();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", result.accepted());
    out.put("duplicates", result.duplicates());
    out.put("rejected", result.rejected());
    out.put("misdirected", result.misdirected());
    out.put("errors", result.errors());
    out.put("errors_omitted", result.errorsOmitted());
    int owner = result.soleOwner();
    if (owner < 0) {
      Json.write(ctx, result.rejected() > 0 ? 422 : 202, out);
      return;
    }
    // Every event belongs to one other shard: send the whole request there.
    Shard shard = ingest.shard();
    String peer = shard.peer(owner);
    out.put("shard", owner);
    if (peer == null) {
      out.put(
          "error",
          "every event belongs to shard " + owner + " of " + shard.count() + ": send them there");
      Json.write(ctx, 421, out);
    } else {
      out.put("error", "every event belongs to shard " + owner + " at " + peer);
      ctx.header("Location", peer + "/api/v1/events");
      Json.write(ctx, 307, out);
    }
  }

  private IngestResult ingest(byte[] raw) {
    JsonNode body = Json.parse(raw);
    if (!body.isObject() && !body.isArray()) {
      throw new BadRequest(400, "request body must be a JSON object or an array of objects");
    }
    return ingest.ingest(body);
  }
}
