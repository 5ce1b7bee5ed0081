package io.marketplaceexporter.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.ingest.IngestService.SeenId;
import io.marketplaceexporter.json.JsonMappers;
import io.marketplaceexporter.model.Shard;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.state.StateImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state snapshot, {@code state.json.gz} under the storage path: the durable part of the state
 * ({@link StateImage}) and the event ids within the dedup window. Restored once at start-up, before
 * anything writes to the state; then written in the background every {@code
 * storage.snapshot_interval} when the state changed, and on a clean shutdown. Every event
 * acknowledged before a write started is in that write, so a crash loses at most what was
 * acknowledged during the last interval and the write in progress.
 *
 * <p>Format: gzip-compressed JSON {@code {"kind":"marketplace-exporter/state","format_version":1,
 * "written_at_millis":…,"state":{…},"seen_ids":[…]}}, snake-case field names; a plain (not
 * compressed) file is read as well. Unknown fields are ignored, so fields can be added without a
 * new version. Version 1 is the first: there is no older one to migrate yet. A file of a newer
 * version than this exporter knows, of another kind, or that does not parse, is moved aside.
 */
public final class StateStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
  public static final String FILE_NAME = "state.json.gz";
  public static final String KIND = "marketplace-exporter/state";
  public static final int FORMAT_VERSION = 1;
  static final String METRIC_LABEL = "state";

  static final ObjectMapper MAPPER =
      JsonMappers.lenient()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  /** The file's content, format version 1. */
  record Document(
      String kind,
      int formatVersion,
      long writtenAtMillis,
      StateImage state,
      List<SeenId> seenIds) {}

  private final DurableFile file;
  private final MarketplaceState state;
  private final IngestService ingest;
  private final Shard shard;
  private final StorageMetrics metrics;
  private final Duration interval;
  private final Clock clock;
  private final Object writing = new Object();
  private long writtenModifications = Long.MIN_VALUE;
  private boolean failing;
  private ScheduledExecutorService executor;

  public StateStore(
      Path dir,
      Duration interval,
      MarketplaceState state,
      IngestService ingest,
      StorageMetrics metrics,
      Clock clock) {
    this(dir, interval, state, ingest, Shard.single(), metrics, clock);
  }

  /** A store for one shard of several: shops of other shards in the file are not restored. */
  public StateStore(
      Path dir,
      Duration interval,
      MarketplaceState state,
      IngestService ingest,
      Shard shard,
      StorageMetrics metrics,
      Clock clock) {
    this.shard = shard;
    this.file =
        new DurableFile(
            dir,
            FILE_NAME,
            new DurableFile.Format(KIND, FORMAT_VERSION, "state file", METRIC_LABEL),
            metrics,
            clock);
    this.state = state;
    this.ingest = ingest;
    this.metrics = metrics;
    this.interval = interval;
    this.clock = clock;
    file.exposeMetrics();
  }

  public Path file() {
    return file.file();
  }

  /**
   * Restores the state and the seen ids from the file, if there is one; an unusable file is moved
   * aside and the exporter starts empty. Call once, before ingest and the sources start.
   */
  public void restore() {
    StateRestorer.Restored r = file.load(this::decodeAndRestore);
    if (r == null) {
      return;
    }
    LOG.info(
        "state restored from {}: {} shops, {} SKUs, {} changes{}{}",
        file.file(),
        r.shops(),
        r.skus(),
        r.changes(),
        r.expiredShops() == 0
            ? ""
            : "; left out " + r.expiredShops() + " shops idle for longer than limits.shop_ttl",
        r.foreignShops() == 0
            ? ""
            : "; left out " + r.foreignShops() + " shops that another shard now owns");
  }

  private StateRestorer.Restored decodeAndRestore(byte[] json, int formatVersion)
      throws IOException {
    if (formatVersion != FORMAT_VERSION) {
      throw new IOException("not a state file of a known format version");
    }
    Document doc = MAPPER.readValue(json, Document.class);
    if (doc.state() == null) {
      throw new IOException("the state is missing");
    }
    StateRestorer.Restored r = StateRestorer.restore(state, doc.state(), shard);
    int ids = ingest.restoreSeenIds(doc.seenIds() == null ? List.of() : doc.seenIds());
    metrics.restored("shops", r.shops());
    metrics.restored("skus", r.skus());
    metrics.restored("changes", r.changes());
    metrics.restored("payments", r.payments());
    metrics.restored("event_ids", ids);
    return r;
  }

  /** Writes once now, then every interval when the state changed. */
  public void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "state-writer");
              t.setDaemon(true);
              return t;
            });
    long ms = interval.toMillis();
    executor.scheduleWithFixedDelay(this::writeIfChanged, 0, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Writes a snapshot unless nothing changed since the last one; failures are logged (once until a
   * write succeeds again) and counted, and never thrown. Returns whether a snapshot was written.
   */
  public boolean writeIfChanged() {
    synchronized (writing) {
      long modifications = state.modifications();
      if (modifications == writtenModifications) {
        return false;
      }
      long takenAt = clock.millis();
      long started = System.nanoTime();
      try {
        file.save(encode(), takenAt, started);
        writtenModifications = modifications;
        if (failing) {
          failing = false;
          LOG.info("state file {} written again", file.file());
        }
        return true;
      } catch (IOException | RuntimeException e) {
        if (!failing) {
          failing = true;
          LOG.error(
              "cannot write the state file {}: {}; the previous snapshot is kept, retrying every {}",
              file.file(),
              e.toString(),
              interval);
        }
        return false;
      }
    }
  }

  /** The ids first: {@link IngestService#seenIds()} waits until their events are in the state. */
  private byte[] encode() throws IOException {
    List<SeenId> ids = ingest.seenIds();
    StateImage image = state.image();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (OutputStream out = new FastGzip(bytes)) {
      MAPPER.writeValue(out, new Document(KIND, FORMAT_VERSION, clock.millis(), image, ids));
    }
    return bytes.toByteArray();
  }

  /** Stops the background writer and writes a last snapshot if the state changed. */
  @Override
  public void close() {
    if (executor != null) {
      // Not shutdownNow(): interrupting a write in progress would fail it (the channel closes).
      executor.shutdown();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    writeIfChanged();
  }

  /** Gzip at the fastest level: the snapshot is written often and mostly repeats itself. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
