package io.marketplaceexporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.support.RunningExporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls_server_config.client_allowed_sans} (exporter toolkit: a verified client certificate
 * must have a DNS, e-mail, IP or URI SAN equal to a listed value, else the handshake fails): its
 * keys, and the real server refusing clients with certificates made in the test.
 */
class ClientAllowedSansTest {
  private static final String MTLS =
      "tls_server_config:\n  cert_file: server.pem\n  key_file: server-key.pem\n"
          + "  client_ca_file: ca.pem\n";
  private static TestPki pki;

  @TempDir Path dir;

  @BeforeAll
  static void certificates() {
    pki = TestPki.create();
  }

  @Nested
  class Keys {
    private static final String CERT = "tls_server_config:\n  cert_file: a\n  key_file: b\n";

    @Test
    void theListIsReadWithAVerifyingClientAuthType() {
      TlsServerConfig t =
          WebConfigFile.parse(
                  CERT
                      + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca\n"
                      + "  client_allowed_sans: [prometheus.example, 10.0.0.7]\n")
              .tlsServerConfig();

      assertThat(t.clientAllowedSans()).containsExactly("prometheus.example", "10.0.0.7");
    }

    @Test
    void withAClientAuthTypeThatVerifiesNothingItIsRefusedNamingTheKey() {
      assertThatThrownBy(
              () ->
                  WebConfigFile.parse(
                      CERT
                          + "  client_auth_type: RequireAnyClientCert\n"
                          + "  client_allowed_sans: [prometheus.example]\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "tls_server_config.client_allowed_sans: needs client_auth_type"
                  + " RequireAndVerifyClientCert")
          .hasMessageContaining("RequireAnyClientCert verifies none");
    }

    @Test
    void withoutClientCertificatesItIsRefusedNamingTheKey() {
      assertThatThrownBy(
              () -> WebConfigFile.parse(CERT + "  client_allowed_sans: [prometheus.example]\n"))
          .hasMessageStartingWith("tls_server_config.client_allowed_sans: needs client_auth_type")
          .hasMessageContaining("NoClientCert verifies none");
    }

    @Test
    void anEmptyListOrEntryIsRefused() {
      String verified =
          CERT + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca\n";
      assertThatThrownBy(() -> WebConfigFile.parse(verified + "  client_allowed_sans: []\n"))
          .hasMessageStartingWith(
              "tls_server_config.client_allowed_sans: an empty list would refuse every client");
      assertThatThrownBy(
              () -> WebConfigFile.parse(verified + "  client_allowed_sans: [a.example, '']\n"))
          .hasMessageStartingWith("tls_server_config.client_allowed_sans[1]: must not be empty");
    }
  }

  @Nested
  class Names {
    @Test
    void ipAddressesAreWrittenAsGoWritesThem() {
      assertThat(AllowedSans.goIp("10.0.0.7")).isEqualTo("10.0.0.7");
      assertThat(AllowedSans.goIp("0:0:0:0:0:0:0:1")).isEqualTo("::1");
      assertThat(AllowedSans.goIp("2001:DB8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
      assertThat(AllowedSans.goIp("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
      assertThat(AllowedSans.goIp("2001:db8:1:2:3:4:0:5")).isEqualTo("2001:db8:1:2:3:4:0:5");
    }

    @Test
    void dnsEmailIpAndUriSansAreComparedOtherNamesAreNot() {
      TestPki.Issued c =
          pki.client(
              "CN=prometheus.example",
              new GeneralName(GeneralName.dNSName, "scraper.example"),
              new GeneralName(GeneralName.rfc822Name, "sre@example.com"),
              new GeneralName(GeneralName.iPAddress, "::1"),
              new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://example/prom"),
              new GeneralName(GeneralName.directoryName, "CN=elsewhere"));

      assertThat(AllowedSans.sans(c.certificate()))
          .containsExactlyInAnyOrder(
              "scraper.example", "sre@example.com", "::1", "spiffe://example/prom");
      assertThat(new AllowedSans(java.util.List.of("prometheus.example")).admits(c.certificate()))
          .as("the subject's CN is not a SAN")
          .isFalse();
    }
  }

  @Nested
  class OnTheServer {
    private RunningExporter start(String clientAuthType, String allowedSans) {
      String webYaml =
          MTLS
              + "  client_auth_type: "
              + clientAuthType
              + "\n  client_allowed_sans: "
              + allowedSans
              + "\n";
      pki.writeTo(dir);
      WebSecurity web = WebSecurity.load(TestPki.write(dir.resolve("web.yml"), webYaml));
      return RunningExporter.startAsConfigured(
          ConfigLoader.parse(""), Map.of(), Exporter.Options.plain().withWeb(web));
    }

    private int scrape(RunningExporter s, TestPki.Issued identity)
        throws IOException, InterruptedException {
      HttpClient c =
          HttpClient.newBuilder()
              .sslContext(pki.clientContext(identity))
              .connectTimeout(Duration.ofSeconds(5))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      HttpRequest r =
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.exporter.port() + "/metrics"))
              .timeout(Duration.ofSeconds(10))
              .build();
      return c.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aVerifiedClientWithAnAllowedSanIsServedAndOneWithoutIsRefusedInTheHandshake()
        throws Exception {
      TestPki.Issued allowed =
          pki.client("CN=a", new GeneralName(GeneralName.dNSName, "prometheus.example"));
      TestPki.Issued byIp = pki.client("CN=b", new GeneralName(GeneralName.iPAddress, "10.0.0.7"));
      TestPki.Issued other =
          pki.client("CN=c", new GeneralName(GeneralName.dNSName, "grafana.example"));
      TestPki.Issued none = pki.client("CN=prometheus.example");
      try (RunningExporter s =
          start("RequireAndVerifyClientCert", "[prometheus.example, 10.0.0.7]")) {
        assertThat(scrape(s, allowed)).isEqualTo(200);
        assertThat(scrape(s, byIp)).isEqualTo(200);
        assertThatThrownBy(() -> scrape(s, other)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> scrape(s, none)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> scrape(s, null)).isInstanceOf(IOException.class);
      }
    }

    @Test
    void theCaIsStillCheckedFirstACertificateFromAnotherCaIsRefusedWhateverItsSans()
        throws Exception {
      TestPki.Issued stranger =
          TestPki.create()
              .client("CN=a", new GeneralName(GeneralName.dNSName, "prometheus.example"));
      try (RunningExporter s = start("RequireAndVerifyClientCert", "[prometheus.example]")) {
        assertThatThrownBy(() -> scrape(s, stranger)).isInstanceOf(IOException.class);
      }
    }

    @Test
    void withVerifyClientCertIfGivenAClientWithoutACertificateHasNoAllowedSanEither()
        throws Exception {
      TestPki.Issued allowed =
          pki.client("CN=a", new GeneralName(GeneralName.dNSName, "prometheus.example"));
      try (RunningExporter s = start("VerifyClientCertIfGiven", "[prometheus.example]")) {
        assertThat(scrape(s, allowed)).isEqualTo(200);
        assertThatThrownBy(() -> scrape(s, null)).isInstanceOf(IOException.class);
      }
    }
  }
}
