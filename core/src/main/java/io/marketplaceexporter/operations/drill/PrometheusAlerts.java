package io.marketplaceexporter.operations.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.json.JsonMappers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@link AlertsApi} over Prometheus' HTTP API: {@code GET <prometheus.url>/api/v1/alerts}, whose
 * answer is {@code {"status":"success","data":{"alerts":[{"labels":…,"annotations":…,"state":…}]}}}
 * (Prometheus documentation, "HTTP API", section "Alerts"). Redirects are not followed.
 */
public final class PrometheusAlerts implements AlertsApi {
  private static final ObjectMapper JSON = JsonMappers.lenient();
  private static final long MAX_ANSWER_BYTES = 16L << 20;

  private final OkHttpClient http;
  private final HttpUrl url;

  /** {@code base} is {@code prometheus.url}; the client is derived from {@code shared}. */
  public PrometheusAlerts(OkHttpClient shared, String base, Duration timeout) {
    HttpUrl parsed = HttpUrl.parse(base);
    if (parsed == null) {
      throw new ConfigException("prometheus.url: must be an http or https URL");
    }
    this.url = parsed.newBuilder().addPathSegments("api/v1/alerts").build();
    this.http = RunbookProbe.noRedirects(shared, timeout);
  }

  @Override
  public List<ActiveAlert> activeAlerts() throws IOException {
    try (Response r = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
      ResponseBody body = r.body();
      if (!r.isSuccessful()) {
        throw new IOException("Prometheus answered HTTP " + r.code() + " to /api/v1/alerts");
      }
      if (body.contentLength() > MAX_ANSWER_BYTES) {
        throw new IOException("Prometheus' /api/v1/alerts answer is too large");
      }
      JsonNode root = JSON.readTree(body.byteStream());
      if (!"success".equals(root.path("status").asText())) {
        throw new IOException("Prometheus' /api/v1/alerts status: " + root.path("status"));
      }
      List<ActiveAlert> out = new ArrayList<>();
      for (JsonNode a : root.path("data").path("alerts")) {
        out.add(
            new ActiveAlert(
                strings(a.path("labels")),
                strings(a.path("annotations")),
                a.path("state").asText()));
      }
      return out;
    }
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
