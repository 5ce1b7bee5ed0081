package io.marketplaceexporter.demo;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which incidents the demo plays now, against which of its shops: those of a repeating {@link
 * DemoScenario} and those triggered on demand ({@code /api/v1/demo/incidents}). The sandbox plays
 * them as faults that the demo's real connectors see.
 */
public final class DemoIncidents {
  /** The demo's shops, in the order {@link DemoScenario.Step#shopIndex()} refers to. */
  public static final List<String> SHOPS =
      List.of(
          "A2EUQ1WTGCTBG2", // amazon US
          "A1PA6795UKMFR9", // amazon DE
          "shop_220041", // shopee SG
          "shop_310877", // shopee MY
          "lzd_th_5520", // lazada TH
          "7495623318", // tiktok US
          "10001234567", // walmart US
          "acme-outlet"); // ebay

  private final Clock clock;
  private final DemoScenario scenario;
  private final long startMillis;
  private final Map<Incident, ActiveIncident> triggered = new ConcurrentHashMap<>();

  /** Per shop, when it was last rolled back: a scenario incident playing then stays ended. */
  private final Map<String, Long> rolledBack = new ConcurrentHashMap<>();

  public DemoIncidents(Clock clock, DemoScenario scenario) {
    this.clock = clock;
    this.scenario = scenario;
    this.startMillis = clock.millis();
  }

  /** An incident playing now against one shop, until {@code untilMillis}. */
  public record ActiveIncident(
      Incident incident, String shop, long sinceMillis, long untilMillis) {}

  public List<String> shopIds() {
    return SHOPS;
  }

  /** Plays {@code incident} against the shop with id {@code shop} for {@code duration}. */
  public ActiveIncident trigger(Incident incident, String shop, Duration duration) {
    if (!SHOPS.contains(shop)) {
      throw new IllegalArgumentException("unknown demo shop " + shop);
    }
    long now = clock.millis();
    ActiveIncident a = new ActiveIncident(incident, shop, now, now + duration.toMillis());
    triggered.put(incident, a);
    return a;
  }

  /** Ends a triggered incident early; scenario incidents end on their own. */
  public boolean clear(Incident incident) {
    return triggered.remove(incident) != null;
  }

  /**
   * What a rollback of the shop's last change does in the demo: ends every incident playing now
   * against {@code shop}, triggered ones and the scenario's (until the scenario plays them again in
   * a later cycle). Returns the incidents it ended.
   */
  public List<Incident> rollBack(String shop) {
    if (!SHOPS.contains(shop)) {
      throw new IllegalArgumentException("unknown demo shop " + shop);
    }
    List<Incident> ended =
        active().stream().filter(a -> a.shop().equals(shop)).map(ActiveIncident::incident).toList();
    triggered.values().removeIf(a -> a.shop().equals(shop));
    rolledBack.put(shop, clock.millis());
    return ended;
  }

  /** The incidents playing now, scenario and triggered; a triggered one wins over the script. */
  public List<ActiveIncident> active() {
    long now = clock.millis();
    List<ActiveIncident> out = new ArrayList<>();
    for (ActiveIncident a : triggered.values()) {
      if (a.untilMillis() > now) {
        out.add(a);
      }
    }
    for (DemoScenario.Step s : scenario.activeAt(now - startMillis)) {
      if (out.stream().noneMatch(a -> a.incident() == s.incident())) {
        long cycleStart = now - (now - startMillis) % Math.max(1, scenario.period().toMillis());
        ActiveIncident a =
            new ActiveIncident(
                s.incident(),
                SHOPS.get(s.shopIndex() % SHOPS.size()),
                cycleStart + s.offset().toMillis(),
                cycleStart + s.offset().plus(s.duration()).toMillis());
        if (a.sinceMillis() > rolledBack.getOrDefault(a.shop(), Long.MIN_VALUE)) {
          out.add(a);
        }
      }
    }
    return out;
  }
}
