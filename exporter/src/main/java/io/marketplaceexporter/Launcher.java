package io.marketplaceexporter;

import io.marketplaceexporter.demo.DemoScenario;
import io.marketplaceexporter.plugin.demo.DemoPlugin;
import io.marketplaceexporter.plugin.relay.RelayPlugin;
import java.time.Duration;

/**
 * What {@code java -jar} runs: the product with the alert relay plugged in and, in demo mode, the
 * sandbox marketplace with its incidents. Tests that need the whole application start it with these
 * options too.
 */
public final class Launcher {
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
}
