package io.marketplaceexporter.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Alertmanager webhook payloads (version 4) for tests. */
final class Payloads {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EXTERNAL_URL = "http://alertmanager.example:9093";

  private Payloads() {}

  /** A firing alert on amazon/US with summary, description, runbook and dashboard links. */
  static ObjectNode alert(String alertname, String severity, String shop) {
    ObjectNode a = JSON.createObjectNode();
    a.put("status", "firing");
    ObjectNode labels = a.putObject("labels");
    labels.put("alertname", alertname);
    labels.put("severity", severity);
    labels.put("marketplace", "amazon");
    labels.put("site", "US");
    labels.put("shop", shop);
    ObjectNode ann = a.putObject("annotations");
    ann.put("summary", "Order failures above 5% on " + shop);
    ann.put("description", "12 of 200 orders failed in the last 10 minutes.");
    ann.put("runbook_url", "https://runbooks.example.com/" + alertname);
    ann.put("dashboard_url", "https://grafana.example.com/d/orders?var-shop=" + shop);
    a.put("startsAt", "2026-11-24T09:00:00Z");
    a.put("endsAt", "0001-01-01T00:00:00Z");
    a.put("generatorURL", "http://prometheus.example:9090/graph?g0.expr=x");
    a.put("fingerprint", "f" + Math.abs((alertname + shop).hashCode()));
    return a;
  }

  static ObjectNode resolved(ObjectNode alert) {
    ObjectNode a = alert.deepCopy();
    a.put("status", "resolved");
    a.put("endsAt", "2026-11-24T09:30:00Z");
    return a;
  }

  /** A notification whose group labels are the first alert's alertname and shop. */
  static ObjectNode group(String status, ObjectNode... alerts) {
    ObjectNode p = JSON.createObjectNode();
    p.put("receiver", "dingtalk-oncall");
    p.put("status", status);
    ArrayNode list = p.putArray("alerts");
    for (ObjectNode a : alerts) {
      list.add(a);
    }
    ObjectNode first = (ObjectNode) alerts[0].get("labels");
    ObjectNode groupLabels = p.putObject("groupLabels");
    groupLabels.put("alertname", first.get("alertname").asText());
    groupLabels.put("shop", first.get("shop").asText());
    ObjectNode common = p.putObject("commonLabels");
    common.setAll(groupLabels);
    common.put("severity", first.get("severity").asText());
    p.putObject("commonAnnotations");
    p.put("externalURL", EXTERNAL_URL);
    p.put("version", "4");
    p.put("groupKey", "{}:{alertname=\"" + first.get("alertname").asText() + "\"}");
    p.put("truncatedAlerts", 0);
    return p;
  }

  static ObjectNode firing(String alertname, String severity, String shop) {
    return group("firing", alert(alertname, severity, shop));
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static AlertGroup parsed(ObjectNode node) {
    return PayloadParser.parse(bytes(node));
  }

  static Map<String, String> env(String... kv) {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
