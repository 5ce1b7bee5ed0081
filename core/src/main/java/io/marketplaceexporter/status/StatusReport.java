package io.marketplaceexporter.status;

import java.time.Instant;
import java.util.List;

/**
 * Everything the landing page shows, as of {@code generatedAt}. {@code shops} lists every shop in
 * trouble (worst first) and then the others, at most {@link StatusModel#MAX_SHOPS} in all; {@code
 * shopsTracked} counts them all. {@code rejected} holds the latest rejected events, newest first.
 */
public record StatusReport(
    Instant generatedAt,
    String version,
    String revision,
    boolean demo,
    List<SourceStatus> sources,
    int shopsTracked,
    int shopsInTrouble,
    List<ShopStatus> shops,
    List<QueueStatus> queues,
    List<RejectedEvent> rejected) {
  public StatusReport {
    sources = List.copyOf(sources);
    shops = List.copyOf(shops);
    queues = List.copyOf(queues);
    rejected = List.copyOf(rejected);
  }
}
