package io.marketplaceexporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The web configuration file's format (prometheus/exporter-toolkit, docs/web-configuration.md):
 * what it accepts, its defaults, and an error naming the key for everything it refuses.
 */
class WebConfigFileTest {
  /** A bcrypt hash of "secret" at cost 4, as htpasswd -nbBC 4 writes it. */
  private static final String HASH = TestPki.bcrypt("secret", 4);

  private static WebConfigFile parse(String yaml) {
    return WebConfigFile.parse(yaml);
  }

  private static void refused(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
  }

  @Nested
  class Document {
    @Test
    void anEmptyFileMeansPlainHttpWithoutBasicAuth() {
      WebConfigFile c = parse("");

      assertThat(c.tlsServerConfig().enabled()).isFalse();
      assertThat(c.basicAuthUsers()).isEmpty();
      assertThat(c.httpServerConfig().headers()).isEmpty();
    }

    @Test
    void anUnknownTopLevelKeyIsNamedWithTheKnownOnes() {
      assertThatThrownBy(() -> parse("tls_config:\n  cert_file: a.pem\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("tls_config: unknown key; known: ")
          .hasMessageContaining("basic_auth_users, http_server_config");
    }

    @Test
    void aDuplicateKeyIsRefused() {
      assertThatThrownBy(() -> parse("basic_auth_users: {}\nbasic_auth_users: {}\n"))
          .hasMessageStartingWith("basic_auth_users: duplicate key");
    }

    @Test
    void aDocumentThatIsNotAMappingSaysWhatTheSectionsAre() {
      assertThatThrownBy(() -> parse("- tls_server_config\n"))
          .hasMessageContaining(
              "tls_server_config:, http_server_config:, basic_auth_users:, rate_limit:");
    }
  }

  @Nested
  class TlsServerConfigKeys {
    @Test
    void certificateAndKeyFilesWithTheToolkitsDefaults() {
      TlsServerConfig t =
          parse("tls_server_config:\n  cert_file: server.pem\n  key_file: server-key.pem\n")
              .tlsServerConfig();

      assertThat(t.enabled()).isTrue();
      assertThat(t.minVersion()).isEqualTo(TlsVersion.TLS12);
      assertThat(t.maxVersion()).isEqualTo(TlsVersion.TLS13);
      assertThat(t.clientAuthType()).isEqualTo(ClientAuthType.NO_CLIENT_CERT);
      assertThat(t.preferServerCipherSuites()).isTrue();
      assertThat(t.cipherSuites()).isEmpty();
    }

    @Test
    void anUnknownTlsVersionIsNamedWithTheKnownOnes() {
      refused(
          "tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS14\n",
          "tls_server_config.min_version: unknown TLS version \"TLS14\"; known: TLS10, TLS11,"
              + " TLS12, TLS13");
    }

    @Test
    void aMinimumAboveTheMaximumIsRefused() {
      refused(
          "tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n"
              + "  max_version: TLS12\n",
          "tls_server_config.min_version: TLS13 is above max_version TLS12");
    }

    @Test
    void onlyVersionsTheJvmDisablesAreRefused() {
      assertThatThrownBy(
              () ->
                  parse(
                      "tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS10\n"
                          + "  max_version: TLS11\n"))
          .hasMessageStartingWith(
              "tls_server_config.max_version: TLS10..TLS11 leaves no TLS version this JVM"
                  + " enables (TLSv1.3, TLSv1.2;");
    }

    @Test
    void aCertificateWithoutAKeyIsRefused() {
      refused(
          "tls_server_config:\n  cert_file: a.pem\n",
          "tls_server_config.key_file: required when TLS is configured (or give the PEM inline"
              + " as key)");
    }

    @Test
    void aKeyWithoutACertificateIsRefused() {
      refused(
          "tls_server_config:\n  key_file: a.pem\n",
          "tls_server_config.cert_file: required when TLS is configured (or give the PEM inline"
              + " as cert)");
    }

    @Test
    void aFileAndInlinePemForTheSameThingAreRefused() {
      refused(
          "tls_server_config:\n  cert_file: a.pem\n  cert: x\n  key_file: b.pem\n",
          "tls_server_config.cert_file: set either cert_file or cert, not both");
    }

    @Test
    void anUnknownClientAuthTypeIsNamed() {
      assertThatThrownBy(
              () ->
                  parse(
                      "tls_server_config:\n  cert_file: a\n  key_file: b\n"
                          + "  client_auth_type: Verify\n"))
          .hasMessageStartingWith(
              "tls_server_config.client_auth_type: unknown client auth type \"Verify\"; known:");
    }

    @Test
    void verifyingClientsNeedsTheirCa() {
      refused(
          "tls_server_config:\n  cert_file: a\n  key_file: b\n"
              + "  client_auth_type: RequireAndVerifyClientCert\n",
          "tls_server_config.client_ca_file: required when client_auth_type is"
              + " RequireAndVerifyClientCert (the CA that signs the client certificates)");
    }

    @Test
    void aClientCaWithoutAClientAuthTypeIsRefusedAsTheToolkitDoes() {
      assertThatThrownBy(
              () ->
                  parse(
                      "tls_server_config:\n  cert_file: a\n  key_file: b\n"
                          + "  client_ca_file: ca.pem\n"))
          .hasMessageStartingWith(
              "tls_server_config.client_ca_file: a client CA is configured but client_auth_type"
                  + " is NoClientCert");
    }

    @Test
    void theOlderNameOfRequireAnyClientCertIsAccepted() {
      assertThat(
              parse(
                      "tls_server_config:\n  cert_file: a\n  key_file: b\n"
                          + "  client_auth_type: RequireClientCert\n")
                  .tlsServerConfig()
                  .clientAuthType())
          .isEqualTo(ClientAuthType.REQUIRE_ANY);
    }

    @Test
    void cipherSuitesAreCheckedByNameAndTheBadOneIsIndexed() {
      refused(
          "tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suites:\n"
              + "    - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n    - TLS_MADE_UP\n",
          "tls_server_config.cipher_suites[1]: unknown or unsupported cipher suite"
              + " \"TLS_MADE_UP\"; use the standard names, like"
              + " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void aMisspeltKeyIsNamed() {
      assertThatThrownBy(() -> parse("tls_server_config:\n  certfile: a\n"))
          .hasMessageStartingWith("tls_server_config.certfile: unknown key; known: ");
    }

    @Test
    void aVersionWrittenAsANumberIsRefused() {
      assertThatThrownBy(
              () ->
                  parse("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: 1.2\n"))
          .hasMessageStartingWith("tls_server_config.min_version: ");
    }

    @Test
    void anInlineKeyNeverPrintsItself() {
      WebConfigFile c = parse("tls_server_config:\n  cert: CERT-PEM\n  key: KEY-PEM-SECRET\n");

      assertThat(c.toString()).doesNotContain("KEY-PEM-SECRET").contains("key=inline");
    }
  }

  @Nested
  class HttpServerConfigKeys {
    @Test
    void theToolkitsSecurityHeadersAreAccepted() {
      HttpServerConfig h =
          parse(
                  "http_server_config:\n  http2: false\n  headers:\n"
                      + "    X-Frame-Options: deny\n    X-Content-Type-Options: nosniff\n"
                      + "    Content-Security-Policy: \"default-src 'self'\"\n")
              .httpServerConfig();

      assertThat(h.headers())
          .containsEntry("X-Frame-Options", "deny")
          .containsEntry("Content-Security-Policy", "default-src 'self'");
      assertThat(h.http2()).isFalse();
    }

    @Test
    void aHeaderOutsideTheAllowedSetIsRefused() {
      assertThatThrownBy(() -> parse("http_server_config:\n  headers:\n    Server: nginx\n"))
          .hasMessageStartingWith(
              "http_server_config.headers.Server: this header cannot be configured; allowed:"
                  + " Content-Security-Policy,");
    }

    @Test
    void anEnumeratedHeaderWithAnotherValueIsRefused() {
      refused(
          "http_server_config:\n  headers:\n    X-Frame-Options: allow-from\n",
          "http_server_config.headers.X-Frame-Options: must be one of deny, sameorigin, got"
              + " \"allow-from\"");
    }
  }

  @Nested
  class BasicAuthUsers {
    @Test
    void usersWithBcryptHashesAreAcceptedInEveryVersion() {
      String b = HASH.replace("$2y$", "$2b$");
      String a = HASH.replace("$2y$", "$2a$");
      WebConfigFile c =
          parse(
              "basic_auth_users:\n  alice: '"
                  + HASH
                  + "'\n  bob: '"
                  + b
                  + "'\n  carol: '"
                  + a
                  + "'\n");

      assertThat(c.basicAuthUsers()).containsOnlyKeys("alice", "bob", "carol");
      assertThat(c.toString()).doesNotContain(HASH.substring(7));
    }

    @Test
    void aPlainPasswordInsteadOfAHashIsRefusedWithoutEchoingIt() {
      assertThatThrownBy(() -> parse("basic_auth_users:\n  alice: hunter2\n"))
          .hasMessageStartingWith("basic_auth_users.alice: not a bcrypt hash")
          .hasMessageContaining("htpasswd -nBC 10")
          .message()
          .doesNotContain("hunter2");
    }

    @Test
    void aTruncatedHashIsRefused() {
      assertThatThrownBy(
              () -> parse("basic_auth_users:\n  alice: '" + HASH.substring(0, 50) + "'\n"))
          .hasMessageStartingWith("basic_auth_users.alice: not a bcrypt hash");
    }

    @Test
    void aCostOutsideBcryptsRangeIsRefused() {
      refused(
          "basic_auth_users:\n  alice: '" + HASH.replace("$04$", "$03$") + "'\n",
          "basic_auth_users.alice: bcrypt cost must be 04..31, got 03");
    }

    @Test
    void aUserNameWithAColonIsRefused() {
      assertThatThrownBy(() -> parse("basic_auth_users:\n  'a:b': '" + HASH + "'\n"))
          .hasMessageStartingWith("basic_auth_users.a:b: a user name must not contain ':'");
    }

    @Test
    void aUserWithoutAHashIsRefused() {
      assertThatThrownBy(() -> parse("basic_auth_users:\n  alice:\n"))
          .hasMessageStartingWith("basic_auth_users.alice: not a bcrypt hash");
    }
  }
}
