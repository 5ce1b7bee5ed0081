package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.marketplaceexporter.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The sandbox marketplace server. It serves the seeded {@link SandboxShop}s through the Amazon,
 * Shopee, TikTok Shop, Lazada and ERP APIs, and takes faults over HTTP:
 *
 * <ul>
 *   <li>{@code POST /_faults} {@code {"kind":"throttle","shop":"shop_220041","duration":"2m"}} —
 *       {@code shop} is optional (every shop), {@code duration} defaults to 5m, {@code delay} (for
 *       {@code slow}) to 2s;
 *   <li>{@code GET /_faults} lists what plays; {@code DELETE /_faults} ends the faults posted by
 *       hand;
 *   <li>{@code GET /_shops} lists the seeded shops.
 * </ul>
 */
public final class Sandbox implements AutoCloseable {
  private final Clock clock;
  private final List<SandboxShop> shops;
  private final Map<String, LongAdder> dataCalls = new ConcurrentHashMap<>();
  private final Faults faults;
  private final Tokens tokens;
  private final Map<String, OrderBook> orders = new LinkedHashMap<>();
  private final long startMillis;
  private final Javalin app;
  private volatile String listenHost;
  private volatile int listenPort;

  /**
   * A sandbox, not yet listening. {@code accessLifetime} replaces the marketplaces' access-token
   * lifetimes when not null (the demo uses 5 minutes, so refreshes show).
   */
  public Sandbox(Clock clock, Duration accessLifetime) {
    this(clock, accessLifetime, SandboxShop.defaults());
  }

