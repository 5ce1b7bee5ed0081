package io.marketplaceexporter.sources.generic;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.config.SourceConfig;
import io.marketplaceexporter.ingest.FieldError;
import io.marketplaceexporter.ingest.IngestResult;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.sources.ApiClient;
import io.marketplaceexporter.sources.ConfiguredSource;
import io.marketplaceexporter.sources.PollError;
import io.marketplaceexporter.sources.PollException;
import io.marketplaceexporter.sources.SourceKeys;
import io.marketplaceexporter.sources.SourceSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Polls one HTTP JSON endpoint and turns its answer into ingest events through the configured
 * mappings (see {@link SourceConfig.Mapping}); the events go through {@code IngestService.ingest},
 * the same validation as pushed events, so a mapping can feed any event type: sync, order,
 * order_backlog, price, inventory, change, token, quota.
 *
 * <p>Credentials (all optional): {@code bearer_token}; {@code username} with {@code password}
 * (basic auth); {@code api_key}, sent in the header named by option {@code api_key_header} (default
 * {@code X-Api-Key}). Plain {@code headers} are sent as they are.
 */
public final class GenericJsonSource extends ConfiguredSource {
  private static final MediaType JSON = MediaType.get("application/json");

  private final ApiClient api;
  private final Request request;
  private final List<EventMapping> mappings = new ArrayList<>();

  /** The credentials (all optional, see above) and options this connector reads. */
  public static final SourceKeys KEYS =
      SourceKeys.COMMON.plus(
          Set.of("bearer_token", "username", "password", "api_key"), Set.of("api_key_header"));

  public GenericJsonSource(SourceSetup setup) {
    super(setup);
    SourceConfig c = setup.config();
    HttpUrl url = setup.baseUrl(false);
    Request.Builder b = new Request.Builder().url(url).header("Accept", "application/json");
    c.headers().forEach((name, value) -> header(b, name, value, setup.key("headers." + name)));
    Map<String, String> creds = c.credentials();
    if (creds.containsKey("bearer_token")) {
      header(
          b,
          "Authorization",
          "Bearer " + setup.secret("bearer_token").reveal(),
          setup.key("credentials.bearer_token"));
    }
    if (creds.containsKey("username") || creds.containsKey("password")) {
      Secret user = setup.secret("username");
      Secret password = setup.secret("password");
      header(
          b,
          "Authorization",
          Credentials.basic(user.reveal(), password.reveal()),
          setup.key("credentials.username"));
    }
    if (creds.containsKey("api_key")) {
      header(
          b,
          setup.option("api_key_header", "X-Api-Key"),
          setup.secret("api_key").reveal(),
          setup.key("credentials.api_key"));
    }
    if (c.methodOrGet().equals("POST")) {
      b.post(RequestBody.create(c.body() == null ? "" : c.body(), JSON));
    }
    this.request = b.build();
    for (int i = 0; i < c.mappings().size(); i++) {
      mappings.add(new EventMapping(c.mappings().get(i), setup.key("mappings[" + i + "]")));
    }
    this.api = new ApiClient(setup, null, ApiClient::byStatus);
  }

  /**
   * Sets a header; a name or value HTTP does not allow fails naming the key only, because the HTTP
   * library's own message would quote the value, which may be a secret.
   */
  private static void header(Request.Builder b, String name, String value, String key) {
    try {
      b.header(name, value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": contains characters an HTTP header cannot carry");
    }
  }

  @Override
  public void poll() throws PollException {
    JsonNode answer = api.call(name(), request);
    List<JsonNode> events = new ArrayList<>();
    for (EventMapping m : mappings) {
      events.addAll(m.events(answer));
    }
    IngestResult result = setup.ingest().ingestPolled(events);
    // Events refused at the series limit are the exporter's capacity, not the source's fault:
    // they are counted in series_dropped_total (SeriesLimitReached), and the source stays up.
    int invalid = result.rejected() - result.limited();
    if (invalid > 0) {
      FieldError first =
          result.errors().stream()
              .filter(e -> !e.message().startsWith(IngestService.SERIES_LIMIT))
              .findFirst()
              .orElse(result.errors().get(0));
      throw new PollException(
          PollError.MAPPING,
          invalid
              + " of "
              + events.size()
              + " mapped events rejected, first: event "
              + first.index()
              + " "
              + first.field()
              + " "
              + first.message());
    }
  }
}
