package io.marketplaceexporter.demo;

import java.time.Duration;
import java.util.List;

/**
 * A repeating script of incidents: each step plays an incident against one demo shop (by index)
 * from {@code offset} into every {@code period} for {@code duration}.
 */
public record DemoScenario(Duration period, List<Step> steps) {
  public DemoScenario {
    steps = List.copyOf(steps);
  }

  public record Step(Incident incident, int shopIndex, Duration offset, Duration duration) {}

  /**
   * The built-in 30-minute script. Several incidents start at once so that every metric family
   * (anomalies, negative stock, failing syncs, throttling, short token lifetimes) has data within
   * the first minute; the deploy regression follows two minutes in.
   */
  public static DemoScenario builtIn() {
    return new DemoScenario(
        Duration.ofMinutes(30),
        List.of(
            new Step(Incident.ZERO_PRICE, 0, Duration.ZERO, Duration.ofMinutes(8)),
            new Step(Incident.NEGATIVE_STOCK, 3, Duration.ZERO, Duration.ofMinutes(12)),
            new Step(Incident.TOKEN_EXPIRING, 4, Duration.ZERO, Duration.ofMinutes(20)),
            new Step(Incident.STALLED_SYNC, 6, Duration.ZERO, Duration.ofMinutes(25)),
            new Step(Incident.THROTTLING, 2, Duration.ofSeconds(30), Duration.ofMinutes(10)),
            new Step(Incident.PRICE_DROP, 1, Duration.ofMinutes(1), Duration.ofMinutes(6)),
            new Step(Incident.DEPLOY_REGRESSION, 5, Duration.ofMinutes(2), Duration.ofMinutes(10)),
            new Step(
                Incident.PAYMENT_GATEWAY_SWITCH, 1, Duration.ofMinutes(4), Duration.ofMinutes(25)),
            // Long enough for ListingsNotActiveJump's plain trigger (for: 15m): the demo's
            // deploys every cycle keep the after-change baseline from being recorded.
            new Step(Incident.LISTING_TAKEDOWN, 7, Duration.ofMinutes(3), Duration.ofMinutes(20))));
  }

  /** A script with no incidents: only those triggered by hand play. */
  public static DemoScenario quiet() {
    return new DemoScenario(Duration.ofMinutes(30), List.of());
  }

  /** The steps playing at {@code elapsed} since the demo started. */
  List<Step> activeAt(long elapsedMillis) {
    long p = Math.max(1, period.toMillis());
    long t = elapsedMillis % p;
    return steps.stream()
        .filter(s -> t >= s.offset().toMillis() && t < s.offset().plus(s.duration()).toMillis())
        .toList();
  }
}
