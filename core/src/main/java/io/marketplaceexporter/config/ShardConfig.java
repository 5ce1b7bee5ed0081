package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Which part of the shops this replica owns when several replicas share them ({@code shard:} in the
 * configuration, overridden by {@code --shard.index} and {@code --shard.count}). Replica {@code
 * index} of {@code count} owns the shops whose stable hash falls to it (see {@code
 * io.marketplaceexporter.state.Shard}). {@code peers} optionally lists every replica's base URL, in
 * shard order, so that misdirected ingest names where to send it; empty when unknown. The default,
 * index 0 of 1, owns every shop.
 */
public record ShardConfig(int index, int count, List<String> peers) {
  /** At most this many shards; more would only split shops too thin to matter. */
  public static final int MAX_COUNT = 1024;

  public ShardConfig {
    require(count >= 1 && count <= MAX_COUNT, "count", "must be 1.." + MAX_COUNT);
    require(index >= 0, "index", "must be >= 0");
    require(index < count, "index", "must be < shard.count (" + count + ")");
    peers = peers == null ? List.of() : List.copyOf(peers);
    require(
        peers.isEmpty() || peers.size() == count,
        "peers",
        "must list one base URL per shard (" + count + "), in shard order, or be left out");
    for (int i = 0; i < peers.size(); i++) {
      String p = peers.get(i);
      require(
          p != null && (p.startsWith("http://") || p.startsWith("https://")) && !p.endsWith("/"),
          "peers[" + i + "]",
          "must be an http:// or https:// base URL without a trailing /");
    }
  }

  @JsonCreator
  static ShardConfig of(
      @JsonProperty("index") Integer index,
      @JsonProperty("count") Integer count,
      @JsonProperty("peers") List<String> peers) {
    return new ShardConfig(
        index == null ? 0 : index, count == null ? 1 : count, peers == null ? List.of() : peers);
  }

  /** One replica owning every shop. */
  public static ShardConfig defaults() {
    return of(null, null, null);
  }

  /** The base URL of shard {@code i}, or null when {@code peers} is not configured. */
  public String peer(int i) {
    return peers.isEmpty() ? null : peers.get(i);
  }

  /**
   * This configuration with the index and count of {@code --shard.index} / {@code --shard.count}
   * where given (null keeps the configured value).
   */
  public ShardConfig withFlags(Integer flagIndex, Integer flagCount) {
    return new ShardConfig(
        flagIndex == null ? index : flagIndex, flagCount == null ? count : flagCount, peers);
  }
}
