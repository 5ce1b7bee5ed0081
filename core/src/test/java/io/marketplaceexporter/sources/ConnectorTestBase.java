package io.marketplaceexporter.sources;

import static io.marketplaceexporter.sources.SourcesTestSupport.fixture;

import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;

/**
 * What every connector test has: a MockWebServer, a fresh {@link SourcesTestSupport}, the source
 * under test and a scheduler to poll it, and shortcuts to enqueue fixtures and read shop metrics.
 */
public abstract class ConnectorTestBase {
  @StartStop protected final MockWebServer server = new MockWebServer();
  protected SourcesTestSupport t;
  protected Source source;
  protected SourceScheduler scheduler;

  /** Builds the source from YAML ({@code %s} is replaced by the server's base URL). */
  protected void start(String yaml, Map<String, String> env) {
    t = new SourcesTestSupport();
    String url = server.url("/").toString();
    source = t.source(yaml.replace("%s", url), env);
    scheduler = t.scheduler(List.of(source));
  }

  protected void enqueue(String fixturePath) {
    server.enqueue(new MockResponse.Builder().body(fixture(fixturePath)).build());
  }

  /** A metric of the source's shop: {@code shop} label first, then the given label pairs. */
  protected double shopValue(String shop, String metric, String... labels) {
    String[] all = new String[labels.length + 2];
    all[0] = "shop";
    all[1] = shop;
    System.arraycopy(labels, 0, all, 2, labels.length);
    return t.value(metric, all);
  }

  /** Enqueues an answer with this body. */
  protected void enqueueBody(String body) {
    server.enqueue(new MockResponse.Builder().body(body).build());
  }

  /** The shop's listings in one normalised status ({@code marketplace_listings}). */
  protected double listed(String shop, String status) {
    return shopValue(shop, "marketplace_listings", "status", status);
  }

  /** How many polls of {@code source} failed for {@code reason}. */
  protected double pollErrors(String source, String reason) {
    return t.value("marketplace_exporter_poll_errors_total", "source", source, "reason", reason);
  }

  /** One listing counted, in {@code status} ({@code none}: in no status), the others 0. */
  protected void assertOneListedAs(String shop, String status) {
    for (String s : List.of("active", "inactive", "under_review", "suppressed")) {
      org.assertj.core.api.Assertions.assertThat(listed(shop, s))
          .as(s)
          .isEqualTo(s.equals(status) ? 1 : 0);
    }
  }
}
