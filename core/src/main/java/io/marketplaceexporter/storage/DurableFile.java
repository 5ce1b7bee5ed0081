package io.marketplaceexporter.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.json.JsonMappers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file of durable state under the storage directory. Every file starts with the same envelope,
 * {@code {"kind": "...", "format_version": N, ...}}, so that a file of another kind (or not ours at
 * all) is recognized. A save writes a temporary file next to it, forces it to disk and renames it
 * over the old one atomically, then forces the directory: after a crash the file is either the old
 * or the new one, never a mix. A file that cannot be used at start-up (unparseable, truncated, of
 * another kind, written by a newer exporter, or refused by the decoder) is logged once, moved aside
 * to {@code <name>.corrupt-<unix ms>} and counted; the caller starts without it.
 */
public final class DurableFile {
  private static final Logger LOG = LoggerFactory.getLogger(DurableFile.class);
  private static final ObjectMapper ENVELOPE = JsonMappers.lenient();

  /** Turns the bytes of a file into its content; throws for anything it cannot use. */
  @FunctionalInterface
  public interface Decoder<T> {
    /**
     * @param formatVersion the file's {@code format_version}, 0 for a file without an envelope (a
     *     format from before envelopes, or not ours)
     */
    T decode(byte[] json, int formatVersion) throws IOException;
  }

  /** The part every file shares. */
  record Envelope(
      @JsonProperty("kind") String kind, @JsonProperty("format_version") int formatVersion) {}

  private final Path dir;
  private final String name;
  private final String kind;
  private final int formatVersion;
  private final String description;
  private final String metricLabel;
  private final StorageMetrics metrics;
  private final Clock clock;

  /**
   * @param kind the envelope's {@code kind}, like {@code marketplace-exporter/state}
   * @param formatVersion the version this exporter writes; files with a higher one are set aside
   * @param description for log lines, like {@code relay queue}
   * @param metricLabel the {@code file} label of the storage metrics
   */
  public DurableFile(
      Path dir,
      String name,
      String kind,
      int formatVersion,
      String description,
      String metricLabel,
      StorageMetrics metrics,
      Clock clock) {
    this.dir = dir;
    this.name = name;
    this.kind = kind;
    this.formatVersion = formatVersion;
    this.description = description;
    this.metricLabel = metricLabel;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Makes this file's storage metrics exist, at 0, from now on. */
  public void exposeMetrics() {
    metrics.init(metricLabel);
  }

  public Path file() {
    return dir.resolve(name);
  }

  public String kind() {
    return kind;
  }

  public int formatVersion() {
    return formatVersion;
  }

  /**
   * The file's content, or null when there is none or it cannot be used (then it has been moved
   * aside, logged and counted). Never throws.
   */
  public <T> T load(Decoder<T> decoder) {
    Path file = file();
    if (!Files.exists(file)) {
      return null;
    }
    try {
      byte[] json = unzip(Files.readAllBytes(file));
      Envelope e = ENVELOPE.readValue(json, Envelope.class);
      if (e == null) {
        throw new IOException("empty");
      }
      if (e.kind() != null && !e.kind().equals(kind)) {
        throw new IOException("a file of another kind");
      }
      if (e.formatVersion() > formatVersion) {
        throw new IOException(
            "written by a newer exporter, format version "
                + e.formatVersion()
                + " > "
                + formatVersion);
      }
      T value = decoder.decode(json, e.kind() == null ? 0 : e.formatVersion());
      if (value == null) {
        throw new IOException("no content");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      moveAside(reason(e));
      return null;
    }
  }

  /** Without the exception's message, which may quote the file's content. */
  private static String reason(Exception e) {
    if (e.getClass() == IOException.class && e.getMessage() != null) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName();
  }

  private void moveAside(String reason) {
    Path file = file();
    Path aside = dir.resolve(name + ".corrupt-" + clock.millis());
    metrics.movedAside(metricLabel);
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      LOG.error(
          "{} {} is unreadable ({}); moved it to {} and started without it",
          description,
          file,
          reason,
          aside);
    } catch (IOException moveFailed) {
      LOG.error(
          "{} {} is unreadable ({}) and cannot be moved aside ({}); started without it, the file"
              + " will be overwritten",
          description,
          file,
          reason,
          moveFailed.getMessage());
    }
  }

  private static byte[] unzip(byte[] bytes) throws IOException {
    if (bytes.length < 2 || bytes[0] != (byte) 0x1f || bytes[1] != (byte) 0x8b) {
      return bytes;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
      return in.readAllBytes();
    }
  }

  /**
   * Replaces the file atomically with {@code bytes}; records the write (or its failure) in the
   * storage metrics. On failure the old file is untouched.
   */
  public void save(byte[] bytes) throws IOException {
    save(bytes, clock.millis(), System.nanoTime());
  }

  /**
   * As {@link #save(byte[])}, for content taken at {@code takenAtMillis} (what the last-write
   * timestamp reports: everything before it is on disk) whose encoding began at {@code
   * startedNanos} ({@link System#nanoTime()}, for the duration).
   */
  public void save(byte[] bytes, long takenAtMillis, long startedNanos) throws IOException {
    try {
      write(bytes);
    } catch (IOException | RuntimeException e) {
      metrics.writeFailed(metricLabel);
      throw e;
    }
    metrics.written(
        metricLabel,
        takenAtMillis / 1000.0,
        (System.nanoTime() - startedNanos) / 1e9,
        bytes.length);
  }

  private synchronized void write(byte[] bytes) throws IOException {
    AtomicFiles.replace(file(), bytes, false);
  }
}
