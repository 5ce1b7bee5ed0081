package io.marketplaceexporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.config.IngestConfig;
import io.marketplaceexporter.model.MetricNames;
import io.marketplaceexporter.model.Shard;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.state.IngestStats;
import io.marketplaceexporter.state.IngestStats.Result;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.state.SeriesFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates and applies events: the one write path into the state. Every event comes through {@link
 * #ingest(List, boolean)}, whether pushed to {@code POST /api/v1/events}, polled by a generic
 * source, or made by a marketplace connector, and is parsed, de-duplicated by id and counted in
 * {@code marketplace_exporter_ingest_events_total} the same way. Valid events of a batch are
 * applied even when others are rejected, so nothing valid is lost and the client knows exactly what
 * to resend.
 *
 * <p>When replicas share the shops ({@code shard}), only events of the shops this replica owns are
 * applied. Pushed events of other shops are <em>misdirected</em>: not applied, reported per event
 * with the owner shard, and counted; events polled from a generic source that reports many shops
 * are kept for the own shops and silently left to their owners, which poll the same source. Events
 * without a shop ({@code change}) are applied by every replica.
 */
public final class IngestService {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  private final MarketplaceState state;
  private final Deduplicator dedup;
  private final int concurrency;
  private final Duration scrapePriority;
  private final Shard shard;
  private final LongAdder misdirected = new LongAdder();
  private final Set<String> rejectedConnectorTypes = ConcurrentHashMap.newKeySet();
  private final RecentRejections rejections = new RecentRejections();

  /**
   * Held (shared) while a batch marks ids seen and applies events, so that {@link #seenIds()} can
   * wait until every event whose id it returns has been applied.
   */
  private final ReentrantReadWriteLock applying = new ReentrantReadWriteLock();

  /** An event id and when it was first seen (Unix ms), as kept across a restart. */
  public record SeenId(String id, long atMillis) {}

  /**
   * The fields an event of {@code type} may have (with {@code type}, {@code id} and the shop
   * labels), or null when there is no such type; for checking generic-source mappings at start-up.
   */
  public static Set<String> eventFields(String type) {
    return EventParser.fields(type);
  }

  public IngestService(MarketplaceState state, IngestConfig config) {
    this(state, config, Shard.single());
  }

  public IngestService(MarketplaceState state, IngestConfig config, Shard shard) {
    this.state = state;
    this.dedup = new Deduplicator(config.dedupWindow(), config.dedupMaxIds(), state.clock());
    this.concurrency = config.concurrency();
    this.scrapePriority = config.scrapePriority();
    this.shard = shard;
  }

  /**
   * How long a new request waits while {@code /metrics} renders ({@code ingest.scrape_priority}).
   */
  public Duration scrapePriority() {
    return scrapePriority;
  }

  /** How many ingest requests may be parsed and applied at once ({@code ingest.max_concurrent}). */
  public int concurrency() {
    return concurrency;
  }

  /** Which shops this replica owns. */
  public Shard shard() {
    return shard;
  }

  /** Pushed events about shops another replica owns, since start. */
  public long misdirected() {
    return misdirected.sum();
  }

  /** The latest events that were not applied, for the status page. */
  public RecentRejections rejections() {
    return rejections;
  }

  /** Ingests one event object or an array of them. */
  public IngestResult ingest(JsonNode body) {
    if (body.isArray()) {
      List<JsonNode> events = new ArrayList<>(body.size());
      body.forEach(events::add);
      return ingest(events);
    }
    return ingest(List.of(body));
  }

  /** Ingests pushed events: those of other shards' shops are misdirected. */
  public IngestResult ingest(List<JsonNode> events) {
    return ingest(events, true);
  }

  /**
   * Ingests events a source polled: those of other shards' shops are left out without an error,
   * because their owner polls the same source.
   */
  public IngestResult ingestPolled(List<JsonNode> events) {
    return ingest(events, false);
  }

  /**
   * The one entry point: {@code pushed} events of other shards' shops are misdirected, polled ones
   * left to their owner; everything else is the same for both.
   */
  private IngestResult ingest(List<JsonNode> events, boolean pushed) {
    Errors errors = new Errors();
    List<FieldError> eventErrors = new ArrayList<>();
    IngestStats stats = state.ingestStats();
    double now = state.clock().millis() / 1000.0;
    int accepted = 0;
    int duplicates = 0;
    int rejected = 0;
    int limited = 0;
    int foreign = 0;
    int owner = NO_OWNER;
    Lock lock = applying.readLock();
    lock.lock();
    try {
      for (int i = 0; i < events.size(); i++) {
        EventParser.Parsed p = EventParser.parse(events.get(i), i, eventErrors, now);
        errors.addAll(eventErrors);
        ShopKey shop = p.event() == null ? null : p.event().shop();
        if (p.event() == null) {
          rejections.record(state.clock().instant(), pushed, p.typeIndex(), eventErrors);
          rejected++;
          stats.count(p.typeIndex(), Result.REJECTED);
        } else if (shop != null && !shard.owns(shop)) {
          // Before the duplicate check: the owner must still see the id as new.
          if (pushed) {
            foreign++;
            int o = shard.owner(shop);
            owner = owner == NO_OWNER || owner == o ? o : SEVERAL_OWNERS;
            errors.add(misdirected(i, shop));
          }
        } else if (p.id() != null && !dedup.firstSeen(p.id())) {
          duplicates++;
          stats.count(p.typeIndex(), Result.DUPLICATE);
        } else {
          SeriesFamily full = p.event().applyTo(state);
          if (full == null) {
            accepted++;
            stats.count(p.typeIndex(), Result.ACCEPTED);
          } else {
            // Not applied: rejected with its reason, never accepted and lost.
            if (p.id() != null) {
              dedup.forget(p.id());
            }
            rejected++;
            limited++;
            stats.count(p.typeIndex(), Result.REJECTED);
            FieldError error = seriesLimit(i, shop, full);
            errors.add(error);
            rejections.record(state.clock().instant(), pushed, p.typeIndex(), List.of(error));
          }
        }
        eventErrors.clear();
      }
    } finally {
      lock.unlock();
    }
    misdirected.add(foreign);
    boolean allMisdirected = foreign > 0 && accepted + duplicates + rejected == 0;
    return new IngestResult(
        accepted,
        duplicates,
        rejected,
        limited,
        foreign,
        errors.list,
        errors.omitted,
        allMisdirected && owner >= 0 ? owner : -1);
  }

  private static final int NO_OWNER = -2;
  private static final int SEVERAL_OWNERS = -1;

  /** The errors of a request: the first {@link IngestResult#MAX_ERRORS}, and how many more. */
  private static final class Errors {
    final List<FieldError> list = new ArrayList<>();
    int omitted;

    void add(FieldError e) {
      if (list.size() < IngestResult.MAX_ERRORS) {
        list.add(e);
      } else {
        omitted++;
      }
    }

    void addAll(List<FieldError> es) {
      es.forEach(this::add);
    }
  }

  /** How the error of an event refused at the series limit begins. */
  public static final String SERIES_LIMIT = "series limit reached: ";

  private FieldError seriesLimit(int index, ShopKey shop, SeriesFamily full) {
    return new FieldError(
        index,
        shop == null ? "service" : "shop",
        SERIES_LIMIT
            + full.metricName()
            + " already has "
            + state.budget().maxPerFamily()
            + " label sets (limits.max_series_per_metric); the event was not applied,"
            + " resend it once series are freed (shop_ttl, DELETE /api/v1/shops) or the limit"
            + " is raised");
  }

  private FieldError misdirected(int index, ShopKey shop) {
    int owner = shard.owner(shop);
    String url = shard.peer(owner);
    return new FieldError(
        index,
        "shop",
        "shop "
            + shop
            + " belongs to shard "
            + owner
            + " of "
            + shard.count()
            + ", not to this replica ("
            + shard.index()
            + "): send the event "
            + (url == null ? "to shard " + owner : "to " + url + "/api/v1/events"),
        owner,
        url);
  }

  /**
   * The event ids within the dedup window, oldest first. Returns only after every event with one of
   * these ids has been applied to the state, so that a state image taken afterwards holds their
   * effects: an id is never remembered across a restart without what its event did.
   */
  public List<SeenId> seenIds() {
    List<SeenId> ids = dedup.seen();
    Lock barrier = applying.writeLock();
    barrier.lock();
    barrier.unlock();
    return ids;
  }

  /** Remembers ids seen before a restart; returns how many are still within the window. */
  public int restoreSeenIds(List<SeenId> ids) {
    return dedup.restore(ids);
  }

  /**
   * Ingests one event a connector made from what it polled, through the same parser, de-duplication
   * and statistics as a pushed event (in its wire form, {@link EventJson}): an event with a value
   * out of range is rejected and counted as such, never applied unchecked. An event of a shop
   * another replica owns is left out; one that finds its metric at the series limit is rejected and
   * counted in {@code marketplace_exporter_series_dropped_total}.
   */
  public IngestResult ingestPolled(Event event) {
    ObjectNode json = EventJson.of(event);
    IngestResult r = ingest(List.of(json), false);
    if (r.rejected() > r.limited() && !r.errors().isEmpty()) {
      String type = json.get("type").textValue();
      if (rejectedConnectorTypes.add(type)) {
        FieldError e = r.errors().get(0);
        LOG.warn(
            "a connector's {} event was rejected ({}: {}); counted in {}, logged once per type",
            type,
            e.field(),
            e.message(),
            MetricNames.INGEST_EVENTS);
      }
    }
    return r;
  }
}
