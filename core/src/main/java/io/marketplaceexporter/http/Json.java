package io.marketplaceexporter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.marketplaceexporter.json.JsonMappers;
import io.marketplaceexporter.json.UntrustedJson;
import java.util.Map;

/** JSON in and out of the HTTP API, with strict parsing (no duplicate keys, no trailing data). */
public final class Json {
  static final ObjectMapper MAPPER = JsonMappers.strict();

  private Json() {}

  /** Parses a request body; a malformed body is a {@link BadRequest} that says where. */
  public static JsonNode parse(byte[] body) {
    try {
      return UntrustedJson.parse(body);
    } catch (UntrustedJson.MalformedJsonException e) {
      throw new BadRequest(400, e.getMessage());
    }
  }

  public static void write(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response", e);
    }
  }

  static void error(Context ctx, int status, String message) {
    write(ctx, status, Map.of("error", message));
  }
}
