package io.marketplaceexporter.support;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.AuthConfig;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The real exporter and HTTP server on a free loopback port, and an OkHttp client for it. */
public final class RunningExporter implements AutoCloseable {
  public static final MediaType JSON = MediaType.get("application/json");

  public final Exporter exporter;
  public final OkHttpClient http =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(5))
          .readTimeout(Duration.ofSeconds(10))
          .callTimeout(Duration.ofSeconds(15))
          .build();

  /** A reply read whole, so the response is always closed. */
  public record Reply(int status, String body, okhttp3.Headers headers) {}

  private RunningExporter(Exporter exporter) {
    this.exporter = exporter.start();
  }

  /**
   * Starts with {@code yaml}; when it leaves {@code auth} at its defaults, with {@code
   * allow_unauthenticated: true}, so that tests of other concerns need no token (on loopback).
   */
  public static RunningExporter start(String yaml, Map<String, String> env, Exporter.Options opts) {
    ExporterConfig c = ConfigLoader.parse(yaml);
    if (c.auth().equals(AuthConfig.defaults())) {
      c = c.withAuth(new AuthConfig(List.of(), true));
    }
    return startAsConfigured(c, env, opts);
  }

  /** Starts with {@code config} as it is (only the listen address moved to loopback). */
  public static RunningExporter startAsConfigured(
      ExporterConfig config, Map<String, String> env, Exporter.Options opts) {
    ExporterConfig c = config.withWeb(config.web().withListenAddress("127.0.0.1:0"));
    return new RunningExporter(
        Exporter.createForTest(c, opts, env, TestClock.at("2026-11-24T08:00:00Z")));
  }

  public static RunningExporter start() {
    return start("", Map.of(), Exporter.Options.plain());
  }

  public String url(String path) {
    return "http://127.0.0.1:" + exporter.port() + path;
  }

  public Reply call(Request request) {
    try (Response r = http.newCall(request).execute()) {
      return new Reply(r.code(), r.body().string(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Reply get(String path) {
    return call(new Request.Builder().url(url(path)).build());
  }

  public Reply post(String path, String json) {
    return call(new Request.Builder().url(url(path)).post(RequestBody.create(json, JSON)).build());
  }

  public MetricsText metrics() {
    return new MetricsText(get("/metrics").body());
  }

  @Override
  public void close() {
    exporter.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
