package io.marketplaceexporter.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

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

  private static final ObjectMapper YAML =
      new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  private ConfigLoader() {}

  private static LoaderOptions loaderOptions() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(MAX_CODE_POINTS);
    return o;
  }

  public static ExporterConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(text);
  }

  public static ExporterConfig parse(String yaml) {
    if (yaml.isBlank()) {
      return ExporterConfig.defaults();
    }
    try {
      ExporterConfig config = YAML.readValue(yaml, ExporterConfig.class);
      return config == null ? ExporterConfig.defaults() : config;
    } catch (JsonMappingException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
          throw new ConfigException(
              "not valid YAML at line "
                  + (m.getProblemMark().getLine() + 1)
                  + ", column "
                  + (m.getProblemMark().getColumn() + 1)
                  + ": "
                  + m.getProblem(),
              e);
        }
      }
      throw new ConfigException(describe(e), e);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ConfigException("not valid YAML" + where + ": " + e.getOriginalMessage(), e);
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
      return path + ": unknown key (known keys: " + u.getKnownPropertyIds() + ")";
    }
    if (e instanceof InvalidFormatException f) {
      return path + ": cannot use " + describeValue(f.getValue()) + " here, " + expected(f);
    }
    if (e instanceof MismatchedInputException m) {
      return path + ": wrong type, " + expected(m);
    }
    return path + ": " + e.getOriginalMessage();
  }

  private static String expected(MismatchedInputException m) {
    Class<?> t = m.getTargetType();
    if (t == null) {
      return "see docs/configuration.md";
    }
    if (Number.class.isAssignableFrom(t) || t.isPrimitive()) {
      return "expected a number";
    }
    if (t == String.class) {
      return "expected a string";
    }
    if (java.util.List.class.isAssignableFrom(t)) {
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
