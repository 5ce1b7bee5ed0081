package io.marketplaceexporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.support.RunningExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code rate_limit} (exporter toolkit: a token bucket shared by every request, {@code burst}
 * tokens, one back per {@code interval}, 429 when empty): its keys, the bucket, and the real server
 * answering 429 on every path. Time is a clock the test moves, never a sleep.
 */
class RateLimitTest {
  private static void refused(String yaml, String message) {
    assertThatThrownBy(() -> WebConfigFile.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Nested
  class Keys {
    @Test
    void intervalAndBurstAreRead() {
      RateLimit r = WebConfigFile.parse("rate_limit:\n  interval: 100ms\n  burst: 5\n").rateLimit();

      assertThat(r).isEqualTo(new RateLimit(Duration.ofMillis(100), 5));
      assertThat(r.enabled()).isTrue();
    }

    @Test
    void withoutTheSectionOrWithAZeroIntervalThereIsNoLimit() {
      assertThat(WebConfigFile.parse("").rateLimit().enabled()).isFalse();
      assertThat(WebConfigFile.parse("rate_limit:\n  interval: 0\n").rateLimit().enabled())
          .isFalse();
    }

    @Test
    void aMalformedIntervalIsNamed() {
      refused("rate_limit:\n  interval: fast\n  burst: 5\n", "rate_limit.interval: not a duration");
    }

    @Test
    void aNegativeBurstIsNamed() {
      refused("rate_limit:\n  burst: -1\n", "rate_limit.burst: must not be negative");
    }

    @Test
    void anIntervalWithoutABurstWouldRefuseEverythingAndIsNamed() {
      refused("rate_limit:\n  interval: 1s\n", "rate_limit.burst: must be at least 1");
    }

    @Test
    void anUnknownKeyIsNamed() {
      assertThatThrownBy(() -> WebConfigFile.parse("rate_limit:\n  rate: 5\n"))
          .hasMessageStartingWith("rate_limit.rate: unknown key; known: ");
    }
  }

  @Nested
  class Bucket {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RequestRateLimiter limiter =
        new RequestRateLimiter(new RateLimit(Duration.ofSeconds(10), 2), now::get);

    @Test
    void burstRequestsPassAtOnceAndTheNextWaitsForOneInterval() {
      assertThat(limiter.acquire()).isZero();
      assertThat(limiter.acquire()).isZero();

      assertThat(limiter.acquire()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void oneTokenComesBackPerIntervalAndNoMoreThanBurstAccumulate() {
      limiter.acquire();
      limiter.acquire();
      now.addAndGet(Duration.ofSeconds(5).toNanos());
      assertThat(limiter.acquire()).isEqualTo(Duration.ofSeconds(5));

      now.addAndGet(Duration.ofSeconds(5).toNanos());
      assertThat(limiter.acquire()).isZero();
      assertThat(limiter.acquire()).isPositive();

      now.addAndGet(Duration.ofHours(1).toNanos());
      assertThat(limiter.acquire()).isZero();
      assertThat(limiter.acquire()).isZero();
      assertThat(limiter.acquire()).isPositive();
    }
  }

  @Nested
  class OnTheServer {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private RunningExporter start(String webYaml) {
      WebSecurity web = WebSecurity.of(WebConfigFile.parse(webYaml), Path.of("."), now::get);
      return RunningExporter.start("", Map.of(), Exporter.Options.plain().withWeb(web));
    }

    @Test
    void theRequestAfterTheBurstIs429WithRetryAfterAndOneIntervalLaterItPasses() {
      try (RunningExporter s = start("rate_limit:\n  interval: 30s\n  burst: 3\n")) {
        for (int i = 0; i < 3; i++) {
          assertThat(s.get("/metrics").status()).as("request %d", i + 1).isEqualTo(200);
        }

        RunningExporter.Reply refused = s.get("/metrics");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().get("Retry-After")).isEqualTo("30");
        assertThat(refused.body()).contains("rate_limit");

        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(s.get("/metrics").status()).isEqualTo(200);
        assertThat(s.get("/metrics").status()).isEqualTo(429);
      }
    }

    @Test
    void everyPathSharesTheOneBucket() {
      try (RunningExporter s = start("rate_limit:\n  interval: 1m\n  burst: 3\n")) {
        assertThat(s.get("/-/healthy").status()).isEqualTo(200);
        assertThat(s.get("/").status()).isEqualTo(200);
        assertThat(s.get("/nope").status()).isEqualTo(404);

        for (String path : new String[] {"/metrics", "/-/ready", "/api/v1/anomalies", "/nope"}) {
          assertThat(s.get(path).status()).as(path).isEqualTo(429);
        }
      }
    }

    @Test
    void theLimitComesBeforeBasicAuthAndKeepsTheConfiguredHeaders() {
      String yaml =
          "rate_limit:\n  interval: 1m\n  burst: 1\n"
              + "http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
              + "basic_auth_users:\n  prometheus: '"
              + TestPki.bcrypt("pw", 4)
              + "'\n";
      try (RunningExporter s = start(yaml)) {
        assertThat(s.get("/metrics").status()).isEqualTo(401);

        RunningExporter.Reply limited = s.get("/metrics");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().get("WWW-Authenticate")).isNull();
        assertThat(limited.headers().get("X-Frame-Options")).isEqualTo("deny");
      }
    }

    @Test
    void withoutRateLimitManyRequestsPass() {
      try (RunningExporter s = start("")) {
        for (int i = 0; i < 20; i++) {
          assertThat(s.get("/-/healthy").status()).isEqualTo(200);
        }
      }
    }
  }
}
