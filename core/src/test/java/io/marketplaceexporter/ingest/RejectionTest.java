package io.marketplaceexporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.Fixture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way an event can be wrong is rejected, names the field, and changes no metric. */
class RejectionTest {
  private static final String SHOP = "\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"S1\"";
  private static final String LONG = "x".repeat(129);

  static Stream<Arguments> badEvents() {
    return Stream.of(
        bad("{\"type\":\"refund\"," + SHOP + "}", "type", "must be one of order, order_backlog"),
        bad("{" + SHOP + ",\"outcome\":\"success\"}", "type", "is required"),
        bad("42", "event", "must be a JSON object"),
        bad(
            "{\"type\":\"order\",\"shop\":\"S1\",\"outcome\":\"success\"}",
            "marketplace",
            "is required"),
        bad(
            "{\"type\":\"order\",\"marketplace\":\"amzn\",\"shop\":\"S1\",\"outcome\":\"success\"}",
            "marketplace",
            "must be one of amazon, shopee"),
        bad(
            "{\"type\":\"order\",\"marketplace\":\"amazon\",\"shop\":\"\",\"outcome\":\"success\"}",
            "shop",
            "must not be empty"),
        bad(
            "{\"type\":\"order\",\"marketplace\":\"amazon\",\"shop\":\""
                + LONG
                + "\",\"outcome\":\"success\"}",
            "shop",
            "at most 128 characters"),
        bad(
            "{\"type\":\"order\",\"marketplace\":\"amazon\",\"shop\":\"S\\u0007\",\"outcome\":\"success\"}",
            "shop",
            "control characters"),
        bad(
            "{\"type\":\"order\",\"marketplace\":\"amazon\",\"site\":\"U\\nS\",\"shop\":\"S1\",\"outcome\":\"success\"}",
            "site",
            "control characters"),
        bad(
            "{\"type\":\"order\",\"marketplace\":\"amazon\",\"site\":7,\"shop\":\"S1\",\"outcome\":\"success\"}",
            "site",
            "must be a string"),
        bad("{\"type\":\"order\"," + SHOP + "}", "outcome", "is required"),
        bad(
            "{\"type\":\"order\"," + SHOP + ",\"outcome\":\"success\",\"reason\":\"payment\"}",
            "reason",
            "only allowed when outcome is failure"),
        bad(
            "{\"type\":\"order\"," + SHOP + ",\"outcome\":\"failure\",\"reason\":\"fraud\"}",
            "reason",
            "must be one of payment, validation"),
        bad(
            "{\"type\":\"order\"," + SHOP + ",\"outcome\":\"success\",\"count\":0}",
            "count",
            "between 1 and"),
        bad(
            "{\"type\":\"order\"," + SHOP + ",\"outcome\":\"success\",\"count\":-1}",
            "count",
            "between 1 and"),
        bad(
            "{\"type\":\"order\"," + SHOP + ",\"outcome\":\"success\",\"count\":1.5}",
            "count",
            "whole number"),
        bad(
            "{\"type\":\"order\"," + SHOP + ",\"outcome\":\"success\",\"count\":\"3\"}",
            "count",
            "must be a number"),
        bad(
            "{\"type\":\"order\"," + SHOP + ",\"outcome\":\"success\",\"cnt\":3}",
            "cnt",
            "unknown field"),
        bad("{\"type\":\"order_backlog\"," + SHOP + ",\"pending\":-1}", "pending", "between 0 and"),
        bad("{\"type\":\"order_backlog\"," + SHOP + "}", "pending", "is required"),
        bad(
            "{\"type\":\"order_backlog\","
                + SHOP
                + ",\"pending\":3,\"oldest_pending_at\":\"yesterday\"}",
            "oldest_pending_at",
            "RFC 3339"),
        bad(
            "{\"type\":\"sync\","
                + SHOP
                + ",\"system\":\"erp\",\"job\":\"orders\",\"outcome\":\"success\"}",
            "finished_at",
            "is required"),
        bad(
            "{\"type\":\"sync\","
                + SHOP
                + ",\"system\":\"erp\",\"job\":\"stock\",\"outcome\":\"success\",\"finished_at\":1}",
            "job",
            "must be one of orders, inventory, price, listing, logistics"),
        bad(
            "{\"type\":\"sync\","
                + SHOP
                + ",\"system\":\"\",\"job\":\"orders\",\"outcome\":\"success\",\"finished_at\":1}",
            "system",
            "must not be empty"),
        bad(
            "{\"type\":\"sync\","
                + SHOP
                + ",\"system\":\"erp\",\"job\":\"orders\",\"outcome\":\"success\",\"finished_at\":1795507140000}",
            "finished_at",
            "Unix seconds between 0 and"),
        bad(
            "{\"type\":\"api_call\"," + SHOP + ",\"operation\":\"getOrders\",\"status\":99}",
            "status",
            "between 200 and 599"),
        bad(
            "{\"type\":\"api_call\"," + SHOP + ",\"operation\":\"getOrders\",\"status\":600}",
            "status",
            "between 200 and 599"),
        bad(
            "{\"type\":\"api_call\"," + SHOP + ",\"operation\":\"getOrders\",\"status\":\"ok\"}",
            "status",
            "or \"error\""),
        bad(
            "{\"type\":\"api_call\"," + SHOP + ",\"operation\":\"getOrders\"}",
            "status",
            "is required"),
        bad("{\"type\":\"api_call\"," + SHOP + ",\"status\":200}", "operation", "is required"),
        bad(
            "{\"type\":\"api_call\","
                + SHOP
                + ",\"operation\":\"getOrders\",\"status\":200,\"duration_seconds\":-0.5}",
            "duration_seconds",
            "between 0 and"),
        bad(
            "{\"type\":\"api_call\","
                + SHOP
                + ",\"operation\":\"getOrders\",\"status\":200,\"quota_limit\":-5}",
            "quota_limit",
            "between 0 and"),
        bad(
            "{\"type\":\"quota\"," + SHOP + ",\"operation\":\"getOrders\",\"limit\":10}",
            "remaining",
            "is required"),
        bad(
            "{\"type\":\"quota\","
                + SHOP
                + ",\"operation\":\"getOrders\",\"limit\":1e400,\"remaining\":1}",
            "limit",
            "finite"),
        bad(
            "{\"type\":\"token\"," + SHOP + ",\"token\":\"session\",\"expires_at\":1}",
            "token",
            "must be one of access, refresh, client_secret"),
        bad("{\"type\":\"token\"," + SHOP + ",\"token\":\"access\"}", "expires_at", "is required"),
        bad(
            "{\"type\":\"token\"," + SHOP + ",\"token\":\"access\",\"expires_at\":-1}",
            "expires_at",
            "Unix seconds"),
        bad(
            "{\"type\":\"price\"," + SHOP + ",\"sku\":\"A\",\"price\":\"12\"}",
            "price",
            "must be a number"),
        bad("{\"type\":\"price\"," + SHOP + ",\"sku\":\"A\"}", "price", "is required"),
        bad("{\"type\":\"price\"," + SHOP + ",\"sku\":\"A\",\"price\":1e13}", "price", "between"),
        bad("{\"type\":\"price\"," + SHOP + ",\"price\":1}", "sku", "is required"),
        bad(
            "{\"type\":\"price\"," + SHOP + ",\"sku\":\"A\",\"price\":1,\"currency\":\"usd\"}",
            "currency",
            "ISO 4217"),
        bad(
            "{\"type\":\"price\"," + SHOP + ",\"sku\":\"A\",\"price\":1,\"floor\":-1}",
            "floor",
            "between 0 and"),
        bad(
            "{\"type\":\"price\"," + SHOP + ",\"sku\":\"A\",\"price\":1,\"confirmed\":\"yes\"}",
            "confirmed",
            "true or false"),
        bad(
            "{\"type\":\"inventory\"," + SHOP + ",\"sku\":\"A\",\"available\":2.5}",
            "available",
            "whole number"),
        bad("{\"type\":\"inventory\"," + SHOP + ",\"available\":2}", "sku", "is required"),
        bad("{\"type\":\"change\",\"kind\":\"deploy\"}", "service", "is required"),
        bad(
            "{\"type\":\"change\",\"service\":\"erp\",\"kind\":\"hotfix\"}",
            "kind",
            "must be one of deploy, config, price_batch, listing, rollback, other"),
        bad(
            "{\"type\":\"change\",\"service\":\"erp\",\"kind\":\"deploy\",\"version\":\""
                + LONG
                + "\"}",
            "version",
            "at most 128"),
        bad(
            "{\"type\":\"change\",\"service\":\"erp\",\"kind\":\"deploy\",\"marketplace\":\"amazon\"}",
            "marketplace",
            "unknown field"),
        bad(
            "{\"type\":\"order\",\"id\":42," + SHOP + ",\"outcome\":\"success\"}",
            "id",
            "must be a string"));
  }

