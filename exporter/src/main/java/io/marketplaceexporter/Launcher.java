package io.marketplaceexporter;

import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.demo.DemoScenario;
import io.marketplaceexporter.plugin.demo.DemoApprover;
import io.marketplaceexporter.plugin.demo.DemoPlugin;
import io.marketplaceexporter.plugin.relay.RelayPlugin;
import io.marketplaceexporter.web.WebSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code java -jar} runs: the product with the alert relay plugged in and, in demo mode, the
 * sandbox marketplace with its incidents. Tests that need the whole application start it with these
 * options too.
 */
public final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  private Launcher() {}

  /** The exporter with its relay. */
  public static Exporter.Options plain() {
    return Exporter.Options.plain().with(RelayPlugin::new);
  }

  /** The exporter with its relay, in demo mode with the built-in incidents, synced every tick. */
  public static Exporter.Options demo(Duration tick) {
    return demo(tick, DemoScenario.builtIn());
  }

  /** The exporter with its relay, in demo mode with {@code scenario}'s incidents. */
  public static Exporter.Options demo(Duration tick, DemoScenario scenario) {
    return plain().with(DemoPlugin.factory(tick, scenario));
  }

  /** How {@code --demo} runs: the configuration and the options to create the exporter with. */
  public record DemoRun(ExporterConfig config, Exporter.Options options) {}

  /**
   * {@code --demo} as a new user tries it: unless {@code config} has rollback actions of its own,
   * the demo's rollback loop is added ({@link DemoApprover}): the action {@code demo-rollback}
   * against the exporter's own {@code /api/v1/demo/rollbacks}, its links under the exporter's own
   * URL, and the approver {@code demo} whose random password is logged once here and shown on
   * {@code /demo/rollback}. A listen port of 0 is replaced by a free port first, since the action
   * must know where it calls.
   */
  public static DemoRun demo(
      ExporterConfig config, WebSecurity web, Duration tick, DemoScenario scenario) {
    if (!config.actions().rollbacks().isEmpty()) {
      LOG.info("demo mode: the configuration's rollback actions are used, no demo action");
      return new DemoRun(config, demo(tick, scenario).withWeb(web));
    }
    String host = config.web().host();
    int port = config.web().port();
    if (port == 0) {
      port = freePort(host);
      String h = host == null ? "" : host.contains(":") ? "[" + host + "]" : host;
      config = config.withWeb(config.web().withListenAddress(h + ":" + port));
    }
    String shown =
        host == null || host.equals("0.0.0.0") || host.equals("::")
            ? "127.0.0.1"
            : host.contains(":") ? "[" + host + "]" : host;
    String base = (web.tls() ? "https://" : "http://") + shown + ":" + port;
    DemoApprover approver = DemoApprover.generate();
    LOG.info(
        "demo mode: rollbacks are approved at {}/demo/rollback as user {} with the password {}"
            + " (demo only, new at every start)",
        base,
        approver.user(),
        approver.password());
    return new DemoRun(
        config.withActions(approver.actions(base)),
        plain()
            .with(DemoPlugin.factory(tick, scenario, approver))
            .withWeb(web.withDemoApprover(approver.user(), approver.password())));
  }

  private static int freePort(String host) {
    try (ServerSocket s =
        new ServerSocket(0, 1, host == null ? null : InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("demo mode: no free port on " + host, e);
    }
  }
}
