package io.marketplaceexporter.operations.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.json.JsonMappers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON-lines file under {@code --storage.path}, appended one forced line at a time (the audit
 * log, the used nonces). Reading skips a line that does not parse (a crash mid-write leaves at most
 * the last one torn).
 */
final class JsonLines {
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  private JsonLines() {}

  static synchronized void append(Path file, Map<String, Object> record) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] line = (MAPPER.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
    try (var ch =
        java.nio.channels.FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(MAPPER.readTree(line));
      } catch (IOException e) {
        // a torn last line: skipped
      }
    }
    return out;
  }
}
