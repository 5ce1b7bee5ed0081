package io.marketplaceexporter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.marketplaceexporter.model.Vocabulary.Labelled;
import io.marketplaceexporter.model.Vocabulary.Marketplace;
import io.marketplaceexporter.model.Vocabulary.Outcome;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Labels are made once per constant and parsed with one lookup (ingest does both per event). */
class VocabularyTest {
  @Nested
  class Labels {
    @Test
    void aLabelIsTheNameInLowerCaseUnlessTheConstantSaysOtherwise() {
      assertThat(TokenKind.CLIENT_SECRET.label()).isEqualTo("client_secret");
      assertThat(ApiCode.C2XX.label()).isEqualTo("2xx");
    }

    @Test
    void everyLabelOfAConstantIsTheSameStringMadeOnce() {
      for (Marketplace m : Marketplace.values()) {
        assertThat(m.label()).isEqualTo(m.name().toLowerCase(Locale.ROOT)).isSameAs(m.label());
      }
    }

    @Test
    void aLabelledThatIsNotAnEnumStillGetsItsNameInLowerCase() {
      Labelled custom = () -> "CUSTOM_NAME";

      assertThat(custom.label()).isEqualTo("custom_name");
    }
  }

  @Nested
  class Parse {
    @Test
    void everyLabelParsesToItsConstant() {
      for (Class<? extends Enum<?>> type :
          java.util.List.<Class<? extends Enum<?>>>of(Marketplace.class, ApiCode.class)) {
        Arrays.stream(type.getEnumConstants())
            .forEach(c -> assertThat(parse(type, ((Labelled) c).label())).isSameAs(c));
      }
    }

    @Test
    void anOverriddenLabelParsesAndTheNameDoesNot() {
      assertThat(Vocabulary.parse(ApiCode.class, "2xx")).contains(ApiCode.C2XX);
      assertThat(Vocabulary.parse(ApiCode.class, "c2xx")).isEmpty();
    }

    @Test
    void parsingIsCaseSensitiveAndNullOrUnknownIsEmpty() {
      assertThat(Vocabulary.parse(Outcome.class, "success")).contains(Outcome.SUCCESS);
      assertThat(Vocabulary.parse(Outcome.class, "SUCCESS")).isEmpty();
      assertThat(Vocabulary.parse(Outcome.class, null)).isEmpty();
      assertThat(Vocabulary.parse(Outcome.class, "")).isEmpty();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object parse(Class<? extends Enum<?>> type, String label) {
      return Vocabulary.parse((Class) type, label).orElse(null);
    }
  }
}