  private static Arguments bad(String event, String field, String messagePart) {
    return Arguments.of(event, field, messagePart);
  }

  @ParameterizedTest(name = "[{index}] {1}: {2}")
  @MethodSource("badEvents")
  void badEventIsRejectedWithTheFieldNamedAndNoMetricChanged(
      String event, String field, String messagePart) {
    Fixture f = Fixture.create();
    f.send("{\"type\":\"order\"," + SHOP + ",\"outcome\":\"success\"}");
    String before = businessMetrics(f.scrapeText());

    IngestResult r = f.send("[" + event + "]");

    assertThat(r.accepted()).isZero();
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(r.errors())
        .anySatisfy(
            e -> {
              assertThat(e.index()).isZero();
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.message()).contains(messagePart);
            });
    assertThat(businessMetrics(f.scrapeText())).isEqualTo(before);
  }

  @Test
  void rejectionsAreCountedUnderTheirType() {
    Fixture f = Fixture.create();
    f.send("[{\"type\":\"price\"," + SHOP + ",\"sku\":\"A\",\"price\":\"x\"}]");

    assertThat(
            f.value(
                "marketplace_exporter_ingest_events_total", "type", "price", "result", "rejected"))
        .isEqualTo(1.0);
  }

  /** Every line except the ingest counter, which is meant to change. */
  private static String businessMetrics(String text) {
    return text.lines()
        .filter(l -> !l.startsWith("marketplace_exporter_ingest_events_total"))
        .reduce("", (a, b) -> a + b + "\n");
  }
}
