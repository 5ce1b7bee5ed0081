package io.marketplaceexporter;

import io.marketplaceexporter.alerting.AlertRelay;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.Durations;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.demo.DemoScenario;
import io.marketplaceexporter.metrics.BuildInfo;
import io.marketplaceexporter.sources.Sources;
import io.marketplaceexporter.web.WebSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Parses flags, loads the configuration and starts the {@link Exporter} with the plug-ins {@link
 * Launcher} chooses. Nothing else.
 */
@Command(
    name = "marketplace-exporter",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Prometheus exporter for e-commerce marketplace and ERP health.",
    subcommands = DrillCommand.class,
    sortOptions = false)
public final class Main implements Callable<Integer> {
  @Option(
      names = "--config.file",
      paramLabel = "FILE",
      defaultValue = "${env:MARKETPLACE_EXPORTER_CONFIG_FILE}",
      description = "YAML configuration file (env MARKETPLACE_EXPORTER_CONFIG_FILE).")
  Path configFile;

  @Option(
      names = "--config.check",
      description = "Validate the configuration, print the result and exit.")
  boolean checkOnly;

  @Option(
      names = "--web.listen-address",
      paramLabel = "ADDR",
      defaultValue = "${env:MARKETPLACE_EXPORTER_WEB_LISTEN_ADDRESS}",
      description =
          "Address to listen on, host:port or :port (default from config, else :9877;"
              + " env MARKETPLACE_EXPORTER_WEB_LISTEN_ADDRESS).")
  String listenAddress;

  @Option(
      names = "--web.config.file",
      paramLabel = "FILE",
      defaultValue = "${env:MARKETPLACE_EXPORTER_WEB_CONFIG_FILE}",
      description =
          "Web configuration file in Prometheus' exporter-toolkit format: TLS, basic auth,"
              + " response headers; read at start-up (env MARKETPLACE_EXPORTER_WEB_CONFIG_FILE).")
  Path webConfigFile;

  @Option(
      names = "--demo",
      defaultValue = "${env:MARKETPLACE_EXPORTER_DEMO:-false}",
      description =
          "Poll a built-in sandbox marketplace with the real connectors, with scripted incidents;"
              + " without configured actions, a demo rollback approved at /demo/rollback"
              + " (env MARKETPLACE_EXPORTER_DEMO).")
  boolean demo;

  @Option(
      names = "--demo.tick",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description =
          "How often demo incidents are synced to the sandbox; sources poll every two ticks"
              + " (default 5s).")
  String demoTick;

  @Option(
      names = "--storage.path",
      paramLabel = "DIR",
      defaultValue = "${env:MARKETPLACE_EXPORTER_STORAGE_PATH:-data/}",
      description =
          "Directory for state that survives a restart: the state snapshot and the alert"
              + " relay's queue (default data/; env MARKETPLACE_EXPORTER_STORAGE_PATH).")
  Path storagePath;

  @Option(
      names = "--shard.index",
      paramLabel = "N",
      defaultValue = "${env:MARKETPLACE_EXPORTER_SHARD_INDEX}",
      description =
          "This replica's shard, 0..count-1: it polls and accepts only the shops whose hash falls"
              + " to it (default from config shard.index, else 0; env"
              + " MARKETPLACE_EXPORTER_SHARD_INDEX).")
  Integer shardIndex;

  @Option(
      names = "--shard.count",
      paramLabel = "N",
      defaultValue = "${env:MARKETPLACE_EXPORTER_SHARD_COUNT}",
      description =
          "How many replicas share the shops (default from config shard.count, else 1; env"
              + " MARKETPLACE_EXPORTER_SHARD_COUNT).")
  Integer shardCount;

  @Option(
      names = "--log.level",
      paramLabel = "LEVEL",
      defaultValue = "${env:MARKETPLACE_EXPORTER_LOG_LEVEL:-info}",
      description = "One of error, warn, info, debug (env MARKETPLACE_EXPORTER_LOG_LEVEL).")
  String logLevel;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    configureLogging(logLevel);
    ExporterConfig config;
    Duration tick;
    WebSecurity web;
    try {
      config = configFile == null ? ExporterConfig.defaults() : ConfigLoader.load(configFile);
      if (listenAddress != null && !listenAddress.isBlank()) {
        try {
          config = config.withWeb(config.web().withListenAddress(listenAddress));
        } catch (ConfigException e) {
          throw new ConfigException("--web.listen-address: " + e.getMessage());
        }
      }
      if (shardIndex != null || shardCount != null) {
        try {
          config = config.withShard(config.shard().withFlags(shardIndex, shardCount));
        } catch (ConfigException e) {
          throw new ConfigException(
              "shard." + e.getMessage() + " (with --shard.index/--shard.count)");
        }
      }
      try {
        tick = Durations.parse(demoTick);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--demo.tick: " + e.getMessage());
      }
      if (tick.compareTo(Duration.ofMillis(100)) < 0) {
        throw new ConfigException("--demo.tick: must be at least 100ms");
      }
      List<Secret> tokens = config.auth().resolve(System.getenv());
      Sources.validate(config.sources(), System.getenv());
      AlertRelay.validate(config.relay(), System.getenv());
      config.auth().requireRelayCredential(config.relay(), tokens);
      try {
        web = webConfigFile == null ? WebSecurity.none() : WebSecurity.load(webConfigFile);
      } catch (ConfigException e) {
        throw new ConfigException("--web.config.file=" + webConfigFile + ": " + e.getMessage());
      }
    } catch (ConfigException e) {
      System.err.println("error: invalid configuration: " + e.getMessage());
      return 2;
    }
    if (checkOnly) {
      System.out.println("configuration OK");
      return 0;
    }
    Exporter.Options options = Launcher.plain().withWeb(web);
    if (demo) {
      try {
        Launcher.DemoRun run = Launcher.demo(config, web, tick, DemoScenario.builtIn());
        config = run.config();
        options = run.options();
      } catch (ConfigException e) {
        System.err.println("error: invalid configuration: " + e.getMessage());
        return 2;
      }
    }
    Exporter exporter;
    try {
      exporter = Exporter.create(config, options, System.getenv(), storagePath);
    } catch (ConfigException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    try {
      exporter.start();
    } catch (RuntimeException e) {
      System.err.println(
          "error: cannot listen on " + config.web().listenAddress() + ": " + rootMessage(e));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  exporter.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static void configureLogging(String level) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
  }

  /** {@code --version}: the version and revision written at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.load();
      return new String[] {
        "marketplace-exporter " + b.version() + " (revision " + b.revision() + ")"
      };
    }
  }
}
