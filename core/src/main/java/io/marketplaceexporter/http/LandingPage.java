package io.marketplaceexporter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.javalin.http.Context;
import io.marketplaceexporter.json.JsonMappers;
import io.marketplaceexporter.status.StatusModel;
import java.time.Instant;

/**
 * {@code GET /}: what the exporter is doing now (sources, shops in trouble, relay queues, rejected
 * events) and links to the endpoints; {@code GET /status.json}: the same report as JSON, field
 * names in snake_case like the rest of the API and times in RFC 3339. Both are built from the live
 * state on each request.
 */
final class LandingPage {
  private static final ObjectMapper JSON =
      JsonMappers.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .addModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
          .build();

  private final StatusModel status;
  private final boolean authEnabled;

  LandingPage(StatusModel status, boolean authEnabled) {
    this.status = status;
    this.authEnabled = authEnabled;
  }

  void handle(Context ctx) {
    ctx.header("Cache-Control", "no-store")
        .contentType("text/html; charset=utf-8")
        .result(StatusPage.render(status.report(), authEnabled));
  }

  void json(Context ctx) throws JsonProcessingException {
    ctx.header("Cache-Control", "no-store")
        .contentType("application/json")
        .result(JSON.writeValueAsBytes(status.report()));
  }
}
