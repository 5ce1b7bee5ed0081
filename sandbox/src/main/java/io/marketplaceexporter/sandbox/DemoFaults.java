package io.marketplaceexporter.sandbox;

import io.marketplaceexporter.demo.DemoIncidents;
import io.marketplaceexporter.demo.DemoIncidents.ActiveIncident;
import io.marketplaceexporter.demo.Incident;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the demo's incidents (its scenario and those triggered through {@code
 * /api/v1/demo/incidents}) as sandbox faults, so that the demo's connectors see them the way they
 * would see a real marketplace misbehave.
 */
public final class DemoFaults {
  private static final Logger LOG = LoggerFactory.getLogger(DemoFaults.class);

  private final DemoIncidents demo;
  private final Sandbox sandbox;

  public DemoFaults(DemoIncidents demo, Sandbox sandbox) {
    this.demo = demo;
    this.sandbox = sandbox;
  }

  /** The faults that play an incident. */
  static List<FaultKind> faultsOf(Incident incident) {
    return switch (incident) {
      case ZERO_PRICE -> List.of(FaultKind.ZERO_PRICE);
      case PRICE_DROP -> List.of(FaultKind.PRICE_DROP);
      case STALLED_SYNC -> List.of(FaultKind.STALLED_SYNC);
      case THROTTLING -> List.of(FaultKind.THROTTLE);
      case TOKEN_EXPIRING -> List.of(FaultKind.TOKEN_EXPIRING);
      case DEPLOY_REGRESSION -> List.of(FaultKind.DEPLOY, FaultKind.ORDER_FAILURES);
      case NEGATIVE_STOCK -> List.of(FaultKind.NEGATIVE_STOCK);
      case PAYMENT_GATEWAY_SWITCH -> List.of(FaultKind.PAYMENT_GATEWAY_SWITCH);
      case LISTING_TAKEDOWN -> List.of(FaultKind.LISTING_CHANGE, FaultKind.LISTINGS_TAKEN_DOWN);
    };
  }

  /** Makes the sandbox's demo faults match the incidents playing now. Never throws. */
  public void tick() {
    try {
      List<Faults.Fault> wanted = new ArrayList<>();
      for (ActiveIncident a : demo.active()) {
        for (FaultKind k : faultsOf(a.incident())) {
          wanted.add(
              new Faults.Fault(
                  k, a.shop(), a.sinceMillis(), a.untilMillis(), Duration.ofSeconds(2), true));
        }
      }
      sandbox.faults().syncDemo(wanted);
    } catch (RuntimeException e) {
      LOG.error("demo incidents could not be played as sandbox faults", e);
    }
  }
}
