package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay queue on disk, {@code relay-queue.json} under the storage path, so a restart does not
 * lose pending notifications. Every save writes a temporary file, forces it to disk and renames it
 * over the old one atomically; a file that cannot be read at start-up is reported and moved aside,
 * and the relay starts empty.
 */
final class QueueStore {
  private static final Logger LOG = LoggerFactory.getLogger(QueueStore.class);
  static final String FILE_NAME = "relay-queue.json";
  private static final int VERSION = 1;
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One queued notification as stored. Times are Unix milliseconds. */
  record Entry(
      String channel,
      String target,
      long id,
      long enqueuedAt,
      int attempts,
      long notBefore,
      int maxBytes,
      String lastError,
      AlertGroup group) {

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
          p.group);
    }

    Pending toPending() {
      Pending p =
          new Pending(
              id,
              group,
              Instant.ofEpochMilli(enqueuedAt),
              attempts,
              Instant.ofEpochMilli(notBefore),
              maxBytes);
      p.lastError = lastError == null ? "" : lastError;
      return p;
    }
  }

  /** The file's content. */
  record Document(int version, List<Entry> pending) {}

  private final Path dir;
  private final Path file;

  QueueStore(Path dir) {
    this.dir = dir;
    this.file = dir.resolve(FILE_NAME);
  }

  Path file() {
    return file;
  }

  /** The stored entries; empty when there is no file or it is unreadable (then moved aside). */
  List<Entry> load(Instant now) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      Document doc = MAPPER.readValue(Files.readAllBytes(file), Document.class);
      if (doc == null || doc.version() != VERSION || doc.pending() == null) {
        throw new IOException("not a version " + VERSION + " relay queue");
      }
      for (Entry e : doc.pending()) {
        if (e == null || e.group() == null || e.channel() == null || e.target() == null) {
          throw new IOException("an entry lacks its channel, target or group");
        }
      }
      return doc.pending();
    } catch (IOException | RuntimeException e) {
      Path aside = dir.resolve(FILE_NAME + ".corrupt-" + now.toEpochMilli());
      try {
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        LOG.error(
            "relay queue {} is unreadable ({}); moved it to {} and started with an empty queue",
            file,
            e.getClass().getSimpleName(),
            aside);
      } catch (IOException moveFailed) {
        LOG.error(
            "relay queue {} is unreadable ({}) and cannot be moved aside ({}); starting with an"
                + " empty queue, the file will be overwritten",
            file,
            e.getClass().getSimpleName(),
            moveFailed.getMessage());
      }
      return List.of();
    }
  }

  /** Replaces the stored queue atomically: temp file, fsync, rename, fsync of the directory. */
  synchronized void save(List<Entry> entries) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(new Document(VERSION, entries));
    Files.createDirectories(dir);
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory; the rename is atomic all the same.
    }
  }
}
