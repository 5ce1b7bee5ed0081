package io.marketplaceexporter.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ShardConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ShardTest {
  private static Shard shard(int index, int count) {
    return new Shard(new ShardConfig(index, count, List.of()));
  }

  @Nested
  class TheHash {
    @Test
    void isFnv1a64OfMarketplaceSiteAndShopInUtf8() {
      // Reference values computed independently (docs/sharding.md shows the same).
      assertThat(Shard.hash(new ShopKey("amazon", "US", "A2EUQ1WTGCTBG2")))
          .isEqualTo(0x2720044e6d5c61b2L);
      assertThat(Shard.hash(new ShopKey("ebay", "", "acme-outlet"))).isEqualTo(0xa0a3920bb6f4f0baL);
      assertThat(Shard.hash(new ShopKey("amazon", "US", "店铺"))).isEqualTo(0x86479a62f07bed35L);
    }

    @Test
    void isReadAsAnUnsignedNumberModuloTheCount() {
      // 0x2720044e6d5c61b2 mod 3 = 2; 0x86479a62f07bed35 (negative as a signed long) mod 3 = 0
      assertThat(shard(0, 3).owner(new ShopKey("amazon", "US", "A2EUQ1WTGCTBG2"))).isEqualTo(2);
      assertThat(shard(0, 3).owner(new ShopKey("amazon", "US", "店铺"))).isZero();
      assertThat(shard(0, 3).owner(new ShopKey("lazada", "TH", "lzd_th_5520"))).isEqualTo(1);
    }
  }

  @Nested
  class Ownership {
    @Test
    void everyShopHasExactlyOneOwner() {
      for (int i = 0; i < 200; i++) {
        ShopKey shop = new ShopKey("shopee", "SG", "shop_" + i);
        int owners = 0;
        for (int s = 0; s < 5; s++) {
          owners += shard(s, 5).owns(shop) ? 1 : 0;
        }
        assertThat(owners).as(shop.toString()).isEqualTo(1);
      }
    }

    @Test
    void spreadsShopsOverEveryShard() {
      Set<Integer> used = new HashSet<>();
      for (int i = 0; i < 24; i++) {
        used.add(shard(0, 3).owner(new ShopKey("amazon", "US", "shop-" + i)));
      }
      assertThat(used).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void oneReplicaOwnsEveryShop() {
      assertThat(Shard.single().owns(new ShopKey("amazon", "US", "A2EUQ1WTGCTBG2"))).isTrue();
      assertThat(Shard.single().owns(new ShopKey("", "", "x"))).isTrue();
    }
  }

  @Nested
  class Configuration {
    @Test
    void defaultsToOneShard() {
      ShardConfig c = ConfigLoader.parse("").shard();
      assertThat(c.index()).isZero();
      assertThat(c.count()).isEqualTo(1);
      assertThat(c.peer(0)).isNull();
    }

    @Test
    void readsIndexCountAndPeers() {
      ShardConfig c =
          ConfigLoader.parse(
                  "shard: {index: 1, count: 2, peers: [\"http://a:9877\", \"http://b:9877\"]}")
              .shard();
      assertThat(c.index()).isEqualTo(1);
      assertThat(c.peer(1)).isEqualTo("http://b:9877");
    }

    @Test
    void rejectsAnIndexOutsideTheCountNamingTheKey() {
      assertThatThrownBy(() -> ConfigLoader.parse("shard: {index: 3, count: 3}"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("shard.index: must be < shard.count (3)");
      assertThatThrownBy(() -> ConfigLoader.parse("shard: {count: 0}"))
          .hasMessageStartingWith("shard.count: must be 1..");
    }

    @Test
    void rejectsPeersThatDoNotListEveryShard() {
      assertThatThrownBy(
              () -> ConfigLoader.parse("shard: {index: 0, count: 3, peers: [\"http://a:1\"]}"))
          .hasMessageStartingWith("shard.peers: must list one base URL per shard (3)");
      assertThatThrownBy(() -> ConfigLoader.parse("shard: {index: 0, count: 1, peers: [\"a:1\"]}"))
          .hasMessageStartingWith("shard.peers[0]: must be an http:// or https:// base URL");
    }

    @Test
    void flagsOverrideTheFile() {
      ShardConfig c = ConfigLoader.parse("shard: {index: 0, count: 2}").shard().withFlags(2, 3);
      assertThat(c.index()).isEqualTo(2);
      assertThat(c.count()).isEqualTo(3);
      assertThat(c.withFlags(null, null)).isEqualTo(c);
    }
  }
}
