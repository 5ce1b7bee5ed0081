package io.marketplaceexporter.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Every JSON mapper of the exporter starts here. Each call returns a new mapper, so a caller that
 * adds its own settings (the configuration binder, the state file's field names) changes only its
 * own copy; keep the result in a constant, mappers are thread-safe once configured.
 *
 * <ul>
 *   <li>{@link #standard()}: Jackson's defaults, for JSON we build ourselves and for answers of the
 *       marketplace APIs and robots, read as trees and never trusted beyond that.
 *   <li>{@link #strict()}: bodies anyone can send us (the ingest API, Alertmanager's webhook):
 *       tight size limits, duplicate keys and trailing data refused.
 *   <li>{@link #lenient()}: our own files read back (the state snapshot, the relay queue): fields
 *       this version does not know are ignored, so a newer exporter can add fields without a new
 *       format version.
 * </ul>
 */
public final class JsonMappers {
  /** Nesting depth of an untrusted body; events and Alertmanager payloads need 4 or 5 levels. */
  static final int STRICT_MAX_NESTING = 32;

  /** Longest string in an untrusted body, 1 MiB. */
  static final int STRICT_MAX_STRING = 1 << 20;

  /** Longest number in an untrusted body, in characters. */
  static final int STRICT_MAX_NUMBER = 64;

  private JsonMappers() {}

  /**
   * The builder every variant starts from, with Jackson's defaults; for a mapper with settings of
   * its own (the configuration binder, the robots' message writer).
   */
  public static JsonMapper.Builder builder() {
    return JsonMapper.builder();
  }

  /** Jackson's defaults: for trees we build, our answers, and answers we read as trees. */
  public static ObjectMapper standard() {
    return builder().build();
  }

  /**
   * For input from outside: at most {@value #STRICT_MAX_NESTING} levels deep, strings up to 1 MiB,
   * numbers up to {@value #STRICT_MAX_NUMBER} characters; a duplicate key or anything after the
   * first value is an error.
   */
  public static ObjectMapper strict() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(STRICT_MAX_NESTING)
                    .maxStringLength(STRICT_MAX_STRING)
                    .maxNumberLength(STRICT_MAX_NUMBER)
                    .build())
            .build();
    return JsonMapper.builder(factory)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /**
   * For our own files read back: unknown fields are ignored, everything else as {@link #standard}.
   */
  public static ObjectMapper lenient() {
    return builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }
}
