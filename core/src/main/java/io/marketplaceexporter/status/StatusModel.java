package io.marketplaceexporter.status;

import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.state.ShopSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the {@link StatusReport} from the live state each time it is asked: nothing is cached, so
 * the page is as current as {@code /metrics}. Sources, the relay and ingest rejections come through
 * suppliers, so that the model depends on none of their internals.
 */
public final class StatusModel {
  /** The most shops a report lists; shops in trouble come first, so none of them is left out. */
  public static final int MAX_SHOPS = 500;

  private final MarketplaceState state;
  private final Supplier<List<SourceStatus>> sources;
  private final RelayQueues relay;
  private final Supplier<List<RejectedEvent>> rejected;
  private final String version;
  private final String revision;
  private final boolean demo;

  public StatusModel(
      MarketplaceState state,
      Supplier<List<SourceStatus>> sources,
      RelayQueues relay,
      Supplier<List<RejectedEvent>> rejected,
      String version,
      String revision,
      boolean demo) {
    this.state = state;
    this.sources = sources;
    this.relay = relay;
    this.rejected = rejected;
    this.version = version;
    this.revision = revision;
    this.demo = demo;
  }

  public StatusReport report() {
    Instant now = state.clock().instant();
    double nowSeconds = now.toEpochMilli() / 1000.0;
    List<ShopStatus> shops = new ArrayList<>();
    int inTrouble = 0;
    for (ShopSummary s : state.shopSummaries()) {
      ShopKey k = s.shop();
      ShopStatus st =
          new ShopStatus(
              k.marketplace(),
              k.site(),
              k.shop(),
              Instant.ofEpochMilli(s.lastSeenMillis()),
              Troubles.of(s, nowSeconds));
      inTrouble += st.inTrouble() ? 1 : 0;
      shops.add(st);
    }
    int tracked = shops.size();
    // Worst first; the sort is stable, so shops keep their label order within a severity.
    shops.sort(Comparator.comparingInt(StatusModel::rank));
    if (shops.size() > Math.max(MAX_SHOPS, inTrouble)) {
      shops = shops.subList(0, Math.max(MAX_SHOPS, inTrouble));
    }
    return new StatusReport(
        now,
        version,
        revision,
        demo,
        sources.get(),
        tracked,
        inTrouble,
        shops,
        relay.queues(),
        rejected.get());
  }

  private static int rank(ShopStatus s) {
    return switch (s.severity()) {
      case Trouble.CRITICAL -> 0;
      case Trouble.WARNING -> 1;
      default -> 2;
    };
  }
}
