package io.marketplaceexporter.sandbox;

import io.marketplaceexporter.sources.HttpClients;

/** Test-only: the sandbox using the connectors' code, which SANDBOX_ALONE forbids. */
public final class ForbiddenSourcesInTheSandbox {
  private ForbiddenSourcesInTheSandbox() {}

  static Object client() {
    return HttpClients.shared();
  }
}
