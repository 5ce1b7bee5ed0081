package io.marketplaceexporter.sandbox;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.WebConfig;
import java.time.Clock;
import java.time.Duration;
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
    try {
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
      String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
      System.out.print(
          "sources:\n"
              + SandboxConfig.yaml(
                  "http://" + shown + ":" + web.port(), "30s", Clock.systemUTC().instant()));
      return 0;
    }
    Sandbox sandbox = new Sandbox(Clock.systemUTC(), lifetime).start(host, web.port());
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
