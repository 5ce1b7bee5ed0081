package io.marketplaceexporter.sources.generic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.SourceConfig;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.json.JsonMappers;
import io.marketplaceexporter.state.IngestStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One compiled mapping: a {@code for_each} JSONPath selecting items, and for each item an ingest
 * event whose fields are constants or JSONPaths evaluated on the item. A path that finds nothing
 * leaves its field out, so the ingest validation says which required field is missing.
 */
final class EventMapping {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final Configuration JSONPATH =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
          .mappingProvider(new JacksonMappingProvider(MAPPER))
          .build();

  private static final List<String> TYPES =
      Arrays.stream(IngestStats.TYPES).filter(t -> IngestService.eventFields(t) != null).toList();

  private final JsonPath forEach;
  private final Map<String, JsonPath> paths = new LinkedHashMap<>();
  private final Map<String, JsonNode> constants = new LinkedHashMap<>();

  /** Compiles a mapping; {@code key} is its full config key, for errors. */
  EventMapping(SourceConfig.Mapping m, String key) {
    checkFields(m, key + ".event");
    this.forEach = compile(m.forEach(), key + ".for_each");
    m.event()
        .forEach(
            (field, value) -> {
              if (value != null && value.isTextual() && value.textValue().startsWith("$$")) {
                constants.put(
                    field, MAPPER.getNodeFactory().textNode(value.textValue().substring(1)));
              } else if (value != null && value.isTextual() && value.textValue().startsWith("$")) {
                paths.put(field, compile(value.textValue(), key + ".event." + field));
              } else {
                constants.put(field, value);
              }
            });
  }

  /**
   * Fails naming the field when a constant {@code type} is not an event type, or a field is not one
   * of that type's (or, when the type is a JSONPath, of any type's).
   */
  private static void checkFields(SourceConfig.Mapping m, String key) {
    JsonNode type = m.event().get("type");
    Set<String> known;
    if (type != null && type.isTextual() && !type.textValue().startsWith("$")) {
      known = IngestService.eventFields(type.textValue());
      if (known == null) {
        throw new ConfigException(
            key
                + ".type: \""
                + type.textValue()
                + "\" is not an event type; known: "
                + String.join(", ", TYPES));
      }
    } else {
      known = new TreeSet<>();
      for (String t : TYPES) {
        known.addAll(IngestService.eventFields(t));
      }
    }
    for (String field : m.event().keySet()) {
      if (!known.contains(field)) {
        throw new ConfigException(
            key
                + "."
                + field
                + ": unknown field"
                + (known instanceof TreeSet ? "" : " for type " + type.textValue())
                + "; known: "
                + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  private static JsonPath compile(String path, String key) {
    try {
      return JsonPath.compile(path);
    } catch (InvalidPathException | IllegalArgumentException e) {
      throw new ConfigException(key + ": not a valid JSONPath: " + e.getMessage());
    }
  }

  /** The events this mapping makes of one answer. */
  List<JsonNode> events(JsonNode document) {
    List<JsonNode> items = new ArrayList<>();
    JsonNode selected = read(forEach, document);
    if (selected == null || selected.isNull()) {
      return List.of();
    }
    if (selected.isArray()) {
      selected.forEach(items::add); // $.list[*] and $.list alike: one event per element
    } else {
      items.add(selected);
    }
    List<JsonNode> out = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      ObjectNode event = MAPPER.createObjectNode();
      constants.forEach(event::set);
      paths.forEach(
          (field, path) -> {
            JsonNode v = read(path, item);
            if (v != null && !v.isMissingNode() && !v.isNull()) {
              event.set(field, unwrap(v, path));
            }
          });
      out.add(event);
    }
    return out;
  }

  /** A definite path gives its value; an indefinite one a list, of which one element is used. */
  private static JsonNode unwrap(JsonNode v, JsonPath path) {
    if (!path.isDefinite() && v instanceof ArrayNode a) {
      return a.isEmpty() ? null : a.get(0);
    }
    return v;
  }

  private static JsonNode read(JsonPath path, JsonNode node) {
    try {
      Object v = path.read(node, JSONPATH);
      return v instanceof JsonNode n ? n : v == null ? null : MAPPER.valueToTree(v);
    } catch (PathNotFoundException e) {
      return null;
    }
  }
}
