package io.marketplaceexporter.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages of a listing search built from an official sample answer (issue 19): the sample's listing
 * repeated once per wanted status, everything else as the document prints it, so that the tests
 * vary only the statuses, totals and cursors.
 */
public final class OfficialPages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OfficialPages() {}

  /**
   * The official answer {@code fixture} whose array at the JSON pointer {@code list} holds one copy
   * of its first element per entry of {@code statuses}, each with {@code field} set to it; {@link
   * #at} gives the object to set totals and cursors on.
   */
  public static ObjectNode page(String fixture, String list, String field, List<String> statuses) {
    try {
      ObjectNode body = (ObjectNode) JSON.readTree(SourcesTestSupport.fixture(fixture));
      ArrayNode items = (ArrayNode) body.at(list);
      JsonNode sample = items.get(0);
      items.removeAll();
      for (String s : statuses) {
        ((ObjectNode) items.addObject().setAll((ObjectNode) sample.deepCopy())).put(field, s);
      }
      return body;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(fixture, e);
    }
  }

  /** The object at the JSON pointer {@code pointer} of {@code body}. */
  public static ObjectNode at(ObjectNode body, String pointer) {
    return (ObjectNode) body.at(pointer);
  }

  /** Statuses as pairs of status and how many: {@code times("NORMAL", 90, "UNLIST", 10)}. */
  public static List<String> times(Object... statusAndCount) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < statusAndCount.length; i += 2) {
      for (int n = 0; n < (Integer) statusAndCount[i + 1]; n++) {
        out.add((String) statusAndCount[i]);
      }
    }
    return out;
  }

  /**
   * {@code yaml} with {@code lines} added after the line that starts with {@code key}, as indented.
   */
  public static String withOptions(String yaml, String key, String... lines) {
    StringBuilder out = new StringBuilder();
    for (String line : yaml.split("\n", -1)) {
      out.append(line).append('\n');
      if (line.strip().startsWith(key)) {
        String indent = line.substring(0, line.indexOf(key));
        for (String l : lines) {
          out.append(indent).append(l).append('\n');
        }
      }
    }
    return out.substring(0, out.length() - 1);
  }
}
