package io.marketplaceexporter.packtests;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Validates Kubernetes objects the way the API server would before accepting them, with strict
 * field validation ({@code kubectl apply}'s default): an unknown field, a missing required field or
 * a value of the wrong type is a problem.
 *
 * <p>Built-in kinds use the models of the Kubernetes Java client ({@code io.kubernetes:
 * client-java-api}), generated from the Kubernetes OpenAPI specification: their {@code
 * validateJsonElement} rejects fields the specification does not define and missing required fields
 * at every level; binding to the typed model then rejects values of the wrong type. The
 * prometheus-operator kinds use fabric8's model of the monitoring.coreos.com/v1 API (the Go types
 * the CRD schemas are generated from), bound with Jackson with unknown properties and scalar
 * coercion turned into errors.
 */
final class KubernetesSchemas {

  private KubernetesSchemas() {}

  /** What this validator knows, by {@code apiVersion/kind}. */
  static final Map<String, Consumer<String>> KINDS =
      Map.of(
          "apps/v1/StatefulSet",
          json -> builtIn(json, V1StatefulSet.class, V1StatefulSet::validateJsonElement),
          "v1/Service",
          json -> builtIn(json, V1Service.class, V1Service::validateJsonElement),
          "v1/ConfigMap",
          json -> builtIn(json, V1ConfigMap.class, V1ConfigMap::validateJsonElement),
          "monitoring.coreos.com/v1/ServiceMonitor",
          json -> custom(json, ServiceMonitor.class),
          "monitoring.coreos.com/v1/PrometheusRule",
          json -> custom(json, PrometheusRule.class));

  /** The object's problem, or empty when it is valid. */
  static Optional<String> problem(JsonNode object) {
    String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    Consumer<String> validator = KINDS.get(type);
    if (validator == null) {
      return Optional.of("no schema for " + type + " (known: " + KINDS.keySet() + ")");
    }
    try {
      validator.accept(object.toString());
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(type + ": " + e.getMessage());
    }
  }

  // --- built-in kinds: Kubernetes Java client ------------------------------------------------

  /** The generated models' own date-time adapter lives in the client's HTTP layer. */
  private static final Gson GSON =
      new GsonBuilder()
          .registerTypeAdapter(
              OffsetDateTime.class,
              new TypeAdapter<OffsetDateTime>() {
                @Override
                public void write(JsonWriter out, OffsetDateTime value) throws IOException {
                  out.value(value.toString());
                }

                @Override
                public OffsetDateTime read(JsonReader in) throws IOException {
                  return OffsetDateTime.parse(in.nextString());
                }
              })
          .create();

  /** Validation of a generated model: throws IOException or IllegalArgumentException. */
  @FunctionalInterface
  private interface StructureCheck {
    void validate(JsonElement json) throws IOException;
  }

  private static void builtIn(String json, Class<?> model, StructureCheck structure) {
    // Types first: binding names the JSON path of a value of the wrong type, where the
    // structure check would only fail to cast it.
    GSON.fromJson(json, model);
    try {
      structure.validate(JsonParser.parseString(json));
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  // --- prometheus-operator kinds: fabric8 model ------------------------------------------------

  private static final ObjectMapper STRICT = strictMapper();

  private static ObjectMapper strictMapper() {
    SimpleModule noCatchAll = new SimpleModule("no-additional-properties");
    noCatchAll.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public BeanDeserializerBuilder updateBuilder(
              DeserializationConfig config,
              BeanDescription description,
              BeanDeserializerBuilder builder) {
            // fabric8 keeps unknown fields in an "additionalProperties" map; the API server's
            // structural schema has no such catch-all, so an unknown field must fail here.
            builder.setAnySetter(null);
            builder.setIgnoreUnknownProperties(false);
            return builder;
          }
        });
    ObjectMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(noCatchAll)
            .build();
    for (CoercionInputShape scalar :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
    }
    return mapper;
  }

  private static void custom(String json, Class<?> model) {
    try {
      STRICT.readValue(json, model);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
