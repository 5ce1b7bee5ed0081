package io.marketplaceexporter.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.ingest.IngestResult;
import io.marketplaceexporter.ingest.IngestService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays realistic traffic for a handful of shops through the real ingest path (JSON events into
 * {@link IngestService}), with incidents from a repeating {@link DemoScenario} or triggered on
 * demand. Every contract metric has data after the first tick.
 */
public final class DemoGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(DemoGenerator.class);
  static final int SKUS_PER_SHOP = 20;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String[] REASONS = {"payment", "validation", "timeout", "stock"};

  private final IngestService ingest;
  private final Clock clock;
  private final Random random;
  private final List<DemoShop> shops = DemoShop.defaults();
  private final DemoScenario scenario;
  private final long startMillis;
  private final Map<Incident, ActiveIncident> triggered = new ConcurrentHashMap<>();
  private final long[] pending;
  private final Set<Incident> playingLastTick = EnumSet.noneOf(Incident.class);
  private long ticks;
  private int deploys;

  public DemoGenerator(IngestService ingest, Clock clock, Random random, DemoScenario scenario) {
    this.ingest = ingest;
    this.clock = clock;
    this.random = random;
    this.scenario = scenario;
    this.startMillis = clock.millis();
    this.pending = new long[shops.size()];
  }

  /** An incident playing now against one shop, until {@code untilMillis}. */
  public record ActiveIncident(
      Incident incident, String shop, long sinceMillis, long untilMillis) {}

  public List<String> shopIds() {
    return shops.stream().map(DemoShop::shop).toList();
  }

  /** Plays {@code incident} against the shop with id {@code shop} for {@code duration}. */
  public ActiveIncident trigger(Incident incident, String shop, Duration duration) {
    int index = shopIds().indexOf(shop);
    if (index < 0) {
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

  /** The incidents playing now, scenario and triggered. */
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
        out.add(
            new ActiveIncident(
                s.incident(),
                shops.get(s.shopIndex() % shops.size()).shop(),
                cycleStart + s.offset().toMillis(),
                cycleStart + s.offset().plus(s.duration()).toMillis()));
      }
    }
    return out;
  }

  private boolean playing(Incident incident, DemoShop shop, List<ActiveIncident> active) {
    for (ActiveIncident a : active) {
      if (a.incident() == incident && a.shop().equals(shop.shop())) {
        return true;
      }
    }
    return false;
  }

  /** One round of events for every shop. Safe to call from a scheduler; never throws. */
  public synchronized void tick() {
    try {
      List<ActiveIncident> active = active();
      List<JsonNode> events = new ArrayList<>();
      if (ticks == 0) {
        events.add(change("erp-order-sync", "deploy", "2026.11.3"));
        events.add(change("price-engine", "config", "rules-v42"));
      }
      startedNow(active, events);
      for (int i = 0; i < shops.size(); i++) {
        shopEvents(i, shops.get(i), active, events);
      }
      emit(events);
      ticks++;
    } catch (RuntimeException e) {
      LOG.error("demo tick failed", e);
    }
  }

  /** The change that sets an incident off, emitted once when the incident starts playing. */
  private void startedNow(List<ActiveIncident> active, List<JsonNode> events) {
    Set<Incident> now = EnumSet.noneOf(Incident.class);
    active.forEach(a -> now.add(a.incident()));
    for (Incident i : now) {
      if (!playingLastTick.contains(i)) {
        if (i == Incident.DEPLOY_REGRESSION) {
          deploys++;
          events.add(change("erp-order-sync", "deploy", "2026.11." + (3 + deploys)));
        } else if (i == Incident.ZERO_PRICE || i == Incident.PRICE_DROP) {
          events.add(change("promo-scheduler", "price_batch", "promo-" + (ticks + 1)));
        }
      }
    }
    playingLastTick.clear();
    playingLastTick.addAll(now);
  }

  private void emit(List<JsonNode> events) {
    IngestResult r = ingest.ingest(events);
    if (r.rejected() > 0) {
      LOG.warn("demo generator produced {} invalid events: {}", r.rejected(), r.errors());
    }
  }

  private void shopEvents(int index, DemoShop s, List<ActiveIncident> active, List<JsonNode> out) {
    double now = clock.millis() / 1000.0;
    boolean regression = playing(Incident.DEPLOY_REGRESSION, s, active);
    int orders = s.ordersPerTick() / 2 + random.nextInt(s.ordersPerTick() + 1);
    boolean opening = ticks == 0 && index == 0; // so failures have data from the first tick
    int failed =
        regression ? Math.max(2, orders * 2 / 3) : opening || random.nextInt(20) == 0 ? 1 : 0;
    if (orders - failed > 0) {
      out.add(shop(s, "order").put("outcome", "success").put("count", orders - failed));
    }
    for (int f = 0; f < failed; f++) {
      String reason = regression ? "api_error" : REASONS[random.nextInt(REASONS.length)];
      out.add(shop(s, "order").put("outcome", "failure").put("reason", reason));
    }
    pending[index] = Math.max(0, Math.min(60, pending[index] + random.nextInt(7) - 3));
    ObjectNode backlog = shop(s, "order_backlog").put("pending", pending[index]);
    if (pending[index] > 0) {
      backlog.put("oldest_pending_at", now - 300 - random.nextInt(1800));
    }
    out.add(backlog);
    for (String job : List.of("orders", "inventory", "price", "listing", "logistics")) {
      boolean stalled = job.equals("inventory") && playing(Incident.STALLED_SYNC, s, active);
      out.add(
          shop(s, "sync")
              .put("system", s.erp())
              .put("job", job)
              .put("outcome", stalled ? "failure" : "success")
              .put("finished_at", now));
    }
    apiCalls(s, active, out);
    tokens(s, active, now, out);
    prices(s, active, out);
    inventory(s, active, out);
  }

  private void apiCalls(DemoShop s, List<ActiveIncident> active, List<JsonNode> out) {
    boolean throttled = playing(Incident.THROTTLING, s, active);
    boolean regression = playing(Incident.DEPLOY_REGRESSION, s, active);
    for (int o = 0; o < s.operations().size(); o++) {
      String op = s.operations().get(o);
      for (int c = 0; c < 2 + random.nextInt(3); c++) {
        Object status = 200;
        if (throttled && random.nextInt(10) < 8) {
          status = 429;
        } else if (regression && random.nextInt(10) < 3) {
          status = 500;
        } else if (random.nextInt(200) == 0) {
          status = random.nextBoolean() ? 503 : "error";
        }
        ObjectNode call =
            shop(s, "api_call")
                .put("operation", op)
                .put("duration_seconds", 0.08 + random.nextDouble() * (throttled ? 0.2 : 1.1));
        if (status instanceof Integer code) {
          call.put("status", code);
        } else {
          call.put("status", status.toString());
        }
        if (o == 0) {
          int limit = 60;
          call.put("quota_limit", limit)
              .put("quota_remaining", throttled ? random.nextInt(3) : 30 + random.nextInt(30));
        }
        out.add(call);
      }
      if (o == 1) {
        out.add(
            shop(s, "quota")
                .put("operation", op)
                .put("limit", 10_000)
                .put("remaining", 2_000 + random.nextInt(8_000)));
      }
    }
  }

  private void tokens(DemoShop s, List<ActiveIncident> active, double now, List<JsonNode> out) {
    double hour = 3600;
    double accessExpiry = now - (now % hour) + hour;
    out.add(shop(s, "token").put("token", "access").put("expires_at", accessExpiry));
    double refresh =
        playing(Incident.TOKEN_EXPIRING, s, active) ? now + 6 * hour : now + 25 * 24 * hour;
    out.add(shop(s, "token").put("token", "refresh").put("expires_at", refresh));
    out.add(
        shop(s, "token")
            .put("token", "client_secret")
            .put("expires_at", (double) (startMillis / 1000) + 150 * 24 * hour));
  }

  private void prices(DemoShop s, List<ActiveIncident> active, List<JsonNode> out) {
    boolean zero = playing(Incident.ZERO_PRICE, s, active);
    boolean drop = playing(Incident.PRICE_DROP, s, active);
    for (int j = 0; j < 4; j++) {
      int sku = (int) ((ticks * 4 + j) % SKUS_PER_SHOP);
      if ((zero && sku < 3) || (drop && sku >= 3 && sku < 6)) {
        continue; // reported below while the incident plays
      }
      out.add(price(s, sku, s.basePrice() * (0.97 + random.nextDouble() * 0.06)));
    }
    for (int sku = 0; sku < 3; sku++) {
      if (zero) {
        out.add(price(s, sku, 0));
      }
    }
    for (int sku = 3; sku < 6; sku++) {
      if (drop) {
        out.add(price(s, sku, s.basePrice() * 0.55));
      } else if (ticks % 5 == 0) {
        out.add(price(s, sku, s.basePrice()));
      }
    }
  }

  private ObjectNode price(DemoShop s, int sku, double price) {
    return shop(s, "price")
        .put("sku", s.sku(sku))
        .put("price", Math.round(price * 100) / 100.0)
        .put("currency", s.currency())
        .put("floor", Math.round(s.basePrice() * 40) / 100.0);
  }

  private void inventory(DemoShop s, List<ActiveIncident> active, List<JsonNode> out) {
    boolean negative = playing(Incident.NEGATIVE_STOCK, s, active);
    for (int j = 0; j < 3; j++) {
      int sku = 10 + (int) ((ticks * 3 + j) % 10);
      boolean oversold = negative && sku < 12;
      out.add(
          shop(s, "inventory")
              .put("sku", s.sku(sku))
              .put("available", oversold ? -3 : random.nextInt(200)));
    }
    if (negative) {
      for (int sku = 10; sku < 12; sku++) {
        out.add(shop(s, "inventory").put("sku", s.sku(sku)).put("available", -3));
      }
    } else if (ticks % 10 == 0) {
      for (int sku = 10; sku < 12; sku++) {
        out.add(shop(s, "inventory").put("sku", s.sku(sku)).put("available", 25));
      }
    }
  }

  private static ObjectNode shop(DemoShop s, String type) {
    return JSON.objectNode()
        .put("type", type)
        .put("marketplace", s.marketplace())
        .put("site", s.site())
        .put("shop", s.shop());
  }

  private ObjectNode change(String service, String kind, String version) {
    return JSON.objectNode()
        .put("type", "change")
        .put("service", service)
        .put("kind", kind)
        .put("version", version)
        .put("at", clock.millis() / 1000.0);
  }
}
