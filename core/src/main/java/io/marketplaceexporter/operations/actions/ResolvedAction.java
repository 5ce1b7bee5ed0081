package io.marketplaceexporter.operations.actions;

import io.marketplaceexporter.config.ActionRequestConfig;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.RollbackActionConfig;
import io.marketplaceexporter.config.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A rollback action with its secret references resolved (at start-up, errors naming the key): what
 * the approval page shows ({@link #displayUrl()}, {@link #shownBody}) and the request it sends
 * ({@link #request}).
 */
public final class ResolvedAction {
  private final RollbackActionConfig config;
  private final HttpUrl url;
  private final Map<String, Secret> headers = new LinkedHashMap<>();
  private final Map<String, Secret> secrets = new LinkedHashMap<>();
  private final BodyTemplate body;

  ResolvedAction(RollbackActionConfig config, String key, Map<String, String> env) {
    this.config = config;
    ActionRequestConfig r = config.request();
    String rawUrl = Secret.resolve(r.url(), key + ".request.url", env).reveal();
    this.url = HttpUrl.parse(rawUrl);
    if (url == null) {
      // Never the value: it may carry a token in its query.
      throw new ConfigException(key + ".request.url: the URL it refers to is not http(s)");
    }
    r.headers()
        .forEach(
            (name, ref) ->
                headers.put(name, Secret.resolve(ref, key + ".request.headers." + name, env)));
    r.secrets()
        .forEach(
            (name, ref) ->
                secrets.put(name, Secret.resolve(ref, key + ".request.secrets." + name, env)));
    this.body = BodyTemplate.checked(r.body(), r.contentType(), key + ".request.body");
  }

  public RollbackActionConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  public String method() {
    return config.request().method();
  }

  /** The URL without user, password, query or fragment: safe to show and log. */
  public String displayUrl() {
    return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
  }

  /** The header names sent (values are secrets: never shown). */
  public Iterable<String> headerNames() {
    return headers.keySet();
  }

  /** The body as it would be sent for {@code labels}, with every secret masked; "" for none. */
  public String shownBody(Map<String, String> labels, String approver) {
    return body.render(labels, config.name(), approver, name -> BodyTemplate.MASK);
  }

  public String contentType() {
    return config.request().contentType();
  }

  /** The request to send for the alert {@code labels}, approved by {@code approver}. */
  Request request(Map<String, String> labels, String approver) {
    Request.Builder b = new Request.Builder().url(url);
    headers.forEach((name, value) -> b.header(name, value.reveal()));
    RequestBody rb = null;
    if (!body.isEmpty()) {
      String text = body.render(labels, config.name(), approver, n -> secrets.get(n).reveal());
      rb = RequestBody.create(text, MediaType.get(contentType() + "; charset=utf-8"));
    } else if (!method().equals("GET") && !method().equals("DELETE")) {
      rb = RequestBody.create(new byte[0], null);
    }
    return b.method(method(), rb).build();
  }
}
