package io.marketplaceexporter.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.marketplaceexporter.json.JsonMappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads the YAML configuration file into {@link ExporterConfig}. Every error is a {@link
 * ConfigException} whose message names the key, like {@code limits.shop_ttl: must be ...}.
 */
public final class ConfigLoader {
  /**
   * SnakeYAML refuses documents over 3 MB by default; a configuration with 10,000 sources is about
   * 4 MB (bench/README.md, polling), so the limit is raised to 64 MiB.
   */
  static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  /**
   * Binds the tree {@link YamlTree} read; unknown keys, nulls for numbers and fractions for whole
   * numbers are errors, and so is a number or boolean written as text where one is expected.
   */
  private static final ObjectMapper BINDER = binder();

  private ConfigLoader() {}

  private static ObjectMapper binder() {
    ObjectMapper m =
        JsonMappers.builder()
            // A record's List or Map accessor (bearerTokens()) is not a key of its own.
            .disable(MapperFeature.USE_GETTERS_AS_SETTERS)
            .build()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    return m;
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(MAX_CODE_POINTS);
    return o;
  }

  public static ExporterConfig load(Path file) {
    return parse(read(file));
  }

  /** A configuration file's text; a missing or unreadable file is an error naming it. */
  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * Parses a configuration: YAML read strictly by {@link YamlTree} (duplicate keys, anchors,
   * aliases and a second document are errors), then bound to the records, whose constructors
   * validate each value.
   */
  public static ExporterConfig parse(String yaml) {
    ExporterConfig config = bind(yaml, ExporterConfig.class, "web:, auth:, sources:, ...", false);
    return config == null ? ExporterConfig.defaults() : config;
  }

  /**
   * Reads {@code yaml} as strictly as the configuration and binds it to {@code type}, whose records
   * validate their values (the web configuration file is read this way); null when the document is
   * empty. A key without a value reaches the records as null, rather than being left out. {@code
   * sections} names the top-level keys for the error about a document that is not a mapping.
   */
  public static <T> T bind(String yaml, Class<T> type, String sections) {
    return bind(yaml, type, sections, true);
  }

  private static <T> T bind(String yaml, Class<T> type, String sections, boolean keepEmpty) {
    JsonNode tree = YamlTree.read(yaml, loaderOptions(), keepEmpty);
    if (tree == null) {
      return null;
    }
    if (!tree.isObject()) {
      throw new ConfigException("the document must be a mapping of sections (" + sections + ")");
    }
    try {
      return BINDER.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      throw new ConfigException(describe(e), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(e.getOriginalMessage(), e);
    }
  }

  /** Parses an optional duration field; {@code key} is relative to the enclosing section. */
  static Duration duration(String text, String fallback, String key) {
    try {
      return Durations.parse(text == null ? fallback : text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": " + e.getMessage());
    }
  }

  private static String describe(JsonMappingException e) {
    String path = path(e);
    if (e instanceof ValueInstantiationException && e.getCause() instanceof ConfigException c) {
      return (path.isEmpty() ? "" : path + ".") + c.getMessage();
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return path + ": unknown key; known: " + known(u);
    }
    if (e instanceof InvalidFormatException f) {
      return path + ": cannot use " + describeValue(f.getValue()) + " here, " + expected(f);
    }
    if (e instanceof MismatchedInputException m) {
      return path + ": wrong type, " + expected(m);
    }
    return path + ": " + e.getOriginalMessage();
  }

  private static String known(UnrecognizedPropertyException u) {
    List<String> names = new ArrayList<>();
    for (Object id : u.getKnownPropertyIds()) {
      names.add(String.valueOf(id));
    }
    Collections.sort(names);
    return String.join(", ", names);
  }

  private static String expected(MismatchedInputException m) {
    Class<?> t = m.getTargetType();
    if (t == null) {
      return "see docs/configuration.md";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "expected true or false";
    }
    if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
      return "expected a whole number";
    }
    if (Number.class.isAssignableFrom(t) || t.isPrimitive()) {
      return "expected a number";
    }
    if (t == String.class) {
      return "expected a string";
    }
    if (List.class.isAssignableFrom(t)) {
      return "expected a list";
    }
    return "expected a mapping";
  }

  private static String describeValue(Object v) {
    return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      } else if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      }
    }
    return sb.toString();
  }
}
