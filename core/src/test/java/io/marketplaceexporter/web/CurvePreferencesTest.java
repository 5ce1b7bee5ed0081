package io.marketplaceexporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.support.RunningExporter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls_server_config.curve_preferences} (exporter toolkit: Go's CurveP256, CurveP384,
 * CurveP521, X25519 for the ECDHE key exchange, in preference order): set per server through {@code
 * SSLParameters.setNamedGroups}, which needs Java 20; on an older JVM the key stops start-up,
 * naming itself and the Java version it needs. Which of the two holds is decided by the JVM running
 * the tests: CI runs Java 17, the handshake tests run on Java 20 or later.
 */
class CurvePreferencesTest {
  private static final String TLS = "tls_server_config:\n  cert_file: a\n  key_file: b\n";

  @TempDir Path dir;

  @Nested
  class Keys {
    @Test
    void anUnknownCurveIsNamedWithTheKnownOnes() {
      assertThatThrownBy(
              () -> WebConfigFile.parse(TLS + "  curve_preferences: [X25519, CurveP224]\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "tls_server_config.curve_preferences[1]: unknown curve \"CurveP224\"; known:"
                  + " CurveP256, CurveP384, CurveP521, X25519");
    }

    @Test
    void onJava17TheKeyStopsStartUpNamingItselfAndTheJavaItNeeds() {
      assumeFalse(NamedGroups.available(), "this JVM can set named groups per server");

      assertThatThrownBy(() -> WebConfigFile.parse(TLS + "  curve_preferences: [CurveP256]\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("tls_server_config.curve_preferences: needs Java 20 or later")
          .hasMessageContaining("this JVM is Java " + Runtime.version());
    }

    @Test
    void onJava20OrLaterTheCurvesAreReadInOrder() {
      assumeTrue(NamedGroups.available(), "this JVM cannot set named groups per server");

      TlsServerConfig t =
          WebConfigFile.parse(TLS + "  curve_preferences: [CurveP384, X25519]\n").tlsServerConfig();

      assertThat(t.curvePreferences()).containsExactly(Curve.CURVE_P384, Curve.X25519);
    }

    @Test
    void onJava20OrLaterACurveListedTwiceIsNamed() {
      assumeTrue(NamedGroups.available(), "this JVM cannot set named groups per server");

      assertThatThrownBy(() -> WebConfigFile.parse(TLS + "  curve_preferences: [X25519, X25519]\n"))
          .hasMessage("tls_server_config.curve_preferences[1]: X25519 is listed twice");
    }
  }

  @Nested
  class OnTheServer {
    private RunningExporter start(String curves, String minVersion) {
      TestPki pki = TestPki.create().writeTo(dir);
      this.pki = pki;
      String yaml =
          "tls_server_config:\n  cert_file: server.pem\n  key_file: server-key.pem\n"
              + "  curve_preferences: "
              + curves
              + "\n  min_version: "
              + minVersion
              + "\n";
      WebSecurity web = WebSecurity.load(TestPki.write(dir.resolve("web.yml"), yaml));
      return RunningExporter.startAsConfigured(
          ConfigLoader.parse(""), Map.of(), Exporter.Options.plain().withWeb(web));
    }

    private TestPki pki;

    /**
     * The status line of a scrape by a client that offers only {@code groups} (JVM names) over
     * {@code protocol}. A plain socket: the JDK's HttpClient does not pass named groups on.
     */
    private String scrape(RunningExporter s, String protocol, String... groups) throws IOException {
      try (SSLSocket socket =
          (SSLSocket)
              pki.clientContext(null)
                  .getSocketFactory()
                  .createSocket("127.0.0.1", s.exporter.port())) {
        socket.setSoTimeout(10_000);
        SSLParameters p = socket.getSSLParameters();
        p.setProtocols(new String[] {protocol});
        NamedGroups.set(p, List.of(groups));
        socket.setSSLParameters(p);
        socket.startHandshake();
        socket
            .getOutputStream()
            .write(
                "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        return in.readLine();
      }
    }

    @Test
    void aClientOfferingOnlyOtherCurvesIsRefusedAndOneOfferingAListedCurveIsServed()
        throws Exception {
      assumeTrue(NamedGroups.available(), "this JVM cannot set named groups per server");

      try (RunningExporter s = start("[CurveP384, CurveP256]", "TLS12")) {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
          assertThatThrownBy(() -> scrape(s, protocol, "x25519"))
              .as(protocol)
              .isInstanceOf(SSLException.class);
          assertThat(scrape(s, protocol, "x25519", "secp384r1", "secp256r1"))
              .as(protocol)
              .isEqualTo("HTTP/1.1 200 OK");
        }
      }
    }

    @Test
    void withTls13OnlyTheCertificatesCurveNeedNotBeListed() throws Exception {
      assumeTrue(NamedGroups.available(), "this JVM cannot set named groups per server");

      try (RunningExporter s = start("[CurveP384]", "TLS13")) {
        assertThatThrownBy(() -> scrape(s, "TLSv1.3", "x25519", "secp256r1"))
            .isInstanceOf(SSLException.class);
        assertThat(scrape(s, "TLSv1.3", "secp384r1")).isEqualTo("HTTP/1.1 200 OK");
      }
    }

    @Test
    void withTls12AnEcCertificateOnACurveNotListedStopsStartUpNamingTheKey() {
      assumeTrue(NamedGroups.available(), "this JVM cannot set named groups per server");

      assertThatThrownBy(() -> start("[CurveP384]", "TLS12"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "tls_server_config.curve_preferences: the certificate's key is on CurveP256, which"
                  + " is not listed");
    }

    @Test
    void withoutTheKeyTheJvmsDefaultCurvesServeTheSameClient() throws Exception {
      assumeTrue(NamedGroups.available(), "this JVM cannot set named groups per server");

      try (RunningExporter s = start("[]", "TLS12")) {
        assertThat(scrape(s, "TLSv1.3", "x25519")).isEqualTo("HTTP/1.1 200 OK");
      }
    }
  }
}
