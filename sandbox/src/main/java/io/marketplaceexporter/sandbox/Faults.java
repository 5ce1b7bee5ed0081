package io.marketplaceexporter.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The faults playing now. A fault applies to one shop, or to every shop when {@code shop} is null,
 * until it ends. Faults set by the demo's incidents are kept apart from those posted by hand, so
 * that the demo replacing its own never clears a hand-made one.
 */
public final class Faults {
  /** One fault; {@code delay} is used by {@link FaultKind#SLOW}. */
  public record Fault(
      FaultKind kind,
      String shop,
      long sinceMillis,
      long untilMillis,
      Duration delay,
      boolean demo) {
    boolean applies(FaultKind k, String shopLabel, long now) {
      return kind == k && (shop == null || shop.equals(shopLabel)) && now < untilMillis;
    }
  }

  /** Told when a fault starts, so that one-off effects (a deploy, a burst) happen once. */
  interface Listener {
    void started(Fault fault);
  }

  private final Clock clock;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  Faults(Clock clock) {
    this.clock = clock;
  }

  void listen(Listener l) {
    listeners.add(l);
  }

  /** Starts a fault now. */
  public Fault add(FaultKind kind, String shop, Duration duration, Duration delay) {
    return add(kind, shop, duration, delay, false);
  }

  private Fault add(FaultKind kind, String shop, Duration duration, Duration delay, boolean demo) {
    long now = clock.millis();
    Fault f = new Fault(kind, shop, now, now + duration.toMillis(), delay, demo);
    faults.add(f);
    listeners.forEach(l -> l.started(f));
    return f;
  }

  /** The fault of this kind playing now for the shop, or null. */
  public Fault active(FaultKind kind, String shop) {
    long now = clock.millis();
    for (Fault f : faults) {
      if (f.applies(kind, shop, now)) {
        return f;
      }
    }
    return null;
  }

  public boolean playing(FaultKind kind, String shop) {
    return active(kind, shop) != null;
  }

  /** Everything playing now; ended faults are forgotten. */
  public List<Fault> list() {
    long now = clock.millis();
    faults.removeIf(f -> f.untilMillis() <= now);
    return new ArrayList<>(faults);
  }

  /** Ends every fault (of a kind, when given) posted by hand. */
  public int clear(FaultKind kind) {
    int before = faults.size();
    faults.removeIf(f -> !f.demo() && (kind == null || f.kind() == kind));
    return before - faults.size();
  }

  /**
   * Makes the demo's faults exactly {@code wanted} (kind, shop, until): starts the new ones, ends
   * those no longer wanted, leaves the others playing.
   */
  void syncDemo(List<Fault> wanted) {
    long now = clock.millis();
    for (Fault f : faults) {
      if (f.demo()
          && wanted.stream().noneMatch(w -> w.kind() == f.kind() && w.shop().equals(f.shop()))) {
        faults.remove(f);
      }
    }
    for (Fault w : wanted) {
      boolean playing =
          faults.stream()
              .anyMatch(f -> f.demo() && f.kind() == w.kind() && f.shop().equals(w.shop()));
      if (!playing) {
        add(
            w.kind(),
            w.shop(),
            Duration.ofMillis(Math.max(1, w.untilMillis() - now)),
            w.delay(),
            true);
      }
    }
  }
}
