package io.marketplaceexporter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.marketplaceexporter.logging.LogText;
import io.marketplaceexporter.operations.drill.DrillIncident;
import io.marketplaceexporter.operations.drill.DrillReport;
import io.marketplaceexporter.operations.drill.DrillService;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The drills' API ({@code docs/drills.md}): {@code POST /api/v1/drills} with {@code {"incident":
 * "zero_price"}} starts a drill and answers 202 with its report so far (its {@code id}); 400 names
 * the field at fault, 409 when a drill is running or drills cannot run here (disabled, no {@code
 * prometheus.url}). {@code GET /api/v1/drills/{id}} answers its report, running or finished; {@code
 * GET /api/v1/drills} the recent ones. Behind the bearer token like every {@code /api/v1} route.
 */
public final class DrillsHandler {
  private final DrillService drills;

  public DrillsHandler(DrillService drills) {
    this.drills = drills;
  }

  /** Adds the routes to the server. */
  public void register(ExtraRoutes routes) {
    routes.javalin().post("/api/v1/drills", ctx -> start(ctx, routes.maxRequestBytes()));
    routes
        .javalin()
        .get("/api/v1/drills", ctx -> Json.write(ctx, 200, Map.of("drills", drills.reports())));
    routes.javalin().get("/api/v1/drills/{id}", this::report);
  }

  private void start(Context ctx, long maxBytes) throws IOException {
    DrillIncident incident = incident(Json.parse(BoundedBody.read(ctx, maxBytes)));
    DrillReport report;
    try {
      report = drills.start(incident);
    } catch (DrillService.Refused e) {
      throw new BadRequest(409, e.getMessage());
    }
    ctx.header("Location", "/api/v1/drills/" + report.id());
    Json.write(ctx, 202, report);
  }

  private static DrillIncident incident(JsonNode body) {
    if (!body.isObject()) {
      throw new BadRequest(400, "body: must be an object like {\"incident\": \"zero_price\"}");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("incident")) {
        throw new BadRequest(
            400,
            LogText.safe(field.substring(0, Math.min(64, field.length())))
                + ": unknown field; known: incident");
      }
    }
    JsonNode value = body.get("incident");
    if (value == null || !value.isTextual()) {
      throw new BadRequest(400, "incident: required, " + DrillIncident.allowed());
    }
    return DrillIncident.byId(value.asText())
        .orElseThrow(() -> new BadRequest(400, "incident: must be " + DrillIncident.allowed()));
  }

  private void report(Context ctx) {
    String id = ctx.pathParam("id");
    DrillReport r =
        drills.report(id).orElseThrow(() -> new BadRequest(404, "id: no drill with this id"));
    Json.write(ctx, 200, r);
  }
}
