package io.marketplaceexporter.storage;

import io.marketplaceexporter.model.Shard;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary;
import io.marketplaceexporter.model.Vocabulary.ChangeKind;
import io.marketplaceexporter.model.Vocabulary.Labelled;
import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import io.marketplaceexporter.model.Vocabulary.PriceAnomalyKind;
import io.marketplaceexporter.model.Vocabulary.SyncJob;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
import io.marketplaceexporter.state.Change;
import io.marketplaceexporter.state.ListingCounts;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.state.Restoring;
import io.marketplaceexporter.state.StateImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Brings a {@link StateImage} back into a fresh state, through the cardinality guard and the SKU
 * limit as events would. Shops idle for longer than {@code limits.shop_ttl} are left out, as expiry
 * would have removed them, and so are the shops the shard does not own (after the shard count
 * changed, their owner polls them and takes their events). Everything is checked before anything is
 * applied: an image with an unknown label value or a missing field changes nothing and throws
 * {@link IllegalArgumentException} naming the field.
 */
final class StateRestorer {
  /**
   * What a restore brought back; {@code expiredShops} were idle for longer than the shop TTL and
   * {@code foreignShops} belong to another shard, so both were left out.
   */
  record Restored(
      int shops, int skus, int changes, int payments, int expiredShops, int foreignShops) {}

  private record SkuOfShop(ShopKey shop, StateImage.Sku sku) {}

  private StateRestorer() {}

  static Restored restore(MarketplaceState state, StateImage image, Shard shard) {
    List<StateImage.Shop> shopImages = list(image.shops(), "shops");
    StateImage.Changes changeImage =
        image.changes() == null
            ? new StateImage.Changes(List.of(), List.of(), List.of())
            : image.changes();
    for (StateImage.Shop s : shopImages) {
      check(s);
    }
    List<Change> latest = changes(list(changeImage.latest(), "changes.latest"));
    List<Change> recent = changes(list(changeImage.recent(), "changes.recent"));
    for (StateImage.Last l : list(changeImage.last(), "changes.last")) {
      require(l.service() != null, "changes.last: service missing");
      label(ChangeKind.class, l.kind(), "changes.last.kind");
    }
    Restoring into = state.restoring();
    long cutoff = into.idleCutoffMillis();
    int restoredShops = 0;
    int expired = 0;
    int foreign = 0;
    int payments = 0;
    List<SkuOfShop> skuImages = new ArrayList<>();
    for (StateImage.Shop img : shopImages) {
      if (img.lastSeenMillis() < cutoff) {
        expired++;
        continue;
      }
      ShopKey key = new ShopKey(img.marketplace(), img.site(), img.shop());
      if (!shard.owns(key)) {
        foreign++;
        continue;
      }
      restoredShops++;
      payments += shop(into, key, img, skuImages);
    }
    skuImages.sort(Comparator.comparingLong(x -> x.sku().lastSeenMillis()));
    for (SkuOfShop x : skuImages) {
      PriceAnomalyKind anomaly =
          x.sku().anomaly() == null
              ? null
              : label(PriceAnomalyKind.class, x.sku().anomaly(), "skus.anomaly");
      into.sku(x.shop(), x.sku(), anomaly);
    }
    for (StateImage.Last l : changeImage.last()) {
      into.changeLast(l.service(), label(ChangeKind.class, l.kind(), "kind"), l.at());
    }
    latest.forEach(into::changeLatest);
    recent.forEach(into::changeRecent);
    into.done();
    return new Restored(restoredShops, skuImages.size(), recent.size(), payments, expired, foreign);
  }

  /**
   * One checked shop; its SKUs are collected, to be restored across shops oldest first. Returns how
   * many unmatched payments it had.
   */
  private static int shop(
      Restoring into, ShopKey key, StateImage.Shop img, List<SkuOfShop> skuImages) {
    into.shop(key, img.lastSeenMillis());
    if (img.pendingOrders() != null) {
      into.backlog(
          key,
          img.pendingOrders(),
          img.oldestPendingAt() == null ? Double.NaN : img.oldestPendingAt());
    }
    for (StateImage.Sync sync : list(img.syncs(), "syncs")) {
      into.syncSuccess(
          key, sync.system(), label(SyncJob.class, sync.job(), "syncs.job"), sync.lastSuccessAt());
    }
    if (img.tokens() != null) {
      img.tokens().forEach((t, at) -> into.token(key, label(TokenKind.class, t, "tokens"), at));
    }
    for (StateImage.Payment p : list(img.payments(), "payments")) {
      into.payment(key, p);
    }
    boolean priced = false;
    for (StateImage.Sku sku : list(img.skus(), "skus")) {
      skuImages.add(new SkuOfShop(key, sku));
      priced |= sku.price() != null;
    }
    if (priced) {
      into.priceSeries(key);
    }
    if (img.listings() != null) {
      into.listings(key, listings(img.listings()));
    }
    return list(img.payments(), "payments").size();
  }

  /** Listing counts by status label; every label known and every count at least 0. */
  private static ListingCounts listings(Map<String, Long> byLabel) {
    Map<ListingStatus, Long> counts = new EnumMap<>(ListingStatus.class);
    byLabel.forEach(
        (status, n) -> {
          require(n != null && n >= 0, "listings: count missing or negative");
          counts.put(label(ListingStatus.class, status, "listings"), n);
        });
    return ListingCounts.of(counts);
  }

  private static void check(StateImage.Shop s) {
    require(
        s.marketplace() != null && s.site() != null && s.shop() != null,
        "shops: marketplace, site or shop missing");
    for (StateImage.Sync sync : list(s.syncs(), "syncs")) {
      require(sync.system() != null, "syncs: system missing");
      label(SyncJob.class, sync.job(), "syncs.job");
    }
    if (s.tokens() != null) {
      s.tokens()
          .forEach(
              (t, at) -> {
                label(TokenKind.class, t, "tokens");
                require(at != null, "tokens: expiry missing");
              });
    }
    for (StateImage.Payment p : list(s.payments(), "payments")) {
      require(
          p.gateway() != null && p.paymentId() != null, "payments: gateway or payment_id missing");
    }
    if (s.listings() != null) {
      listings(s.listings());
    }
    for (StateImage.Sku sku : list(s.skus(), "skus")) {
      require(sku.sku() != null, "skus: sku missing");
      if (sku.anomaly() != null) {
        label(PriceAnomalyKind.class, sku.anomaly(), "skus.anomaly");
      }
    }
  }

  private static List<Change> changes(List<StateImage.Entry> entries) {
    List<Change> out = new ArrayList<>(entries.size());
    for (StateImage.Entry e : entries) {
      require(e.service() != null, "changes: service missing");
      out.add(
          new Change(
              e.service(),
              label(ChangeKind.class, e.kind(), "changes.kind"),
              e.version() == null ? "" : e.version(),
              e.at(),
              e.shop(),
              e.approver(),
              e.alert()));
    }
    return out;
  }

  private static <T> List<T> list(List<T> l, String what) {
    if (l == null) {
      return List.of();
    }
    for (T t : l) {
      require(t != null, what + ": null entry");
    }
    return l;
  }

  private static <E extends Enum<E> & Labelled> E label(Class<E> type, String value, String what) {
    return Vocabulary.parse(type, value)
        .orElseThrow(() -> new IllegalArgumentException(what + ": unknown value"));
  }

  private static void require(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(problem);
    }
  }
}
