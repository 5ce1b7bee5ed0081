package io.marketplaceexporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.Exporter;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter's real HTTP server with a web configuration file: HTTPS with the configured
 * certificate, versions and client certificates; basic auth on every path, composed with the bearer
 * tokens of the API; the configured headers on every answer.
 */
class WebServerTest {
  private static final String PASSWORD = "scrape-pw";
  private static final String TOKEN = "ingest-token-0123456789";
  private static final String EVENT =
      "{\"type\":\"sync\",\"marketplace\":\"amazon\",\"shop\":\"A1\",\"system\":\"erp\","
          + "\"job\":\"orders\",\"outcome\":\"success\",\"finished_at\":1798099200}";
  private static TestPki pki;
  private static String hash;

  @TempDir Path dir;

  @BeforeAll
  static void certificates() {
    pki = TestPki.create();
    hash = TestPki.bcrypt(PASSWORD, 4);
  }

  private RunningExporter start(String webYaml, String configYaml) {
    pki.writeTo(dir);
    WebSecurity web = WebSecurity.load(TestPki.write(dir.resolve("web.yml"), webYaml));
    return RunningExporter.startAsConfigured(
        ConfigLoader.parse(configYaml), Map.of(), Exporter.Options.plain().withWeb(web));
  }

  private static final String TLS =
      "tls_server_config:\n  cert_file: server.pem\n  key_file: server-key.pem\n";
  private static final String USERS = "basic_auth_users:\n  prometheus: '%s'\n";

