package io.marketplaceexporter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads the configuration's YAML into a JSON tree, strictly, before it is bound to the config
 * records. What YAML allows but a configuration must not contain is an error naming the key: a
 * duplicate key (a later {@code auth: {}} would otherwise silently replace the first), an anchor or
 * alias (the YAML reader used before turned {@code *tok} into the text {@code tok}), an explicit
 * tag other than {@code !!str}, a second document, and a list item or key without a value.
 *
 * <p>Scalars follow the YAML 1.2 core schema, so that {@code site: NO} stays a text: an unquoted
 * {@code null}, {@code ~} or nothing is absent (the key's default applies), {@code true}/{@code
 * false} are booleans, decimal numbers are numbers; everything else, and everything quoted, is
 * text.
 */
final class YamlTree {
  /** How deeply sections may nest; the deepest the configuration has is seven. */
  static final int MAX_DEPTH = 32;

  private static final Pattern INT = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?((\\.[0-9]+|[0-9]+\\.[0-9]*)([eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Parser parser;
  private final boolean keepEmptyValues;

  private YamlTree(String text, LoaderOptions options, boolean keepEmptyValues) {
    this.parser = new ParserImpl(new CodePointReader(text), options);
    this.keepEmptyValues = keepEmptyValues;
  }

  /** The document's tree, or null when it holds nothing. */
  static JsonNode read(String text, LoaderOptions options) {
    return read(text, options, false);
  }

  /**
   * As {@link #read(String, LoaderOptions)}; with {@code keepEmptyValues}, a key without a value is
   * kept as a JSON null for the records to judge (a user without a password hash is an error, not a
   * user left out).
   */
  static JsonNode read(String text, LoaderOptions options, boolean keepEmptyValues) {
    try {
      return new YamlTree(text, options, keepEmptyValues).document();
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new ConfigException("not valid YAML" + at(m) + ": " + e.getProblem(), e);
    } catch (ReaderException e) {
      throw new ConfigException(
          "not valid YAML at character "
              + (e.getPosition() + 1)
              + ": "
              + String.format("special character U+%04X is not allowed", e.getCodePoint()),
          e);
    } catch (YAMLException e) {
      throw new ConfigException("not valid YAML: " + e.getMessage(), e);
    }
  }

  private JsonNode document() {
    parser.getEvent(); // stream start
    if (parser.checkEvent(Event.ID.StreamEnd)) {
      return null;
    }
    parser.getEvent(); // document start
    JsonNode root = node("", 0);
    parser.getEvent(); // document end
    Event next = parser.getEvent();
    if (!(next instanceof StreamEndEvent)) {
      String where = next instanceof DocumentStartEvent ? at(next.getStartMark()) : "";
      throw new ConfigException(
          "the file holds a second YAML document"
              + where
              + "; a configuration is one document (remove the second ---)");
    }
    return root;
  }

  private JsonNode node(String path, int depth) {
    Event e = parser.getEvent();
    String key = path.isEmpty() ? "the document" : path;
    if (e instanceof AliasEvent a) {
      throw new ConfigException(
          key + ": YAML aliases (*" + a.getAnchor() + ") are not supported; write the value out");
    }
    NodeEvent n = (NodeEvent) e;
    if (n.getAnchor() != null) {
      throw new ConfigException(
          key + ": YAML anchors (&" + n.getAnchor() + ") are not supported; write the value out");
    }
    if (depth > MAX_DEPTH) {
      throw new ConfigException(key + ": nested more than " + MAX_DEPTH + " levels deep");
    }
    if (e instanceof ScalarEvent s) {
      requireNoTag(s.getTag(), key);
      return s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN && s.getTag() == null
          ? plain(s.getValue())
          : NODES.textNode(s.getValue());
    }
    requireNoTag(((CollectionStartEvent) e).getTag(), key);
    if (e instanceof SequenceStartEvent) {
      ArrayNode list = NODES.arrayNode();
      while (!parser.checkEvent(Event.ID.SequenceEnd)) {
        String item = path + "[" + list.size() + "]";
        JsonNode value = node(item, depth + 1);
        if (value == null) {
          throw new ConfigException(item + ": a list item without a value");
        }
        list.add(value);
      }
      parser.getEvent();
      return list;
    }
    ObjectNode map = NODES.objectNode();
    Map<String, Integer> lines = new HashMap<>();
    while (!parser.checkEvent(Event.ID.MappingEnd)) {
      Event k = parser.peekEvent();
      if (!(k instanceof ScalarEvent ks) || ks.getAnchor() != null || ks.getTag() != null) {
        String where = path.isEmpty() ? "" : path + ": ";
        throw new ConfigException(
            where
                + "a mapping key must be plain text (no anchor, alias or tag)"
                + at(k.getStartMark()));
      }
      parser.getEvent();
      String name = ks.getValue();
      String child = path.isEmpty() ? name : path + "." + name;
      int line = ks.getStartMark() == null ? 0 : ks.getStartMark().getLine() + 1;
      Integer first = lines.putIfAbsent(name, line);
      if (first != null) {
        throw new ConfigException(
            child + ": duplicate key (lines " + first + " and " + line + "); keep one");
      }
      JsonNode value = node(child, depth + 1);
      if (value != null) {
        map.set(name, value);
      } else if (keepEmptyValues) {
        map.set(name, NODES.nullNode());
      }
    }
    parser.getEvent();
    return map;
  }

  private static void requireNoTag(String tag, String key) {
    if (tag != null && !tag.equals("tag:yaml.org,2002:str") && !tag.equals("!")) {
      throw new ConfigException(key + ": YAML tags (" + tag + ") are not supported");
    }
  }

  /** An unquoted scalar, by the YAML 1.2 core schema; null for an empty value. */
  private static JsonNode plain(String v) {
    switch (v) {
      case "", "~", "null", "Null", "NULL" -> {
        return null;
      }
      case "true", "True", "TRUE" -> {
        return NODES.booleanNode(true);
      }
      case "false", "False", "FALSE" -> {
        return NODES.booleanNode(false);
      }
      default -> {
        // Only short values can be numbers: a long line is not matched character by character.
        if (v.length() <= 40 && INT.matcher(v).matches()) {
          BigInteger b = new BigInteger(v);
          return b.bitLength() < 32
              ? NODES.numberNode(b.intValue())
              : b.bitLength() < 64 ? NODES.numberNode(b.longValue()) : NODES.numberNode(b);
        }
        if (v.length() <= 40 && FLOAT.matcher(v).matches()) {
          return NODES.numberNode(Double.parseDouble(v));
        }
        return NODES.textNode(v);
      }
    }
  }

  private static String at(Mark m) {
    return m == null ? "" : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
  }
}
