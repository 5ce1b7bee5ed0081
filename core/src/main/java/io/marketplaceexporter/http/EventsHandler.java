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
 * 422 with the same body when every event was rejected; when every event belongs to one other
 * shard, 307 to its {@code shard.peers} URL (421 Misdirected Request when peers are not
 * configured), nothing applied; 400 for a body that is not JSON; 413 for a body over {@code
 * web.max_request_bytes}; 503 with {@code Retry-After} when ingest stays saturated for {@link
 * #MAX_WAIT_SECONDS}.
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
      Json.write(ctx, nothingTaken(result) ? 422 : 202, out);
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

  /**
   * Every event of the request was rejected: nothing was applied or had been before, so the answer
   * is a 4xx that a client cannot take for success. A request with one good event stays 202, with
   * the bad ones in {@code errors}, so that no good event is lost and none is sent twice.
   */
  private static boolean nothingTaken(IngestResult r) {
    return r.rejected() > 0 && r.accepted() == 0 && r.duplicates() == 0 && r.misdirected() == 0;
  }

  private IngestResult ingest(byte[] raw) {
    JsonNode body = Json.parse(raw);
    if (!body.isObject() && !body.isArray()) {
      throw new BadRequest(400, "request body must be a JSON object or an array of objects");
    }
    return ingest.ingest(body);
  }
}
