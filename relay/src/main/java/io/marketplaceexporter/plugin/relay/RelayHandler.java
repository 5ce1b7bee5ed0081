package io.marketplaceexporter.plugin.relay;

import io.javalin.http.Context;
import io.marketplaceexporter.alerting.AlertRelay;
import io.marketplaceexporter.alerting.BadPayloadException;
import io.marketplaceexporter.alerting.QueueFullException;
import io.marketplaceexporter.alerting.UnknownTargetException;
import io.marketplaceexporter.http.BadRequest;
import io.marketplaceexporter.http.BoundedBody;
import io.marketplaceexporter.http.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /alertmanager/{channel}/{target}}: hands Alertmanager's notification to the {@link
 * AlertRelay}, answering 202 at once so that Alertmanager never waits on a slow robot. The relay's
 * refusals become statuses: an unknown channel or target 404, a payload that is not Alertmanager's
 * 400 (the message names the field), a full queue 503 with {@code Retry-After}; a body over {@code
 * web.max_request_bytes} is a 413. Errors are answered as {@code {"error": ...}} like the rest of
 * the API.
 */
final class RelayHandler {
  private final AlertRelay relay;
  private final long maxBytes;

  RelayHandler(AlertRelay relay, long maxBytes) {
    this.relay = relay;
    this.maxBytes = maxBytes;
  }

  void handle(Context ctx) throws IOException {
    AlertRelay.Receipt receipt;
    try {
      AlertRelay.Target target = relay.target(ctx.pathParam("channel"), ctx.pathParam("target"));
      receipt = relay.accept(target, BoundedBody.read(ctx, maxBytes));
    } catch (UnknownTargetException e) {
      throw new BadRequest(404, e.getMessage());
    } catch (BadPayloadException e) {
      throw new BadRequest(400, e.getMessage());
    } catch (QueueFullException e) {
      ctx.header("Retry-After", Long.toString(e.retryAfter().toSeconds()));
      throw new BadRequest(503, e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "queued");
    out.put("channel", receipt.channel());
    out.put("target", receipt.target());
    out.put("alerts", receipt.alerts());
    out.put("queue_depth", receipt.queueDepth());
    Json.write(ctx, 202, out);
  }
}
