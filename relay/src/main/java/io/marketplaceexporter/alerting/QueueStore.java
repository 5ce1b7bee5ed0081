package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.json.JsonMappers;
import io.marketplaceexporter.storage.DurableFile;
import io.marketplaceexporter.storage.StorageMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The relay queue on disk, {@code relay-queue.json} under the storage path, so a restart does not
 * lose pending notifications. Written and read through {@link DurableFile}: every save is atomic; a
 * file that cannot be used at start-up is reported, moved aside and counted, and the relay starts
 * empty. Format version 2 (the envelope with {@code kind}); version 1 files are read and rewritten
 * as version 2 at the next save.
 */
final class QueueStore {
  static final String FILE_NAME = "relay-queue.json";
  static final String KIND = "marketplace-exporter/relay-queue";

  /** 2 since files have the shared envelope; version 1 files are still read. */
  static final int VERSION = 2;

  private static final ObjectMapper MAPPER = JsonMappers.lenient();

  /**
   * One queued notification as stored: Alertmanager's {@code group} or the exporter's {@code
   * notice} (files written before notices existed have only groups). Times are Unix milliseconds.
   */
  record Entry(
      String channel,
      String target,
      long id,
      long enqueuedAt,
      int attempts,
      long notBefore,
      int maxBytes,
      String lastError,
      AlertGroup group,
      RelayNotice notice) {

    static Entry of(String channel, String target, Pending p) {
      return new Entry(
          channel,
          target,
          p.id,
          p.enqueuedAt.toEpochMilli(),
          p.attempts,
          p.notBefore.toEpochMilli(),
          p.maxBytes,
          p.lastError,
          p.group,
          p.notice);
    }

    Pending toPending() {
      Pending p =
          new Pending(
              id,
              group,
              notice,
              Instant.ofEpochMilli(enqueuedAt),
              attempts,
              Instant.ofEpochMilli(notBefore),
              maxBytes);
      p.lastError = lastError == null ? "" : lastError;
      return p;
    }
  }

  /** The file's content, format version 2: the shared envelope around the entries. */
  record Document(
      @JsonProperty("kind") String kind,
      @JsonProperty("format_version") int formatVersion,
      @JsonProperty("pending") List<Entry> pending) {}

  /** Format version 1, written before files had an envelope: {@code {"version":1,...}}. */
  record DocumentV1(int version, List<Entry> pending) {}

  private final DurableFile file;

  QueueStore(Path dir, StorageMetrics metrics, Clock clock) {
    this.file =
        new DurableFile(
            dir,
            FILE_NAME,
            new DurableFile.Format(KIND, VERSION, "relay queue", "relay_queue"),
            metrics,
            clock);
  }

  void exposeMetrics() {
    file.exposeMetrics();
  }

  Path file() {
    return file.file();
  }

  /** The stored entries; empty when there is no file or it is unusable (then moved aside). */
  List<Entry> load() {
    List<Entry> entries = file.load(QueueStore::decode);
    return entries == null ? List.of() : entries;
  }

  private static List<Entry> decode(byte[] json, int formatVersion) throws IOException {
    List<Entry> pending;
    if (formatVersion == 0) {
      DocumentV1 v1 = MAPPER.readValue(json, DocumentV1.class);
      if (v1 == null || v1.version() != 1) {
        throw new IOException("not a relay queue of a known format version");
      }
      pending = v1.pending();
    } else {
      pending = MAPPER.readValue(json, Document.class).pending();
    }
    if (pending == null) {
      throw new IOException("the pending list is missing");
    }
    for (Entry e : pending) {
      if (e == null
          || (e.group() == null) == (e.notice() == null)
          || e.channel() == null
          || e.target() == null) {
        throw new IOException("an entry lacks its channel, target, or group or notice");
      }
    }
    return pending;
  }

  /** Replaces the stored queue atomically (see {@link DurableFile#save}). */
  void save(List<Entry> entries) throws IOException {
    file.save(MAPPER.writeValueAsBytes(new Document(KIND, VERSION, entries)));
  }
}
