package io.marketplaceexporter.sources;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.PollingConfig;
import io.marketplaceexporter.config.SourceConfig;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.model.Shard;
import io.marketplaceexporter.model.ShopKey;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * Builds the configured sources and their scheduler. Everything a source needs is checked here, at
 * start-up, so a missing credential or a bad JSONPath fails fast naming its key.
 */
public final class Sources {
  private Sources() {}

  /** Builds one connector per configured source; throws {@link ConfigException} when wrong. */
  public static List<Source> create(
      List<SourceConfig> configs,
      Map<String, String> env,
      IngestService ingest,
      OkHttpClient http,
      Clock clock) {
    return create(configs, env, ingest, http, clock, Shard.single());
  }

  /**
   * Builds the connectors this replica polls: the marketplace sources of the shops {@code shard}
   * owns, and every generic source (an ERP endpoint reports many shops; each replica keeps the
   * events of its own, see {@link IngestService#ingestPolled}). Keys in errors keep the index of
   * the source in the whole {@code sources} list.
   */
  public static List<Source> create(
      List<SourceConfig> configs,
      Map<String, String> env,
      IngestService ingest,
      OkHttpClient http,
      Clock clock,
      Shard shard) {
    List<Source> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    CallRates rates = new CallRates();
    for (int i = 0; i < configs.size(); i++) {
      SourceConfig c = configs.get(i);
      if (!names.add(c.name())) {
        throw new ConfigException("sources[" + i + "].name: \"" + c.name() + "\" is used twice");
      }
      SourceSetup setup = new SourceSetup(c, i, env, ingest, http, clock, rates);
      keys(c.type()).check(setup);
      if (!polledBy(c, shard)) {
        continue;
      }
      out.add(Connectors.of(c.type()).create(setup));
    }
    return out;
  }

  /** The credentials and options the connector of {@code type} reads, declared beside it. */
  public static SourceKeys keys(String type) {
    return Connectors.of(type).keys();
  }

  /** The shop a marketplace source polls, or null for a generic source (many shops). */
  public static ShopKey shopOf(SourceConfig c) {
    return c.type().equals("generic") ? null : new ShopKey(c.type(), c.site(), c.shop());
  }

  /** Whether the replica {@code shard} polls source {@code c}. */
  public static boolean polledBy(SourceConfig c, Shard shard) {
    ShopKey shop = shopOf(c);
    return shop == null || shard.owns(shop);
  }

  /** Checks the sources' configuration and credentials, as {@code --config.check} does. */
  public static void validate(List<SourceConfig> configs, Map<String, String> env) {
    OkHttpClient http = HttpClients.shared();
    create(configs, env, null, http, Clock.systemUTC());
    http.dispatcher().executorService().shutdown();
  }

  /**
   * The sources this replica polls, their health metrics on {@code registry}, and the scheduler
   * that polls them; null when there is none (then no source metric is exposed).
   */
  public static SourceScheduler scheduler(
      List<SourceConfig> configs,
      PollingConfig polling,
      Map<String, String> env,
      IngestService ingest,
      PrometheusRegistry registry,
      OkHttpClient http,
      Clock clock,
      Shard shard) {
    List<Source> sources = create(configs, env, ingest, http, clock, shard);
    if (sources.isEmpty()) {
      return null;
    }
    SourceHealth health = new SourceHealth(registry, sources.stream().map(Source::name).toList());
    return new SourceScheduler(sources, polling, health, clock, new Random());
  }
}
