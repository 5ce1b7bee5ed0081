package io.marketplaceexporter.operations.actions;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.storage.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The nonces of approval links already used, kept in {@code approval-nonces.jsonl} under {@code
 * --storage.path} so that a restart cannot make a used link valid again. A nonce is kept until its
 * link has expired (then the link is refused as expired anyway); expired entries are dropped when
 * the file is read at start-up.
 */
public final class UsedNonces {
  static final String FILE = "approval-nonces.jsonl";

  /** Who used a link, and when. */
  public record Use(String by, Instant at) {}

  private final Path file;
  private final Map<String, Use> used = new HashMap<>();

  public UsedNonces(Path storagePath, Instant now) {
    this.file = storagePath.resolve(FILE);
    StringBuilder kept = new StringBuilder();
    try {
      for (JsonNode n : JsonLines.read(file)) {
        if (n.path("expires").asLong(0) < now.getEpochSecond() || !n.hasNonNull("nonce")) {
          continue;
        }
        used.put(
            n.get("nonce").asText(),
            new Use(n.path("by").asText(""), Instant.ofEpochSecond(n.path("at").asLong(0))));
        kept.append(n).append('\n');
      }
      AtomicFiles.replace(file, kept.toString().getBytes(StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /** How {@code nonce} was used, if it was. */
  public synchronized Optional<Use> use(String nonce) {
    return Optional.ofNullable(used.get(nonce));
  }

  /**
   * Marks {@code nonce} used by {@code by} at {@code at}, on disk before it returns; empty when it
   * was unused (the caller may go on), else how it was used before (the caller must not).
   */
  public synchronized Optional<Use> markUsed(String nonce, String by, Instant at, Instant expires)
      throws IOException {
    Use before = used.get(nonce);
    if (before != null) {
      return Optional.of(before);
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("nonce", nonce);
    line.put("by", by);
    line.put("at", at.getEpochSecond());
    line.put("expires", expires.getEpochSecond());
    JsonLines.append(file, line);
    used.put(nonce, new Use(by, at));
    return Optional.empty();
  }
}
