package io.marketplaceexporter.state;

import io.marketplaceexporter.ingest.IngestService;

/** Test-only: {@code state} using {@code ingest}, an arrow up that CORE_LAYERS forbids. */
public final class ForbiddenArrowUp {
  private ForbiddenArrowUp() {}

  static Object shard(IngestService ingest) {
    return ingest.shard();
  }
}
