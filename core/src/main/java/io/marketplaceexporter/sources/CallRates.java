package io.marketplaceexporter.sources;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The marketplaces' documented call rates, kept by the exporter itself: one bucket per application
 * credential of a marketplace (shared by every shop polled with it) and one per seller, each a
 * resilience4j {@code RateLimiter}. Every call a source makes through {@link ApiClient} first takes
 * a permit from the buckets that count it; a call that would have to wait longer than {@link
 * #MAX_WAIT} is not made and its poll is {@code throttled}, asked to come back once a permit is
 * free. So neither steady polling nor the catch-up after an outage (backed-off polls of many shops
 * coming back together) calls faster than the documented rate.
 *
 * <p>resilience4j's limiter hands out a fixed number of permits per fixed window. A token bucket of
 * rate {@code r} and burst {@code b} is kept as windows of {@code max(1, b/2)} calls lasting that
 * many calls at rate {@code r}: over any stretch of time {@code t} that makes at most {@code r·t +
 * b} calls (two windows' worth may meet at a window's edge), so never more than the bucket allows;
 * the rest of the burst is not used. One exporter builds one {@code CallRates}; the buckets live as
 * long as it.
 */
public final class CallRates {
  /** The longest a call waits for a permit; a longer wait fails the poll as {@code throttled}. */
  static final Duration MAX_WAIT = Duration.ofSeconds(10);

  /** The option that sets (or with {@code none} removes) the per-application rate. */
  public static final String APP_OPTION = "app_rate_limit";

  /** The option that sets (or with {@code none} removes) the per-seller rate. */
  public static final String SELLER_OPTION = "seller_rate_limit";

  private final Map<String, AtomicRateLimiter> buckets = new ConcurrentHashMap<>();
  private final Supplier<Long> nanoTime;
  private final Duration maxWait;

  public CallRates() {
    this(System::nanoTime, MAX_WAIT);
  }

  /** With an injected clock and longest wait, for tests. */
  CallRates(Supplier<Long> nanoTime, Duration maxWait) {
    this.nanoTime = nanoTime;
    this.maxWait = maxWait;
  }

  /**
   * At most {@code calls} calls per {@code per} on average, and at most {@code burst} at once (a
   * token bucket); {@link #NONE} is no limit.
   */
  public record Rate(long calls, Duration per, int burst) {
    public static final Rate NONE = new Rate(0, Duration.ZERO, 1);

    /** Calls per window of the fixed-window bucket that keeps this rate: half the burst. */
    int window() {
      return Math.max(1, burst / 2);
    }

    /** How long one window lasts: {@link #window()} calls at the rate. */
    Duration period() {
      return per.multipliedBy(window()).dividedBy(calls);
    }

    boolean limited() {
      return calls > 0;
    }

    /**
     * {@code none}, or {@code calls/duration} with an optional {@code burst n}: {@code 1/60s burst
     * 20}, {@code 10000000/1d}.
     */
    static Rate parse(String text, String key) {
      String[] t = text.strip().split("\\s+");
      if (t.length == 1 && t[0].equals("none")) {
        return NONE;
      }
      try {
        int slash = t[0].indexOf('/');
        long calls = Long.parseLong(t[0].substring(0, Math.max(0, slash)));
        Duration per = Durations.parse(t[0].substring(slash + 1));
        int burst = t.length == 3 && t[1].equals("burst") ? Integer.parseInt(t[2]) : 1;
        Rate r = new Rate(calls, per, burst);
        if ((t.length == 1 || t.length == 3)
            && calls >= 1
            && burst >= 1
            && r.period().toNanos() >= 1000) {
          return r;
        }
      } catch (RuntimeException e) {
        // fall through
      }
      throw new ConfigException(
          key + ": must be none or calls/duration [burst n] (1/60s burst 20, 10000000/1d)");
    }
  }

  /**
   * What the marketplace documents for one source: the rate of its application credential {@code
   * app} (null: none documented) and of its seller; {@code sellerOperations} are the operations the
   * seller rate counts (empty: every call).
   */
  public record Documented(
      String app, Rate appRate, Rate sellerRate, Set<String> sellerOperations) {
    public static final Documented NONE = new Documented(null, Rate.NONE, Rate.NONE, Set.of());

    public Documented {
      sellerOperations = Set.copyOf(sellerOperations);
    }
  }

  /** The buckets one source's calls take permits from. */
  public static final class Gate {
    static final Gate OPEN = new Gate(List.of(), Set.of());

    private final List<Bucket> buckets;
    private final Set<String> sellerOperations;

    private record Bucket(AtomicRateLimiter limiter, String key, boolean seller) {}

    private Gate(List<Bucket> buckets, Set<String> sellerOperations) {
      this.buckets = buckets;
      this.sellerOperations = sellerOperations;
    }

    /**
     * Takes a permit for one call of {@code operation} from each bucket that counts it, waiting up
     * to {@link #MAX_WAIT}; else fails at once as {@code throttled} naming the option that sets the
     * rate.
     */
    public void acquire(String operation) throws PollException {
      for (Bucket b : buckets) {
        if (b.seller() && !sellerOperations.isEmpty() && !sellerOperations.contains(operation)) {
          continue;
        }
        // reservePermission: -1 at once when the permit is further off than the longest wait
        // (acquirePermission would sit out that wait first, holding the poll's place for nothing);
        // else the permit is ours after the nanoseconds it returns.
        long wait = b.limiter().reservePermission();
        if (wait < 0) {
          throw held(operation, b);
        }
        if (wait > 0) {
          try {
            TimeUnit.NANOSECONDS.sleep(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw held(operation, b);
          }
        }
      }
    }

    private static PollException held(String operation, Bucket b) {
      long wait = Math.max(0, b.limiter().getDetailedMetrics().getNanosToWait());
      return new PollException(
          PollError.THROTTLED,
          operation + ": held back by the exporter to the documented rate (" + b.key() + ")",
          Duration.ofNanos(wait).plusSeconds(1));
    }
  }

  /**
   * The gate of the source {@code setup} builds: the documented rates unless its options {@link
   * #APP_OPTION} or {@link #SELLER_OPTION} say otherwise. Sources sharing an application share its
   * bucket, with the rate of the first of them.
   */
  public Gate gate(SourceSetup setup, String seller, Documented documented) {
    String appKey = setup.key("options." + APP_OPTION);
    String sellerKey = setup.key("options." + SELLER_OPTION);
    Rate app = rate(setup, APP_OPTION, appKey, documented.appRate());
    Rate sellerRate = rate(setup, SELLER_OPTION, sellerKey, documented.sellerRate());
    String type = setup.config().type();
    List<Gate.Bucket> out = new ArrayList<>(2);
    if (app.limited()) {
      String id = documented.app() == null ? setup.config().name() : documented.app();
      out.add(new Gate.Bucket(bucket(type + "/app/" + id, app), appKey, false));
    }
    if (sellerRate.limited()) {
      out.add(new Gate.Bucket(bucket(type + "/seller/" + seller, sellerRate), sellerKey, true));
    }
    return out.isEmpty() ? Gate.OPEN : new Gate(List.copyOf(out), documented.sellerOperations());
  }

  /** A gate of one application bucket {@code id} at {@code rate}, counting every call. */
  Gate appGate(String id, Rate rate) {
    return new Gate(List.of(new Gate.Bucket(bucket(id, rate), id, false)), Set.of());
  }

  private static Rate rate(SourceSetup setup, String option, String key, Rate documented) {
    String v = setup.config().options().get(option);
    return v == null || v.isBlank() ? documented : Rate.parse(v, key);
  }

  private AtomicRateLimiter bucket(String id, Rate rate) {
    return buckets.computeIfAbsent(
        id,
        k ->
            new AtomicRateLimiter(
                k,
                RateLimiterConfig.custom()
                    .limitForPeriod(rate.window())
                    .limitRefreshPeriod(rate.period())
                    .timeoutDuration(maxWait)
                    .build(),
                nanoTime));
  }
}
