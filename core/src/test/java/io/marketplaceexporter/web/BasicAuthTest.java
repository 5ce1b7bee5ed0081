package io.marketplaceexporter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code Authorization: Basic} checked against bcrypt hashes, and what is remembered. */
class BasicAuthTest {
  private static BasicAuth auth;

  @BeforeAll
  static void users() {
    auth =
        new BasicAuth(
            Map.of(
                "prometheus", TestPki.bcrypt("s3cret:with colon", 4),
                "grafana", TestPki.bcrypt("other", 4)));
  }

  @Nested
  class Admits {
    @Test
    void theRightPasswordSplittingAtTheFirstColon() {
      assertThat(auth.admits(TestPki.basic("prometheus", "s3cret:with colon"))).isTrue();
      assertThat(auth.admits(TestPki.basic("grafana", "other"))).isTrue();
    }

    @Test
    void theSchemeInAnyCase() {
      assertThat(auth.admits(TestPki.basic("grafana", "other").replace("Basic", "bAsIc"))).isTrue();
    }
  }

  @Nested
  class Refuses {
    @Test
    void aWrongPasswordAnUnknownUserAndAnotherUsersPassword() {
      assertThat(auth.admits(TestPki.basic("prometheus", "s3cret"))).isFalse();
      assertThat(auth.admits(TestPki.basic("nobody", "s3cret:with colon"))).isFalse();
      assertThat(auth.admits(TestPki.basic("grafana", "s3cret:with colon"))).isFalse();
    }

    @Test
    void malformedHeaders() {
      assertThat(auth.admits(null)).isFalse();
      assertThat(auth.admits("")).isFalse();
      assertThat(auth.admits("Bearer abc")).isFalse();
      assertThat(auth.admits("Basic !!!not-base64")).isFalse();
      assertThat(
              auth.admits(
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))))
          .isFalse();
    }

    @Test
    void aPasswordLongerThanBcryptsSeventyTwoBytes() {
      assertThat(auth.admits(TestPki.basic("prometheus", "s3cret:with colon" + "x".repeat(80))))
          .isFalse();
    }
  }

  @Nested
  class Remembers {
    @Test
    void aSuccessSoTheNextScrapeCostsADigestNotABcryptCheck() {
      BasicAuth a = new BasicAuth(Map.of("prometheus", TestPki.bcrypt("pw", 4)));

      assertThat(a.admits(TestPki.basic("prometheus", "pw"))).isTrue();
      assertThat(a.admits(TestPki.basic("prometheus", "pw"))).isTrue();

      assertThat(a.remembered()).isEqualTo(1);
    }

    @Test
    void neverAFailureSoWrongPasswordsAlwaysPayTheFullCheck() {
      BasicAuth a = new BasicAuth(Map.of("prometheus", TestPki.bcrypt("pw", 4)));

      a.admits(TestPki.basic("prometheus", "wrong"));
      a.admits(TestPki.basic("nobody", "pw"));

      assertThat(a.remembered()).isZero();
    }
  }
}
