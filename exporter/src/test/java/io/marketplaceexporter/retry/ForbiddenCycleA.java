package io.marketplaceexporter.retry;

import io.marketplaceexporter.logging.ForbiddenCycleB;

/** Test-only: half of a package cycle (retry ↔ logging) that NO_CYCLES forbids. */
public final class ForbiddenCycleA {
  private ForbiddenCycleA() {}

  public static int a() {
    return ForbiddenCycleB.b() + 1;
  }
}
