package io.marketplaceexporter.ingest;

import io.marketplaceexporter.demo.DemoIncidents;

/** Test-only: a core class using the demo, which ArchitectureRules.MODULES forbids. */
public final class ForbiddenDemoInTheCore {
  private ForbiddenDemoInTheCore() {}

  static int shops(DemoIncidents demo) {
    return demo.shopIds().size();
  }
}
