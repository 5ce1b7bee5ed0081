package io.marketplaceexporter.plugin.relay;

import io.marketplaceexporter.alerting.AlertRelay;
import io.marketplaceexporter.alerting.Button;
import io.marketplaceexporter.alerting.RelayHooks;
import io.marketplaceexporter.alerting.RelayNotice;
import io.marketplaceexporter.config.DrillsConfig;
import io.marketplaceexporter.http.ExtraRoutes;
import io.marketplaceexporter.logging.LogText;
import io.marketplaceexporter.operations.ApprovalLinks;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.DeliveryListener;
import io.marketplaceexporter.operations.Notice;
import io.marketplaceexporter.plugin.Plugin;
import io.marketplaceexporter.status.RelayQueues;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert relay plugged into the exporter: an {@link AlertRelay} built from {@code relay} in the
 * configuration (without targets when there is none), its webhook {@code POST
 * /alertmanager/{channel}/{target}} on the exporter's server, its delivery started and stopped with
 * the exporter. It connects the relay to the operations: firing alerts' messages carry the approval
 * links the exporter issues, drill alerts ({@code drills:}) are marked, each delivered alert is
 * told to the delivery listener, and the exporter's notices are posted through {@link
 * #chatPoster()}.
 */
public final class RelayPlugin implements Plugin {
  private static final Logger LOG = LoggerFactory.getLogger(RelayPlugin.class);
  private final AlertRelay relay;

  /** A {@link Plugin.Factory}: {@code RelayPlugin::new}. */
  public RelayPlugin(Plugin.Context c) {
    this.relay =
        new AlertRelay(
            c.config().relay(),
            c.env(),
            c.registry(),
            robotClient(c.httpClient()),
            c.clock(),
            c.storagePath(),
            c.storageMetrics(),
            hooks(c.approvalLinks(), c.config().drills(), c.deliveries()));
  }

  /** The operations' contracts as the relay's plain functions. */
  static RelayHooks hooks(ApprovalLinks links, DrillsConfig drills, DeliveryListener deliveries) {
    return new RelayHooks(
        (channel, target, labels) ->
            links
                .linkFor(new ChatGroup(channel, target), labels)
                .map(l -> new Button(l.label(), l.url().toString())),
        drills::isDrill,
        (channel, target, labels, at) ->
            deliveries.delivered(new ChatGroup(channel, target), labels, at));
  }

  /**
   * Queues an operations notice for a relay target; false for an unknown target, a full queue or a
   * notice that cannot be sent (a button without a URL). Never throws, as {@link ChatPoster} says.
   */
  private boolean post(ChatGroup group, Notice notice) {
    RelayNotice n;
    try {
      Button button =
          notice.button().map(b -> new Button(b.label(), b.url().toString())).orElse(null);
      n = new RelayNotice(notice.title(), notice.markdown(), button, notice.drill());
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "notice {} for {} not posted: {}", LogText.safe(notice.title()), group, e.getMessage());
      return false;
    }
    return relay.post(group.channel(), group.target(), n);
  }

  @Override
  public ChatPoster chatPoster() {
    return this::post;
  }

  /** Chat robots answer fast or not at all: shorter timeouts than marketplace APIs. */
  private static OkHttpClient robotClient(OkHttpClient shared) {
    return shared
        .newBuilder()
        .readTimeout(Duration.ofSeconds(10))
        .callTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** The relay. */
  public AlertRelay relay() {
    return relay;
  }

  @Override
  public RelayQueues relayQueues() {
    return relay;
  }

  @Override
  public void routes(ExtraRoutes routes) {
    routes
        .javalin()
        .post(
            "/alertmanager/{channel}/{target}",
            new RelayHandler(relay, routes.maxRequestBytes())::handle);
  }

  @Override
  public void start(ScheduledExecutorService background) {
    relay.start();
  }

  @Override
  public void close() {
    relay.close();
  }
}
