package io.marketplaceexporter.plugin.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.marketplaceexporter.config.Durations;
import io.marketplaceexporter.demo.DemoIncidents;
import io.marketplaceexporter.demo.DemoIncidents.ActiveIncident;
import io.marketplaceexporter.demo.Incident;
import io.marketplaceexporter.http.BadRequest;
import io.marketplaceexporter.http.ExtraRoutes;
import io.marketplaceexporter.http.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Demo-mode controls: {@code GET /api/v1/demo/incidents} lists what plays now, {@code POST} starts
 * an incident ({@code {"incident":"zero_price","shop":"...","duration":"5m"}}), and {@code DELETE
 * /api/v1/demo/incidents/{incident}} ends it; {@code POST /api/v1/demo/rollbacks} ({@code
 * {"shop":"..."}}) ends everything playing against a shop, as a rollback of its last change would.
 */
final class DemoHandlers {
  private final DemoIncidents demo;

  DemoHandlers(DemoIncidents demo) {
    this.demo = demo;
  }

  /** Adds the demo routes to the server's. */
  void register(ExtraRoutes extra) {
    RoutesConfig routes = extra.javalin();
    routes.get("/api/v1/demo/incidents", this::list);
    routes.post("/api/v1/demo/incidents", this::trigger);
    routes.delete("/api/v1/demo/incidents/{incident}", this::clear);
    routes.post("/api/v1/demo/rollbacks", this::rollBack);
  }

  private void list(Context ctx) {
    Json.write(
        ctx,
        200,
        Map.of(
            "incidents",
            demo.active().stream().map(DemoHandlers::render).toList(),
            "shops",
            demo.shopIds()));
  }

  private void trigger(Context ctx) {
    JsonNode body = Json.parse(ctx.bodyAsBytes());
    Incident incident =
        Incident.parse(text(body, "incident"))
            .orElseThrow(() -> new BadRequest(400, "incident: must be one of " + incidents()));
    String shop = text(body, "shop");
    if (!demo.shopIds().contains(shop)) {
      throw new BadRequest(400, "shop: must be one of " + demo.shopIds());
    }
    Duration duration;
    try {
      duration = Durations.parse(body.hasNonNull("duration") ? text(body, "duration") : "5m");
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, "duration: " + e.getMessage());
    }
    if (duration.isZero() || duration.compareTo(Duration.ofDays(1)) > 0) {
      throw new BadRequest(400, "duration: must be > 0 and at most 1d");
    }
    Json.write(ctx, 202, render(demo.trigger(incident, shop, duration)));
  }

  private void clear(Context ctx) {
    Incident incident =
        Incident.parse(ctx.pathParam("incident"))
            .orElseThrow(() -> new BadRequest(400, "incident: must be one of " + incidents()));
    if (!demo.clear(incident)) {
      throw new BadRequest(404, "incident: " + incident.label() + " was not triggered");
    }
    ctx.status(204);
  }

  /**
   * {@code POST /api/v1/demo/rollbacks} with {@code {"shop": "..."}}: the demo's rollback target
   * (the demo configuration's action calls it), ending what plays against the shop.
   */
  private void rollBack(Context ctx) {
    String shop = text(Json.parse(ctx.bodyAsBytes()), "shop");
    if (!demo.shopIds().contains(shop)) {
      throw new BadRequest(400, "shop: must be one of " + demo.shopIds());
    }
    List<String> ended = demo.rollBack(shop).stream().map(Incident::label).toList();
    Json.write(ctx, 200, Map.of("shop", shop, "ended", ended));
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || !n.isTextual()) {
      throw new BadRequest(400, field + ": is required and must be a string");
    }
    return n.textValue();
  }

  private static List<String> incidents() {
    return Arrays.stream(Incident.values()).map(Incident::label).toList();
  }

  private static Map<String, Object> render(ActiveIncident a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("incident", a.incident().label());
    m.put("shop", a.shop());
    m.put("since", Instant.ofEpochMilli(a.sinceMillis()).toString());
    m.put("until", Instant.ofEpochMilli(a.untilMillis()).toString());
    return m;
  }
}
