package io.marketplaceexporter.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;

/** JSON in and out of the HTTP API, with strict parsing (no duplicate keys, no trailing data). */
public final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(32)
                          .maxStringLength(1 << 20)
                          .maxNumberLength(64)
                          .build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** Parses a request body; a malformed body is a {@link BadRequest} that says where. */
  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new BadRequest(400, "request body is empty: send a JSON object or an array of objects");
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new BadRequest(400, "request body is empty: send a JSON object or an array");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new BadRequest(
          400, "malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
    } catch (java.io.IOException e) {
      throw new BadRequest(400, "malformed JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
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
