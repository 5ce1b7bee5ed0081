package io.marketplaceexporter.operations.drill;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.json.JsonMappers;
import io.marketplaceexporter.storage.DurableFile;
import io.marketplaceexporter.storage.StorageMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last {@value #KEEP} finished drill reports, in {@code drills.json} under {@code
 * --storage.path}, so that {@code GET /api/v1/drills/{id}} answers after a restart. A file that
 * cannot be read is moved aside (as every durable file); a failed write is logged and the reports
 * stay in memory.
 */
final class DrillStore {
  private static final Logger LOG = LoggerFactory.getLogger(DrillStore.class);
  static final int KEEP = 50;
  static final String FILE = "drills.json";
  private static final ObjectMapper JSON = JsonMappers.lenient();

  private final DurableFile file;

  record Content(
      @JsonProperty("kind") String kind,
      @JsonProperty("format_version") int formatVersion,
      @JsonProperty("reports") List<DrillReport> reports) {}

  DrillStore(Path dir, StorageMetrics metrics, Clock clock) {
    this.file =
        new DurableFile(
            dir,
            FILE,
            new DurableFile.Format("marketplace-exporter/drills", 1, "drill reports", "drills"),
            metrics,
            clock);
  }

  /** The reports kept, oldest first; empty when there are none. */
  List<DrillReport> load() {
    Content c = file.load((json, version) -> JSON.readValue(json, Content.class));
    return c == null || c.reports() == null ? List.of() : List.copyOf(c.reports());
  }

  /** Keeps the newest {@value #KEEP} of {@code reports} (oldest first); never throws. */
  void save(List<DrillReport> reports) {
    List<DrillReport> kept =
        new ArrayList<>(reports.subList(Math.max(0, reports.size() - KEEP), reports.size()));
    try {
      file.save(JSON.writeValueAsBytes(new Content(file.kind(), file.formatVersion(), kept)));
    } catch (JsonProcessingException e) {
      LOG.error("cannot encode the drill reports", e);
    } catch (IOException e) {
      LOG.warn("cannot write {}: {}; the reports stay in memory", file.file(), e.toString());
    }
  }
}
