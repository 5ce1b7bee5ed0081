package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operations' side of the relay for tests: approval links for alerts by name, the drill shop
 * {@code drill/drill-shop}, and a record of every link asked for and every delivery told.
 */
final class FakeOperations {
  /** A signed-looking link whose query has every character that must reach the robot unchanged. */
  static final String URL =
      "https://exporter.example:9877/approve?t=AbC%2B%2F%3D~x&sig=x/y+z==&exp=1764489600&a=b%26c";

  record Delivery(String channel, String target, Map<String, String> labels, Instant at) {}

  private final Map<String, String> actionsByAlert;
  final List<Map<String, String>> asked = Collections.synchronizedList(new ArrayList<>());
  final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
  volatile RuntimeException failure;
  volatile RuntimeException deliveryFailure;

  /** {@code actionsByAlert}: alert name → action; the link is {@link #URL} with the shop. */
  FakeOperations(Map<String, String> actionsByAlert) {
    this.actionsByAlert = Map.copyOf(actionsByAlert);
  }

  static FakeOperations rollbackFor(String alertname) {
    return new FakeOperations(Map.of(alertname, "restore-price-file"));
  }

  /**
   * The link for an alert of {@code shop}: {@link #URL} for shop-1, else with the shop appended.
   */
  static String url(String shop) {
    return shop.equals("shop-1") ? URL : URL + "&shop=" + shop;
  }

  RelayHooks hooks() {
    return new RelayHooks(
        (channel, target, labels) -> {
          asked.add(labels);
          if (failure != null) {
            throw failure;
          }
          String action = actionsByAlert.get(labels.get("alertname"));
          return action == null
              ? Optional.empty()
              : Optional.of(
                  new Button(
                      "Approve rollback: " + action, url(labels.getOrDefault("shop", "shop-1"))));
        },
        labels ->
            "drill".equals(labels.get("marketplace")) && "drill-shop".equals(labels.get("shop")),
        (channel, target, labels, at) -> {
          deliveries.add(new Delivery(channel, target, labels, at));
          if (deliveryFailure != null) {
            throw deliveryFailure;
          }
        });
  }

  /** A firing alert on the drill shop ({@code drill/drill-shop}). */
  static ObjectNode drillAlert(String alertname, String severity) {
    ObjectNode a = Payloads.alert(alertname, severity, "drill-shop");
    ((ObjectNode) a.get("labels")).put("marketplace", "drill");
    return a;
  }

  /** The official fixture of messages with links ({@code robots/official/buttons.json}). */
  static JsonNode buttons() {
    return OfficialRobot.resource("buttons");
  }
}
