package io.marketplaceexporter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxListenerTest {

  @Test
  void listensOnTheGivenHostAndAFreePortWithAQueueAsLongAsLinuxAllows() throws Exception {
    try (Sandbox sandbox = new Sandbox(Clock.systemUTC(), null).start("127.0.0.1", 0)) {
      assertThat(sandbox.port()).isPositive();
      assertThat(sandbox.acceptQueueSize()).isEqualTo(4096);
      HttpResponse<String> shops =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(sandbox.url() + "/_shops"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(shops.statusCode()).isEqualTo(200);
      assertThat(shops.body()).contains("shop_220041");
      // Bound to 127.0.0.1 only: another loopback address of the machine finds nobody listening.
      assertThatThrownBy(
              () -> {
                try (Socket s = new Socket()) {
                  s.connect(new InetSocketAddress("127.0.0.2", sandbox.port()), 2000);
                }
              })
          .isInstanceOf(IOException.class);
    }
  }
}
