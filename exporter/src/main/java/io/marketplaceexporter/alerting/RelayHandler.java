package io.marketplaceexporter.alerting;

import io.javalin.http.Context;
import io.marketplaceexporter.http.BadRequest;
import io.marketplaceexporter.http.BoundedBody;
import io.marketplaceexporter.http.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /alertmanager/{channel}/{target}}: validates and queues Alertmanager's notification,
 * answering 202 at once so that Alertmanager never waits on a slow robot. 404 for an unknown
 * channel or target, 400 for a payload that is not Alertmanager's (the message names the field),
 * 413 for a body over {@code web.max_request_bytes}, 503 while the target's queue is full; errors
 * are {@link BadRequest}s, answered as {@code {"error": ...}} like the rest of the API.
 */
final class RelayHandler {
  private final AlertRelay relay;
  private final long maxBytes;

  RelayHandler(AlertRelay relay, long maxBytes) {
    this.relay = relay;
    this.maxBytes = maxBytes;
  }

  void handle(Context ctx) throws IOException {
    TargetQueue target = relay.target(ctx.pathParam("channel"), ctx.pathParam("target"));
    AlertGroup group = PayloadParser.parse(BoundedBody.read(ctx, maxBytes));
    int depth;
    try {
      depth = relay.accept(target, group);
    } catch (BadRequest e) {
      ctx.header("Retry-After", "30");
      throw e;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "queued");
    out.put("channel", target.channel());
    out.put("target", target.name());
    out.put("alerts", group.alerts().size());
    out.put("queue_depth", depth);
    Json.write(ctx, 202, out);
  }
}
