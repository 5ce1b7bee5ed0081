package io.marketplaceexporter.sources;

import static io.marketplaceexporter.sources.PollResilienceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.internal.concurrent.TaskRunner;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PoolSweeperTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private static TaskRunner runner(PoolSweeper sweeper) {
    return new TaskRunner(sweeper, Logger.getLogger(PoolSweeperTest.class.getName()));
  }

  private static OkHttpClient client(ConnectionPool pool) {
    return HttpClients.shared().newBuilder().connectionPool(pool).build();
  }

  private static int get(OkHttpClient client, MockWebServer server) throws IOException {
    try (Response r =
        client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
      r.body().string();
      return r.code();
    }
  }

  @Nested
  class CallsEnding {
    @Test
    void doNotWakeTheCleanUpBeforeItsTime() throws Exception {
      for (int i = 0; i < 20; i++) {
        server.enqueue(new MockResponse.Builder().body("ok").build());
      }
      PoolSweeper sweeper = new PoolSweeper(Duration.ofSeconds(30));
      ConnectionPool pool = PoolSweeper.pool(5, Duration.ofMinutes(5), runner(sweeper));
      OkHttpClient client = client(pool);

      try {
        for (int i = 0; i < 20; i++) {
          assertThat(get(client, server)).isEqualTo(200);
        }

        // OkHttp's own runner is woken by each of the 20 calls that end; this one sleeps on.
        assertThat(sweeper.wakeUps()).isZero();
      } finally {
        pool.evictAll();
      }
    }

    @Test
    void stillReuseOneConnection() throws Exception {
      for (int i = 0; i < 5; i++) {
        server.enqueue(new MockResponse.Builder().body("ok").build());
      }
      OkHttpClient client = HttpClients.shared();

      Set<Integer> connections = new HashSet<>();
      try {
        for (int i = 0; i < 5; i++) {
          get(client, server);
          connections.add(server.takeRequest().getConnectionIndex());
        }
      } finally {
        client.connectionPool().evictAll();
      }

      assertThat(connections).hasSize(1);
    }
  }

  @Nested
  class TheCleanUp {
    @Test
    void closesConnectionsBeyondTheIdleLimitWithinASweep() throws Exception {
      int calls = 3;
      CountDownLatch allArrived = new CountDownLatch(calls);
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              // Holding each answer until all calls arrived makes them use a connection each.
              allArrived.countDown();
              allArrived.await(5, TimeUnit.SECONDS);
              return new MockResponse.Builder().body("ok").build();
            }
          });
      PoolSweeper sweeper = new PoolSweeper(Duration.ofMillis(200));
      ConnectionPool pool = PoolSweeper.pool(1, Duration.ofMinutes(5), runner(sweeper));
      OkHttpClient client = client(pool);

      ExecutorService threads = Executors.newFixedThreadPool(calls);
      try {
        List<Future<Integer>> codes = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
          codes.add(threads.submit(() -> get(client, server)));
        }
        for (Future<Integer> code : codes) {
          assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        }
      } finally {
        threads.shutdownNow();
      }

      try {
        await(Duration.ofSeconds(5), () -> pool.connectionCount() == 1);
        assertThat(pool.idleConnectionCount()).isEqualTo(1);
      } finally {
        pool.evictAll();
      }
    }

    @Test
    void closesConnectionsIdleLongerThanTheKeepAlive() throws Exception {
      server.enqueue(new MockResponse.Builder().body("ok").build());
      PoolSweeper sweeper = new PoolSweeper(Duration.ofMillis(200));
      ConnectionPool pool = PoolSweeper.pool(5, Duration.ofMillis(300), runner(sweeper));

      assertThat(get(client(pool), server)).isEqualTo(200);
      assertThat(pool.connectionCount()).isEqualTo(1);

      await(Duration.ofSeconds(5), () -> pool.connectionCount() == 0);
    }
  }
}
