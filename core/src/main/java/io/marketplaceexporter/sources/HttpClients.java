package io.marketplaceexporter.sources;

import io.marketplaceexporter.config.PollingConfig;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The one {@link OkHttpClient} of the exporter (its connection pool and dispatcher are shared);
 * each source derives its own variant with {@link #forSource} so that its timeout applies.
 */
public final class HttpClients {
  private HttpClients() {}

  /**
   * Builds the client the exporter shares between all its sources (it calls this once), with
   * connect, read, write and whole-call timeouts.
   */
  public static OkHttpClient shared() {
    return shared(PollingConfig.AUTO_MAX_IN_FLIGHT);
  }

  /**
   * As {@link #shared()}, keeping up to {@code maxIdle} idle connections (5 minutes each) so that
   * as many polls as may run at once ({@code polling.max_in_flight}) reuse their connections
   * instead of opening new ones every round; OkHttp's default pool keeps only 5. The pool is
   * cleaned up by {@link PoolSweeper}, at most {@link PoolSweeper#SWEEP} late, not after every
   * call.
   */
  public static OkHttpClient shared(int maxIdle) {
    return new OkHttpClient.Builder()
        .connectionPool(PoolSweeper.pool(Math.max(5, maxIdle), Duration.ofMinutes(5)))
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(20))
        .writeTimeout(Duration.ofSeconds(10))
        .callTimeout(Duration.ofSeconds(30))
        .followRedirects(false)
        .retryOnConnectionFailure(false)
        .build();
  }

  /** A variant whose every timeout is at most {@code timeout}, the whole call included. */
  public static OkHttpClient forSource(OkHttpClient shared, Duration timeout) {
    return shared
        .newBuilder()
        .callTimeout(timeout)
        .connectTimeout(min(timeout, Duration.ofMillis(shared.connectTimeoutMillis())))
        .readTimeout(min(timeout, Duration.ofMillis(shared.readTimeoutMillis())))
        .writeTimeout(min(timeout, Duration.ofMillis(shared.writeTimeoutMillis())))
        .build();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