  /** A sandbox serving {@code shops} instead of the seeded ones (shop labels must be unique). */
  public Sandbox(Clock clock, Duration accessLifetime, List<SandboxShop> shops) {
    this.clock = clock;
    this.shops = List.copyOf(shops);
    this.startMillis = clock.millis();
    this.faults = new Faults(clock);
    this.tokens = new Tokens(clock, accessLifetime, faults, shops);
    for (SandboxShop s : shops) {
      orders.put(s.shop(), new OrderBook(s, clock, startMillis));
    }
    AmazonApi amazon = new AmazonApi(this);
    ShopeeApi shopee = new ShopeeApi(this);
    TikTokApi tiktok = new TikTokApi(this);
    LazadaApi lazada = new LazadaApi(this);
    List<SandboxApi> apis =
        List.of(
            amazon,
            shopee,
            tiktok,
            lazada,
            new ListingsApi(this, amazon, shopee, lazada, tiktok),
            new ErpApi(this),
            new ErpPayments(this),
            new ErpListingsApi(this));
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.compressionStrategy = CompressionStrategy.NONE;
              // A marketplace serves any number of shops at once; the "slow" fault holds a thread
              // per call for its delay, so Jetty's default of 250 threads made the sandbox, not the
              // exporter, the limit of the 50,000-shop benchmark (833 calls a second at 300 ms).
              config.jetty.threadPool = threads();
              config.jetty.addConnector(
                  (server, http) -> {
                    // Java listens with a backlog of 50 unless told otherwise; when more
                    // connections than that arrive at once, Linux drops the client's last
                    // handshake packet and the request it sends, which the client resends after
                    // 0.2, 0.4, 0.8 ... s: calls of the 50,000-shop benchmark hung until their 30 s
                    // timeout. A marketplace's load balancer takes them (the kernel's somaxconn
                    // caps the number).
                    ServerConnector c =
                        new ServerConnector(server, new HttpConnectionFactory(http));
                    c.setAcceptQueueSize(ACCEPT_QUEUE);
                    c.setHost(listenHost);
                    c.setPort(listenPort);
                    return c;
                  });
              apis.forEach(a -> a.register(config.routes));
              registerControls(config.routes);
            });
  }

  /** Up to {@link #MAX_THREADS} threads, idle ones ended after a minute. */
  private static QueuedThreadPool threads() {
    QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 8, 60_000);
    pool.setName("sandbox");
    return pool;
  }

  /** How many calls the sandbox serves at once at most. */
  static final int MAX_THREADS = 4096;

  /** How many connections may wait to be accepted (Linux's default {@code somaxconn}). */
  static final int ACCEPT_QUEUE = 4096;

  /** Listens on {@code host:port} (port 0 picks a free one). */
  public Sandbox start(String host, int port) {
    this.listenHost = host;
    this.listenPort = port;
    app.start();
    return this;
  }

  public int port() {
    return app.port();
  }

  /** How many connections the listening socket queues before they are accepted. */
  int acceptQueueSize() {
    return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getAcceptQueueSize();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:9878}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public Faults faults() {
    return faults;
  }

  public List<SandboxShop> shops() {
    return shops;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Marketplace API data calls (orders, listings; not token refreshes, not the ERP) answered per
   * shop label since start, for tests that check who polled which shop.
   */
  public Map<String, Long> dataCalls() {
    Map<String, Long> out = new TreeMap<>();
    dataCalls.forEach((shop, n) -> out.put(shop, n.sum()));
    return out;
  }

  /**
   * Token refreshes granted per shop label since start: each connector polling a shop refreshes
   * once at start (and again only when its access token nears expiry).
   */
  public Map<String, Long> tokenRefreshes() {
    return tokens.refreshes();
  }

  void countDataCall(SandboxShop shop) {
    dataCalls.computeIfAbsent(shop.shop(), k -> new LongAdder()).increment();
  }

  Tokens tokens() {
    return tokens;
  }

  OrderBook orders(SandboxShop shop) {
    return orders.get(shop.shop());
  }

  long startMillis() {
    return startMillis;
  }

  private void registerControls(RoutesConfig routes) {
    routes.get("/_shops", this::listShops);
    routes.get("/_faults", ctx -> SandboxApi.json(ctx, 200, renderFaults()));
    routes.post("/_faults", this::addFault);
    routes.delete(
        "/_faults", ctx -> ctx.status(200).result("{\"cleared\":" + faults.clear(null) + "}"));
  }

  private void listShops(Context ctx) {
    ArrayNode list = SandboxApi.object().arrayNode();
    for (SandboxShop s : shops) {
      list.addObject()
          .put("marketplace", s.marketplace())
          .put("site", s.site())
          .put("shop", s.shop())
          .put("erp", s.erp());
    }
    SandboxApi.json(ctx, 200, SandboxApi.object().set("shops", list));
  }

  private void addFault(Context ctx) {
    JsonNode body = SandboxApi.body(ctx);
    FaultKind kind = FaultKind.parse(body.path("kind").asText("")).orElse(null);
    if (kind == null) {
      badRequest(
          ctx,
          "kind: must be one of "
              + java.util.Arrays.stream(FaultKind.values()).map(FaultKind::label).toList());
      return;
    }
    String shop = body.hasNonNull("shop") ? body.get("shop").asText() : null;
    if (shop != null && !orders.containsKey(shop)) {
      badRequest(
          ctx,
          "shop: must be one of "
              + shops.stream().limit(20).map(SandboxShop::shop).toList()
              + (shops.size() > 20 ? " or another of GET /_shops" : ""));
      return;
    }
    Duration duration;
    Duration delay;
    try {
      duration = Durations.parse(body.path("duration").asText("5m"));
      delay = Durations.parse(body.path("delay").asText("2s"));
    } catch (IllegalArgumentException e) {
      badRequest(ctx, "duration, delay: " + e.getMessage());
      return;
    }
    if (duration.isZero()
        || duration.compareTo(Duration.ofDays(1)) > 0
        || delay.compareTo(Duration.ofMinutes(2)) > 0) {
      badRequest(ctx, "duration: must be > 0 and at most 1d; delay: at most 2m");
      return;
    }
    SandboxApi.json(ctx, 201, render(faults.add(kind, shop, duration, delay)));
  }

  private static void badRequest(Context ctx, String message) {
    SandboxApi.json(ctx, 400, SandboxApi.object().put("error", message));
  }

  private JsonNode renderFaults() {
    ArrayNode list = SandboxApi.object().arrayNode();
    faults.list().forEach(f -> list.add(render(f)));
    return SandboxApi.object().set("faults", list);
  }

  private static ObjectNode render(Faults.Fault f) {
    return SandboxApi.object()
        .put("kind", f.kind().label())
        .put("shop", f.shop())
        .put("since", Instant.ofEpochMilli(f.sinceMillis()).toString())
        .put("until", Instant.ofEpochMilli(f.untilMillis()).toString())
        .put("delay", Durations.format(f.delay()))
        .put("from_demo", f.demo());
  }

  @Override
  public void close() {
    app.stop();
  }
}
