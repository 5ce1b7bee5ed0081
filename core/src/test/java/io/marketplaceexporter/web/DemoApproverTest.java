package io.marketplaceexporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Demo mode's approval-page-only user ({@link WebSecurity#withDemoApprover}). */
class DemoApproverTest {
  private static WebSecurity withUsers() {
    return WebSecurity.of(
        WebConfigFile.parse("basic_auth_users:\n  alice: " + TestPki.bcrypt("pw", 4) + "\n"),
        Path.of("."));
  }

  @Nested
  class WhenAdded {
    @Test
    void signsInWithExactlyItsPasswordAndKeepsTheFileUsers() {
      WebSecurity web = withUsers().withDemoApprover("demo", "s3cret-demo");

      assertThat(web.verifyPassword("demo", "s3cret-demo")).isTrue();
      assertThat(web.verifyPassword("demo", "s3cret-dem")).isFalse();
      assertThat(web.verifyPassword("demo", null)).isFalse();
      assertThat(web.verifyPassword("alice", "pw")).isTrue();
      assertThat(web.verifyPassword("alice", "s3cret-demo")).isFalse();
      assertThat(web.users()).containsExactly("alice", "demo");
    }

    @Test
    void withoutAWebConfigurationItIsTheOnlyUserAndBasicAuthStaysOff() {
      WebSecurity web = WebSecurity.none().withDemoApprover("demo", "pw2");

      assertThat(web.users()).containsExactly("demo");
      assertThat(web.verifyPassword("demo", "pw2")).isTrue();
      assertThat(web.summary()).contains("no basic auth");
    }

    @Test
    void aNameOfBasicAuthUsersCannotBeTaken() {
      assertThatThrownBy(() -> withUsers().withDemoApprover("alice", "x"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("\"alice\" is a user of basic_auth_users");
    }
  }

  @Nested
  class WhenNotAdded {
    @Test
    void thereIsNoDemoUser() {
      assertThat(WebSecurity.none().verifyPassword("demo", "")).isFalse();
      assertThat(WebSecurity.none().users()).isEmpty();
      assertThat(withUsers().verifyPassword("demo", "pw")).isFalse();
      assertThat(withUsers().users()).containsExactly("alice");
    }
  }
}
