package io.marketplaceexporter;

import io.javalin.Javalin;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.config.SourceConfig;
import io.marketplaceexporter.http.ApprovalPage;
import io.marketplaceexporter.http.BearerAuth;
import io.marketplaceexporter.http.DrillsHandler;
import io.marketplaceexporter.http.HttpServerFactory;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.metrics.BuildInfo;
import io.marketplaceexporter.metrics.ContractExposition;
import io.marketplaceexporter.metrics.ContractMetrics;
import io.marketplaceexporter.metrics.ExporterMetrics;
import io.marketplaceexporter.metrics.ShardMetrics;
import io.marketplaceexporter.model.Shard;
import io.marketplaceexporter.operations.ApprovalLink;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.Notice;
import io.marketplaceexporter.operations.actions.RollbackActions;
import io.marketplaceexporter.operations.drill.DrillService;
import io.marketplaceexporter.operations.watch.Watches;
import io.marketplaceexporter.plugin.Plugin;
import io.marketplaceexporter.sources.HttpClients;
import io.marketplaceexporter.sources.SourceScheduler;
import io.marketplaceexporter.sources.Sources;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.status.StatusModel;
import io.marketplaceexporter.storage.StateStore;
import io.marketplaceexporter.storage.StorageMetrics;
import io.marketplaceexporter.web.WebSecurity;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole exporter wired from its configuration: state, ingest, metrics, HTTP server and the
 * background tasks (shop expiry, the sources it polls), with the {@link Plugin}s the launcher chose
 * (the alert relay; the demo's sandbox marketplace). The launcher's {@code Main} only parses flags
 * and calls this; tests start it the same way on port 0.
 */
public final class Exporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

  /**
   * How to run: the plug-ins to create, in order, and the web configuration file's TLS, headers and
   * basic auth ({@code --web.config.file}).
   */
  public record Options(List<Plugin.Factory> plugins, WebSecurity web) {
    public Options {
      plugins = List.copyOf(plugins);
    }

    public Options(List<Plugin.Factory> plugins) {
      this(plugins, WebSecurity.none());
    }

    /** The product alone, without plug-ins. */
    public static Options plain() {
      return new Options(List.of());
    }

    /** These options and one more plug-in. */
    public Options with(Plugin.Factory plugin) {
      List<Plugin.Factory> all = new ArrayList<>(plugins);
      all.add(plugin);
      return new Options(all, web);
    }

    /** These options, serving with {@code web}'s TLS, headers and basic auth. */
    public Options withWeb(WebSecurity web) {
      return new Options(plugins, web);
    }
  }

  private final ExporterConfig config;
  private final WebSecurity web;
  private final PrometheusRegistry registry;
  private final ContractExposition exposition;
  private final MarketplaceState state;
  private final IngestService ingest;
  private final Javalin app;
  private final ScheduledExecutorService scheduler;
  private final SourceScheduler sources;
  private final OkHttpClient httpClient;
  private final List<Plugin> plugins;
  private final StateStore stateStore;
  private final Path storagePath;
  private final BearerAuth access;
  private final RollbackActions rollbacks;

  private final DrillService drills;

  private final Watches watches;

  /** Set by {@link #createForTest}: the storage directory is its own and removed on close. */
  private boolean temporaryStorage;

  /** Where state that survives a restart lives unless {@code --storage.path} says otherwise. */
  public static final Path DEFAULT_STORAGE_PATH = Path.of("data");

  private Exporter(
      ExporterConfig config,
      Options options,
      Map<String, String> env,
      Clock clock,
      boolean jvm,
      Path storagePath) {
    this.config = config;
    this.web = options.web();
    List<Secret> tokens = config.auth().resolve(env);
    config.auth().requireRelayCredential(config.relay(), tokens);
    this.registry = new PrometheusRegistry();
    this.state = new MarketplaceState(config.limits(), config.price(), clock);
    Shard shard = config.shard().toShard();
    this.ingest = new IngestService(state, config.ingest(), shard);
    this.storagePath = storagePath;
    StorageMetrics storageMetrics = new StorageMetrics(registry);
    // Restored before the HTTP server accepts events and before the sources poll.
    this.stateStore =
        new StateStore(
            storagePath,
            config.storage().snapshotInterval(),
            state,
            ingest,
            shard,
            storageMetrics,
            clock);
    stateStore.restore();
    BuildInfo build = BuildInfo.load();
    this.exposition = ContractMetrics.register(registry, state, config.alerting());
    ExporterMetrics.register(registry, state, build);
    if (jvm) {
      JvmMetrics.builder().register(registry);
    }
    // The one OkHttpClient of the exporter; sources and plug-ins derive variants of it.
    this.httpClient = HttpClients.shared(config.polling().maxInFlight());
    // The verification and deploy watches (issue 20): rollbacks are reported to
    // watches.rollbackListener(); verdicts go to the chat through the plug-ins
    // (postNotice reads them when it posts, after start()); a regression's rollback button comes
    // from the rollback actions, created next (the lambda reads the field when it is asked).
    this.watches =
        Watches.create(
            config,
            env,
            registry,
            httpClient,
            state::recentChanges,
            this::postNotice,
            this::approvalLink,
            clock);
    // Rollback actions (docs/actions.md): checked against the web configuration's users.
    this.rollbacks =
        new RollbackActions(
            config.actions(),
            options.web().users(),
            env,
            storagePath,
            clock,
            registry,
            httpClient,
            ingest,
            this::postNotice,
            watches.rollbackListener());
    ApprovalPage approvalPage =
        new ApprovalPage(rollbacks, options.web(), config.actions().externalUrl(), clock);
    // Drills (issue 20): the relay tells them of each delivered alert; reports go to the group.
    this.drills =
        DrillService.wire(
            config,
            ingest,
            state,
            httpClient,
            this::postNotice,
            registry,
            storagePath,
            storageMetrics,
            clock);
    this.plugins =
        createPlugins(
            options,
            new Plugin.Context(
                config,
                env,
                clock,
                registry,
                httpClient,
                storagePath,
                storageMetrics,
                rollbacks,
                drills));
    List<SourceConfig> sourceConfigs = new ArrayList<>(config.sources());
    plugins.forEach(p -> sourceConfigs.addAll(p.sources()));
    this.access =
        new BearerAuth(
            tokens,
            config.auth().allowUnauthenticated(),
            plugins.stream().flatMap(p -> p.openControls().stream()).toList());
    try {
      DrillService.requireReserved(
          config.drills(),
          sourceConfigs.stream().map(Sources::shopOf).filter(Objects::nonNull).toList());
      this.sources =
          Sources.scheduler(
              sourceConfigs, config.polling(), env, ingest, registry, httpClient, clock, shard);
    } catch (RuntimeException e) {
      closePlugins();
      watches.close();
      rollbacks.close();
      drills.close();
      throw e;
    }
    long polledShops =
        sourceConfigs.stream()
            .filter(c -> Sources.shopOf(c) != null && Sources.polledBy(c, shard))
            .count();
    long configuredShops = sourceConfigs.stream().filter(c -> Sources.shopOf(c) != null).count();
    ShardMetrics.register(
        registry,
        shard,
        (int) polledShops,
        (int) (configuredShops - polledShops),
        ingest::misdirected);
    this.app =
        HttpServerFactory.create(
            new HttpServerFactory.Dependencies(
                config.web(),
                options.web(),
                registry,
                state,
                ingest,
                access,
                build,
                routes -> {
                  approvalPage.routes(routes);
                  plugins.forEach(p -> p.routes(routes));
                  new DrillsHandler(drills).register(routes);
                },
                new StatusModel(
                    state,
                    sources == null ? List::of : sources::status,
                    () -> plugins.stream().flatMap(p -> p.relayQueues().queues().stream()).toList(),
                    ingest.rejections()::newestFirst,
                    build.version(),
                    build.revision(),
                    plugins.stream().anyMatch(Plugin::demo)),
                exposition));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "exporter-background");
              t.setDaemon(true);
              return t;
            });
  }

  /** Wires an exporter; nothing listens or runs until {@link #start()}. */
  public static Exporter create(ExporterConfig config, Options options, Map<String, String> env) {
    return create(config, options, env, DEFAULT_STORAGE_PATH);
  }

  /** Wires an exporter that keeps its durable state (the relay queue) under {@code storagePath}. */
  public static Exporter create(
      ExporterConfig config, Options options, Map<String, String> env, Path storagePath) {
    return new Exporter(config, options, env, Clock.systemUTC(), true, storagePath);
  }

  /**
   * For tests: an injected clock and no JVM metrics (they are the same in every registry). Durable
   * state goes to a fresh directory under {@code java.io.tmpdir}, never into the working directory,
   * and is removed on {@link #close()}.
   */
  public static Exporter createForTest(
      ExporterConfig config, Options options, Map<String, String> env, Clock clock) {
    Path storage =
        Path.of(System.getProperty("java.io.tmpdir"), "marketplace-exporter-" + UUID.randomUUID());
    Exporter e = createForTest(config, options, env, clock, storage);
    e.temporaryStorage = true;
    return e;
  }

  /** For tests: as above, with durable state under {@code storagePath} (a temporary directory). */
  public static Exporter createForTest(
      ExporterConfig config,
      Options options,
      Map<String, String> env,
      Clock clock,
      Path storagePath) {
    return new Exporter(config, options, env, clock, false, storagePath);
  }

  /** The rollback actions' approval link for an alert (the deploy watch's rollback button). */
  private Optional<ApprovalLink> approvalLink(ChatGroup group, Map<String, String> labels) {
    return rollbacks.linkFor(group, labels);
  }

  /**
   * Posts an operations notice through the first plug-in that knows {@code group}; the plug-ins
   * exist by the time anything posts (operations start with {@link #start()}).
   */
  private boolean postNotice(ChatGroup group, Notice notice) {
    return plugins.stream().anyMatch(p -> p.chatPoster().post(group, notice));
  }

  /** Each plug-in of {@code options}, in order; if one fails, those created before are closed. */
  private static List<Plugin> createPlugins(Options options, Plugin.Context context) {
    List<Plugin> created = new ArrayList<>();
    try {
      for (Plugin.Factory f : options.plugins()) {
        created.add(f.create(context));
      }
    } catch (RuntimeException e) {
      closeAll(created);
      throw e;
    }
    return List.copyOf(created);
  }

  private void closePlugins() {
    closeAll(plugins);
  }

  /** Closes {@code plugins} in the reverse order of their creation. */
  private static void closeAll(List<Plugin> plugins) {
    for (int i = plugins.size() - 1; i >= 0; i--) {
      plugins.get(i).close();
    }
  }

  public Exporter start() {
    String host = config.web().host();
    stateStore.start();
    app.start(host == null ? "0.0.0.0" : host, config.web().port());
    scheduler.scheduleWithFixedDelay(this::expireShops, 1, 1, TimeUnit.MINUTES);
    plugins.forEach(p -> p.start(scheduler));
    watches.start();
    if (sources != null) {
      sources.start();
    }
    if (config.shard().count() > 1) {
      LOG.info("{}: polling and accepting only the shops it owns", ingest.shard());
    }
    LOG.info("listening on {}:{}", host == null ? "*" : host, app.port());
    LOG.info(web.summary());
    if (web.certificateOutOfDate(Instant.now())) {
      LOG.warn("web: the TLS certificate is expired or not valid yet; scrapers will refuse it");
    }
    if (access.isOpen()) {
      LOG.warn(access.summary());
    } else {
      LOG.info(access.summary());
    }
    return this;
  }

  private void expireShops() {
    try {
      int n = state.expireIdleShops();
      if (n > 0) {
        LOG.info("removed {} shops with no event for {}", n, config.limits().shopTtl());
      }
    } catch (RuntimeException e) {
      LOG.error("shop expiry failed", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot remove the test storage directory {}: {}", dir, e.toString());
    }
  }

  /** The state snapshot under the storage path. */
  public StateStore stateStore() {
    return stateStore;
  }

  public int port() {
    return app.port();
  }

  public MarketplaceState state() {
    return state;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public IngestService ingest() {
    return ingest;
  }

  /** The fault drills (issue 20); the relay tells them of deliveries. */
  public DrillService drills() {
    return drills;
  }

  /** The verification and deploy watches. */
  public Watches watches() {
    return watches;
  }

  /** The shared HTTP client for outgoing calls. */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** The plug-in of type {@code type}; fails when the exporter runs without one. */
  public <T extends Plugin> T plugin(Class<T> type) {
    return plugins.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no plug-in " + type.getSimpleName()));
  }

  @Override
  public void close() {
    if (sources != null) {
      sources.close();
    }
    scheduler.shutdownNow();
    watches.close();
    app.stop();
    exposition.close();
    drills.close();
    stateStore.close();
    closePlugins();
    rollbacks.close();
    if (temporaryStorage) {
      deleteRecursively(storagePath);
    }
    httpClient.dispatcher().executorService().shutdown();
    httpClient.connectionPool().evictAll();
  }
}
