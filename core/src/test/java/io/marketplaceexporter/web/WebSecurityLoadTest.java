package io.marketplaceexporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading the web configuration reads every file it names at start-up: a missing or unreadable
 * file, PEM that is not a certificate or key, and a key that does not belong to the certificate are
 * errors naming the key; keys in PKCS#8, PKCS#1 and SEC1 load; relative names are relative to the
 * web configuration file.
 */
class WebSecurityLoadTest {
  private static TestPki pki;

  @TempDir Path dir;

  @BeforeAll
  static void certificates() {
    pki = TestPki.create();
  }

  private Path webConfig(String yaml) {
    pki.writeTo(dir);
    return TestPki.write(dir.resolve("web.yml"), yaml);
  }

  private static final String TLS =
      "tls_server_config:\n  cert_file: server.pem\n  key_file: server-key.pem\n";

  @Nested
  class Loads {
    @Test
    void relativeFileNamesAreRelativeToTheWebConfigFile() {
      WebSecurity s = WebSecurity.load(webConfig(TLS));

      assertThat(s.tls()).isTrue();
      assertThat(s.summary())
          .startsWith("web: HTTPS, TLS TLS12..TLS13, certificate CN=127.0.0.1 valid until ")
          .endsWith("; no basic auth");
    }

    @Test
    void aPkcs1RsaKeyLoads() {
      TestPki.Issued rsa = TestPki.selfSignedRsa();
      TestPki.write(dir.resolve("rsa.pem"), TestPki.pem(rsa.certificate()));
      String pkcs1 = TestPki.pem(rsa.keys().getPrivate());
      assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
      TestPki.write(dir.resolve("rsa-key.pem"), pkcs1);

      WebSecurity s =
          WebSecurity.load(
              TestPki.write(
                  dir.resolve("web.yml"),
                  "tls_server_config:\n  cert_file: rsa.pem\n  key_file: rsa-key.pem\n"));

      assertThat(s.tls()).isTrue();
    }

    @Test
    void aSec1EcKeyAndInlinePemLoad() {
      String sec1 = TestPki.sec1(pki.server.keys());
      assertThat(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----");
      String yaml =
          "tls_server_config:\n  cert: |\n"
              + indent(TestPki.pem(pki.server.certificate()))
              + "  key: |\n"
              + indent(sec1);

      assertThat(WebSecurity.of(WebConfigFile.parse(yaml), dir).tls()).isTrue();
    }

    @Test
    void basicAuthAloneKeepsPlainHttp() {
      WebSecurity s =
          WebSecurity.load(
              webConfig("basic_auth_users:\n  prometheus: '" + TestPki.bcrypt("pw", 4) + "'\n"));

      assertThat(s.tls()).isFalse();
      assertThat(s.summary())
          .isEqualTo("web: plain HTTP (no TLS configured); basic auth on every path for 1 user(s)");
    }

    @Test
    void clientCertificateVerificationLoadsTheCa() {
      WebSecurity s =
          WebSecurity.load(
              webConfig(
                  TLS
                      + "  client_auth_type: RequireAndVerifyClientCert\n"
                      + "  client_ca_file: ca.pem\n"));

      assertThat(s.summary()).contains("client certificates: RequireAndVerifyClientCert");
    }
  }

  @Nested
  class Refuses {
    @Test
    void aMissingCertificateFile() {
      Path web = webConfig(TLS.replace("server.pem", "missing.pem"));

      assertThatThrownBy(() -> WebSecurity.load(web))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "tls_server_config.cert_file: cannot read "
                  + dir.resolve("missing.pem")
                  + ": no such file");
    }

    @Test
    void anUnreadableKeyFile() throws Exception {
      Path web = webConfig(TLS);
      Path key = dir.resolve("server-key.pem");
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
      // root reads any file whatever its mode: make the key a directory then, which no one can
      // read as a file.
      if (Files.isReadable(key)) {
        Files.delete(key);
        Files.createDirectory(key);
      }

      assertThatThrownBy(() -> WebSecurity.load(web))
          .hasMessageStartingWith("tls_server_config.key_file: cannot read " + key);
    }

    @Test
    void aCertificateFileWithoutACertificate() {
      Path web = webConfig(TLS.replace("cert_file: server.pem", "cert_file: server-key.pem"));

      assertThatThrownBy(() -> WebSecurity.load(web))
          .hasMessage(
              "tls_server_config.cert_file: holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    @Test
    void aKeyFileWithoutAKeyNamingTheKeyButNeverShowingIt() {
      Path web = webConfig(TLS.replace("key_file: server-key.pem", "key_file: server.pem"));

      assertThatThrownBy(() -> WebSecurity.load(web))
          .hasMessage(
              "tls_server_config.key_file: holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY"
                  + " or EC PRIVATE KEY block)");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificate() {
      Path web = webConfig(TLS);
      TestPki.write(dir.resolve("server-key.pem"), TestPki.pkcs8(TestPki.ec()));

      assertThatThrownBy(() -> WebSecurity.load(web))
          .hasMessage("tls_server_config.key_file: the private key does not match the certificate");
    }

    @Test
    void garbageInsteadOfPem() {
      Path web = webConfig(TLS);
      TestPki.write(
          dir.resolve("server-key.pem"),
          "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");

      assertThatThrownBy(() -> WebSecurity.load(web))
          .hasMessageStartingWith("tls_server_config.key_file: not a valid PEM private key");
    }

    @Test
    void aMissingClientCaFile() {
      Path web =
          webConfig(
              TLS
                  + "  client_auth_type: RequireAndVerifyClientCert\n"
                  + "  client_ca_file: nope.pem\n");

      assertThatThrownBy(() -> WebSecurity.load(web))
          .hasMessageStartingWith("tls_server_config.client_ca_file: cannot read ");
    }

    @Test
    void aMissingWebConfigFileIsNamed() {
      Path missing = dir.resolve("web.yml");

      assertThatThrownBy(() -> WebSecurity.load(missing)).hasMessage(missing + ": no such file");
    }
  }

  private static String indent(String pem) {
    return "    " + pem.strip().replace("\n", "\n    ") + "\n";
  }
}
