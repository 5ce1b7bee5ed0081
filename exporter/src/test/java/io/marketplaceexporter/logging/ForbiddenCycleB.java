package io.marketplaceexporter.logging;

import io.marketplaceexporter.retry.ForbiddenCycleA;

/** Test-only: the other half of the package cycle of {@link ForbiddenCycleA}. */
public final class ForbiddenCycleB {
  private ForbiddenCycleB() {}

  public static int b() {
    return 0;
  }

  static int viaA() {
    return ForbiddenCycleA.a();
  }
}
