package io.marketplaceexporter.sandbox;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.WebConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the sandbox marketplace alone: {@code java -cp marketplace-exporter.jar
 * io.marketplaceexporter.sandbox.SandboxMain --listen 127.0.0.1:9878}. With {@code --print-config}
 * it prints the {@code sources:} section that points an exporter at it, and exits.
 */
@Command(
    name = "marketplace-sandbox",
    mixinStandardHelpOptions = true,
    description = "A fake marketplace (SP-API, Shopee, TikTok Shop, Lazada, ERP) with faults.")
public final class SandboxMain implements Callable<Integer> {
  @Option(
      names = "--listen",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1:9878",
      description = "host:port to listen on (default 127.0.0.1:9878).")
  String listen;

  @Option(
      names = "--access-token-lifetime",
      paramLabel = "DURATION",
      description = "Issue access tokens with this lifetime instead of each marketplace's own.")
  String accessLifetime;

  @Option(
      names = "--shops",
      paramLabel = "N",
      description =
          "Serve N generated shops (Amazon, Shopee, TikTok Shop, Lazada in turn) instead of the"
              + " seeded ones; --print-config then prints their marketplace sources only.")
  Integer generatedShops;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "The poll interval --print-config writes (default 30s).")
  String interval;

  @Option(
      names = "--print-config",
      description = "Print the exporter's sources: section for this sandbox and exit.")
  boolean printConfig;

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
    System.exit(new CommandLine(new SandboxMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    WebConfig web;
    Duration lifetime;
    if (generatedShops != null && (generatedShops < 1 || generatedShops > 100_000)) {
      System.err.println("error: --shops: must be 1..100000");
      return 2;
    }
    List<SandboxShop> shops =
        generatedShops == null ? SandboxShop.defaults() : SandboxShop.generated(generatedShops);
    try {
      io.marketplaceexporter.config.Durations.parse(interval);
      web = WebConfig.defaults().withListenAddress(listen);
      lifetime =
          accessLifetime == null
              ? null
              : io.marketplaceexporter.config.Durations.parse(accessLifetime);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    String host = web.host() == null ? "0.0.0.0" : web.host();
    if (printConfig) {
      String shown = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + web.port();
      Instant now = Clock.systemUTC().instant();
      System.out.print(
          "sources:\n"
              + (generatedShops == null
                  ? SandboxConfig.yaml(shown, interval, now)
                  : SandboxConfig.marketplaceYaml(shops, shown, interval, now)));
      return 0;
    }
    Sandbox sandbox = new Sandbox(Clock.systemUTC(), lifetime, shops).start(host, web.port());
    System.out.println("sandbox marketplace listening on " + host + ":" + sandbox.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sandbox.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }
}
