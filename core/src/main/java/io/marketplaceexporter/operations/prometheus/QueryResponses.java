package io.marketplaceexporter.operations.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.json.UntrustedJson;
import io.marketplaceexporter.operations.prometheus.QueryResult.Failed;
import io.marketplaceexporter.operations.prometheus.QueryResult.Ok;
import io.marketplaceexporter.operations.prometheus.QueryResult.Reason;
import io.marketplaceexporter.operations.prometheus.QueryResult.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the answer of {@code GET /api/v1/query} as Prometheus documents it (HTTP API, "Format
 * overview" and "Expression query result formats"): the envelope {@code {status, data, errorType,
 * error, warnings}}, {@code data.resultType} {@code vector} ({@code [{metric, value: [t, "v"]}]})
 * or {@code scalar} ({@code [t, "v"]}); sample values are strings, {@code "NaN"}, {@code "+Inf"}
 * and {@code "-Inf"} included.
 */
final class QueryResponses {
  /** The longest error text kept (Prometheus' parse errors repeat the query). */
  private static final int MAX_DETAIL = 300;

  private QueryResponses() {}

  static QueryResult parse(int code, byte[] body) {
    JsonNode root;
    try {
      root = UntrustedJson.parse(body);
    } catch (UntrustedJson.MalformedJsonException e) {
      return code / 100 == 2
          ? new Failed(Reason.BAD_RESPONSE, "HTTP " + code + ", not JSON: " + e.getMessage())
          : new Failed(Reason.HTTP_ERROR, "HTTP " + code);
    }
    String status = root.path("status").asText("");
    if (status.equals("error")) {
      return new Failed(
          Reason.QUERY_ERROR,
          clip(root.path("errorType").asText("unknown") + ": " + root.path("error").asText("")));
    }
    if (code / 100 != 2) {
      return new Failed(Reason.HTTP_ERROR, "HTTP " + code);
    }
    if (!status.equals("success")) {
      return new Failed(Reason.BAD_RESPONSE, "status is neither success nor error");
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText("");
    JsonNode result = data.path("result");
    List<String> warnings = new ArrayList<>();
    root.path("warnings").forEach(w -> warnings.add(clip(w.asText())));
    try {
      return switch (type) {
        case "vector" -> new Ok(type, vector(result), warnings);
        case "scalar" -> new Ok(type, List.of(new Sample(Map.of(), value(result))), warnings);
        default ->
            new Failed(
                Reason.BAD_RESPONSE,
                "resultType " + clip(type) + ": an instant query of a vector or scalar expected");
      };
    } catch (IllegalArgumentException e) {
      return new Failed(Reason.BAD_RESPONSE, e.getMessage());
    }
  }

  private static List<Sample> vector(JsonNode result) {
    if (!result.isArray()) {
      throw new IllegalArgumentException("data.result of a vector is not an array");
    }
    List<Sample> out = new ArrayList<>(result.size());
    for (JsonNode element : result) {
      Map<String, String> labels = new LinkedHashMap<>();
      element
          .path("metric")
          .properties()
          .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      out.add(new Sample(labels, value(element.path("value"))));
    }
    return out;
  }

  /** {@code [<unix_time>, "<value>"]}. */
  private static double value(JsonNode pair) {
    if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isTextual()) {
      throw new IllegalArgumentException("a sample value is not [<time>, \"<value>\"]");
    }
    String v = pair.get(1).asText();
    return switch (v) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("a sample value is not a number: " + clip(v));
        }
      }
    };
  }

  private static String clip(String s) {
    return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "…";
  }
}