  private static HttpClient client(SSLContext ssl, String... protocols) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (ssl != null) {
      b.sslContext(ssl);
      if (protocols.length > 0) {
        SSLParameters p = ssl.getDefaultSSLParameters();
        p.setProtocols(protocols);
        b.sslParameters(p);
      }
    }
    return b.build();
  }

  private static HttpResponse<String> send(HttpClient c, HttpRequest.Builder r)
      throws IOException, InterruptedException {
    return c.send(r.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder get(String scheme, RunningExporter s, String path) {
    return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + s.exporter.port() + path));
  }

  @Nested
  class Tls {
    @Test
    void metricsAreServedOverHttpsWithTheConfiguredCertificate() throws Exception {
      try (RunningExporter s = start(TLS, "")) {
        HttpResponse<String> r = send(client(pki.clientContext(null)), get("https", s, "/metrics"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("marketplace_exporter_build_info");
        assertThat(r.sslSession()).isPresent();
      }
    }

    @Test
    void plainHttpToTheHttpsPortGetsNoMetrics() throws Exception {
      try (RunningExporter s = start(TLS, "")) {
        HttpClient plain = client(null);
        boolean served;
        try {
          served = send(plain, get("http", s, "/metrics")).body().contains("build_info");
        } catch (IOException refused) {
          served = false;
        }

        assertThat(served).isFalse();
      }
    }

    @Test
    void aMinimumOfTls13RefusesATls12Client() throws Exception {
      try (RunningExporter s = start(TLS + "  min_version: TLS13\n", "")) {
        HttpClient tls12 = client(pki.clientContext(null), "TLSv1.2");
        HttpClient tls13 = client(pki.clientContext(null), "TLSv1.3");

        assertThatThrownBy(() -> send(tls12, get("https", s, "/metrics")))
            .isInstanceOf(IOException.class);
        assertThat(send(tls13, get("https", s, "/metrics")).statusCode()).isEqualTo(200);
      }
    }

    @Test
    void aMaximumOfTls12NegotiatesTls12() throws Exception {
      try (RunningExporter s = start(TLS + "  max_version: TLS12\n", "")) {
        HttpResponse<String> r = send(client(pki.clientContext(null)), get("https", s, "/metrics"));

        assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
      }
    }

    @Test
    void requiredClientCertificatesAreVerifiedAgainstTheClientCa() throws Exception {
      String yaml =
          TLS + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.pem\n";
      try (RunningExporter s = start(yaml, "")) {
        HttpClient anonymous = client(pki.clientContext(null));
        HttpClient withCertificate = client(pki.clientContext(pki.client));
        TestPki other = TestPki.create();
        HttpClient strangerCertificate = client(pki.clientContext(other.client));

        assertThatThrownBy(() -> send(anonymous, get("https", s, "/metrics")))
            .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> send(strangerCertificate, get("https", s, "/metrics")))
            .isInstanceOf(IOException.class);
        assertThat(send(withCertificate, get("https", s, "/metrics")).statusCode()).isEqualTo(200);
      }
    }
  }

  @Nested
  class BasicAuthOnEveryPath {
    @Test
    void withoutCredentialsEveryPathAnswers401WithAChallenge() throws Exception {
      try (RunningExporter s = start(String.format(USERS, hash), "")) {
        HttpClient c = client(null);
        for (String path :
            new String[] {
              "/metrics", "/", "/-/healthy", "/-/ready", "/api/v1/anomalies", "/nope"
            }) {
          HttpResponse<String> r = send(c, get("http", s, path));

          assertThat(r.statusCode()).as(path).isEqualTo(401);
          assertThat(r.headers().firstValue("WWW-Authenticate"))
              .as(path)
              .hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));
          assertThat(r.body()).as(path).doesNotContain("marketplace_");
        }
      }
    }

    @Test
    void aWrongPasswordIs401AndTheRightOneIsServed() throws Exception {
      try (RunningExporter s = start(String.format(USERS, hash), "")) {
        HttpClient c = client(null);

        assertThat(
                send(
                        c,
                        get("http", s, "/metrics")
                            .header("Authorization", TestPki.basic("prometheus", "x")))
                    .statusCode())
            .isEqualTo(401);
        assertThat(
                send(
                        c,
                        get("http", s, "/metrics")
                            .header("Authorization", TestPki.basic("prometheus", PASSWORD)))
                    .statusCode())
            .isEqualTo(200);
      }
    }
  }

  @Nested
  class WithBearerTokens {
    private static final String AUTH = "auth:\n  bearer_tokens: ['" + TOKEN + "']\n";

    private HttpRequest.Builder postEvent(RunningExporter s) {
      return get("http", s, "/api/v1/events")
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(EVENT));
    }

    @Test
    void theBearerTokenAloneIsEnoughForTheApiItGuards() throws Exception {
      try (RunningExporter s = start(String.format(USERS, hash), AUTH)) {
        HttpResponse<String> r =
            send(client(null), postEvent(s).header("Authorization", "Bearer " + TOKEN));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      }
    }

    @Test
    void basicAuthAloneDoesNotOpenWhatNeedsTheToken() throws Exception {
      try (RunningExporter s = start(String.format(USERS, hash), AUTH)) {
        HttpResponse<String> r =
            send(
                client(null),
                postEvent(s).header("Authorization", TestPki.basic("prometheus", PASSWORD)));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      }
    }

    @Test
    void aWrongTokenPassesNeitherGate() throws Exception {
      try (RunningExporter s = start(String.format(USERS, hash), AUTH)) {
        HttpClient c = client(null);

        assertThat(send(c, postEvent(s).header("Authorization", "Bearer wrong")).statusCode())
            .isEqualTo(401);
        assertThat(
                send(c, get("http", s, "/metrics").header("Authorization", "Bearer wrong"))
                    .statusCode())
            .isEqualTo(401);
      }
    }
  }

  @Nested
  class Headers {
    @Test
    void theConfiguredHeadersAreOnEveryAnswerRefusalsIncluded() throws Exception {
      String yaml =
          "http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
              + "    X-Content-Type-Options: nosniff\n"
              + String.format(USERS, hash);
      try (RunningExporter s = start(yaml, "")) {
        HttpClient c = client(null);
        HttpResponse<String> refused = send(c, get("http", s, "/metrics"));
        HttpResponse<String> served =
            send(
                c,
                get("http", s, "/").header("Authorization", TestPki.basic("prometheus", PASSWORD)));

        for (HttpResponse<String> r : java.util.List.of(refused, served)) {
          assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("deny");
          assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        assertThat(served.statusCode()).isEqualTo(200);
      }
    }
  }
}
