package io.marketplaceexporter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.marketplaceexporter.ingest.IngestResult;
import io.marketplaceexporter.ingest.IngestService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/events}: one event or an array of them. 202 with counts and per-event errors;
 * 400 for a body that is not JSON; 413 for a body over {@code web.max_request_bytes}.
 */
final class EventsHandler {
  private final IngestService ingest;
  private final long maxBytes;

  EventsHandler(IngestService ingest, long maxBytes) {
    this.ingest = ingest;
    this.maxBytes = maxBytes;
  }

  void handle(Context ctx) throws IOException {
    JsonNode body = Json.parse(BoundedBody.read(ctx, maxBytes));
    if (!body.isObject() && !body.isArray()) {
      throw new BadRequest(400, "request body must be a JSON object or an array of objects");
    }
    IngestResult result = ingest.ingest(body);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", result.accepted());
    out.put("duplicates", result.duplicates());
    out.put("rejected", result.rejected());
    out.put("errors", result.errors());
    Json.write(ctx, 202, out);
  }
}
