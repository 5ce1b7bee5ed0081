package io.marketplaceexporter.state;

import io.marketplaceexporter.config.ShardConfig;
import java.nio.charset.StandardCharsets;

/**
 * Which shops this replica owns. A shop belongs to shard {@code fnv1a64(marketplace + "/" + site +
 * "/" + shop) mod count}: FNV-1a, 64 bits, over the UTF-8 bytes of the exported label values (an
 * empty site stays empty, as in {@code amazon//acme}), the hash read as an unsigned number. Any
 * language can compute it (see docs/sharding.md), so an ERP can send each shop's events to its
 * owner.
 *
 * <p>{@link #owns(ShopKey)} is the one predicate every part of the exporter asks: the sources
 * (which shops to poll), ingest (which events to apply) and anything that restores state at
 * start-up (which shops to keep after the shard count changed).
 */
public final class Shard {
  static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
  static final long FNV_PRIME = 0x100000001b3L;

  private final ShardConfig config;

  public Shard(ShardConfig config) {
    this.config = config;
  }

  /** One replica that owns every shop. */
  public static Shard single() {
    return new Shard(ShardConfig.defaults());
  }

  /** FNV-1a 64 of {@code marketplace/site/shop} in UTF-8. */
  public static long hash(ShopKey shop) {
    String key = shop.marketplace() + "/" + shop.site() + "/" + shop.shop();
    long h = FNV_OFFSET_BASIS;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  /** The index of the shard that owns {@code shop}, 0..count-1. */
  public int owner(ShopKey shop) {
    return config.count() == 1 ? 0 : (int) Long.remainderUnsigned(hash(shop), config.count());
  }

  /** Whether this replica owns {@code shop}: polls it, applies its events, keeps its state. */
  public boolean owns(ShopKey shop) {
    return owner(shop) == config.index();
  }

  public int index() {
    return config.index();
  }

  public int count() {
    return config.count();
  }

  /** The base URL of shard {@code i} from {@code shard.peers}, or null when not configured. */
  public String peer(int i) {
    return config.peer(i);
  }

  @Override
  public String toString() {
    return "shard " + config.index() + " of " + config.count();
  }
}
