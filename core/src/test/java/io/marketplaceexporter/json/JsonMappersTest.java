package io.marketplaceexporter.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.marketplaceexporter.support.SourceScan;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each variant keeps the settings of the mappers it replaced. */
class JsonMappersTest {
  record Named(@JsonProperty("name") String name) {}

  @Nested
  class Standard {
    private final ObjectMapper json = JsonMappers.standard();

    @Test
    void refusesAnUnknownFieldWhenBindingAndTakesTheLastOfDuplicateKeys() throws Exception {
      assertThatThrownBy(() -> json.readValue("{\"name\":\"a\",\"x\":1}", Named.class))
          .isInstanceOf(UnrecognizedPropertyException.class);
      assertThat(json.readTree("{\"a\":1,\"a\":2}").get("a").asInt()).isEqualTo(2);
    }

    @Test
    void everyCallIsANewMapperSoOneCallersSettingsStayItsOwn() {
      assertThat(JsonMappers.standard()).isNotSameAs(JsonMappers.standard());
    }
  }

  @Nested
  class Lenient {
    @Test
    void ignoresFieldsThisVersionDoesNotKnow() throws Exception {
      assertThat(JsonMappers.lenient().readValue("{\"name\":\"a\",\"added\":1}", Named.class))
          .isEqualTo(new Named("a"));
    }
  }

  @Nested
  class Strict {
    private final ObjectMapper json = JsonMappers.strict();

    @Test
    void refusesDuplicateKeysTrailingDataDeepNestingAndLongNumbers() {
      for (String input :
          new String[] {
            "{\"a\":1,\"a\":2}",
            "{} {}",
            "[".repeat(JsonMappers.STRICT_MAX_NESTING + 1)
                + "]".repeat(JsonMappers.STRICT_MAX_NESTING + 1),
            "[" + "1".repeat(JsonMappers.STRICT_MAX_NUMBER + 1) + "]"
          }) {
        assertThatThrownBy(() -> json.readTree(input))
            .as(input)
            .isInstanceOf(JsonProcessingException.class);
      }
    }

    @Test
    void readsAWellFormedBody() throws Exception {
      assertThat(json.readTree("{\"a\":[1,2.5,\"x\"]}").get("a").size()).isEqualTo(3);
    }
  }

  @Nested
  class Untrusted {
    @Test
    void saysWhereABodyIsMalformed() {
      assertThatThrownBy(() -> UntrustedJson.parse(bytes("{\"version\": \"4\",")))
          .isInstanceOf(UntrustedJson.MalformedJsonException.class)
          .hasMessage(
              "malformed JSON at line 1, column 17: Unexpected end-of-input within/between Object"
                  + " entries");
    }

    @Test
    void anEmptyOrBlankBodyIsMalformed() {
      assertThatThrownBy(() -> UntrustedJson.parse(new byte[0]))
          .hasMessage("request body is empty: send a JSON object or an array of objects");
      assertThatThrownBy(() -> UntrustedJson.parse(bytes("  \n")))
          .hasMessage("request body is empty: send a JSON object or an array");
    }
  }

  @Nested
  class OnlyTheFactoryMakesMappers {
    private static final Pattern CONSTRUCTION =
        Pattern.compile(
            "\\bnew\\s+(?:ObjectMapper|JsonMapper)\\s*\\(|\\bJsonMapper\\s*\\.\\s*builder\\s*\\(");

    @Test
    void noMainSourceOutsideTheJsonPackageBuildsAMapper() throws Exception {
      assertThat(SourceScan.mainSources().resolve("json/JsonMappers.java")).isRegularFile();
      assertThat(SourceScan.findInAllModules(CONSTRUCTION))
          .allMatch(hit -> hit.startsWith("json/"), "in the json package");
    }

    @Test
    void theScanFindsEachWayOfBuildingOne() {
      assertThat(
              SourceScan.find(
                  "A a = new ObjectMapper();\nB b = new ObjectMapper(\n  f);\n"
                      + "C c = JsonMapper.builder().build();\n// new ObjectMapper()\n",
                  CONSTRUCTION))
          .containsExactly("1: newObjectMapper(", "2: newObjectMapper(", "4: JsonMapper.builder(");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
