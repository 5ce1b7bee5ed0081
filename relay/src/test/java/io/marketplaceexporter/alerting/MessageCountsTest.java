package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.config.RelayTargetConfig;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The counts in a message's title and section headers are the counts of the alerts it lists (issue
 * 13, part 4: a merged section headed "[FIRING:72] 2 alerts" listed 72 alerts).
 */
class MessageCountsTest {
  private static final Pattern HEADER =
      Pattern.compile(
          "^\\*\\*\\[(FIRING|RESOLVED):(\\d+)(?:, (FIRING|RESOLVED):(\\d+))?\\] (.*)\\*\\*$");

  private static MessageRenderer renderer() {
    return new MessageRenderer(
        new DingTalkDialect(),
        ZoneId.of("Asia/Shanghai"),
        new Mentions(new RelayTargetConfig.Mention(List.of(), List.of(), List.of(), Map.of())));
  }

  /**
   * A notification grouped by shop only, as with {@code group_by: [shop]}: its two alerts have
   * different names, so neither the group labels nor the common labels carry an alertname.
   */
  private static AlertGroup groupedByShop(int shop) {
    ObjectNode a = Payloads.alert("OrderFailureRateHigh", "critical", "shop-" + shop);
    ObjectNode b = Payloads.alert("InventorySyncStale", "critical", "shop-" + shop);
    ObjectNode p = Payloads.group("firing", a, b);
    ((ObjectNode) p.get("groupLabels")).remove("alertname");
    ((ObjectNode) p.get("commonLabels")).remove("alertname");
    return Payloads.parsed(p);
  }

  /** Per section header: the counts it states and the alert lines listed under it. */
  private record Section(
      String header, int firing, int resolved, int listedFiring, int listedResolved) {}

  private static List<Section> sections(String text) {
    List<Section> out = new ArrayList<>();
    String header = null;
    int firing = 0;
    int resolved = 0;
    int listedFiring = 0;
    int listedResolved = 0;
    for (String line : (text + "\n**[FIRING:0] end**").split("\n")) {
      Matcher m = HEADER.matcher(line.strip());
      if (m.matches()) {
        if (header != null) {
          out.add(new Section(header, firing, resolved, listedFiring, listedResolved));
        }
        header = line.strip();
        firing = resolved = listedFiring = listedResolved = 0;
        for (int g = 1; g <= 3 && m.group(g) != null; g += 2) {
          int n = Integer.parseInt(m.group(g + 1));
          if (m.group(g).equals("FIRING")) {
            firing = n;
          } else {
            resolved = n;
          }
        }
      } else if (line.startsWith("- ✅ ")) {
        listedResolved++;
      } else if (line.startsWith("- ")) {
        listedFiring++;
      }
    }
    return out;
  }

  @Nested
  class MergedSections {
    @Test
    void aSectionOfGroupsWithoutACommonAlertNameCountsWhatItLists() {
      List<AlertGroup> groups = new ArrayList<>();
      for (int shop = 0; shop < 36; shop++) {
        groups.add(groupedByShop(shop));
      }
      Message m = renderer().render(groups, MessageRenderer.Detail.COMPACT, MessageRenderer.ALL);

      List<Section> sections = sections(m.text());
      assertThat(sections).isNotEmpty();
      int listed = 0;
      for (Section s : sections) {
        assertThat(s.header()).doesNotContain(" 2 alerts");
        assertThat(s.firing()).as(s.header()).isEqualTo(s.listedFiring());
        assertThat(s.resolved()).as(s.header()).isEqualTo(s.listedResolved());
        listed += s.listedFiring();
      }
      assertThat(listed).isEqualTo(72);
      assertThat(sections.get(0).header())
          .isEqualTo("**[FIRING:72] OrderFailureRateHigh, InventorySyncStale · critical**");
    }

    @Test
    void aFiringGroupThatAlsoCarriesResolvedAlertsCountsBoth() {
      ObjectNode up = Payloads.alert("OrderFailureRateHigh", "critical", "shop-1");
      ObjectNode also = Payloads.alert("OrderFailureRateHigh", "critical", "shop-2");
      ObjectNode over =
          Payloads.resolved(Payloads.alert("OrderFailureRateHigh", "critical", "shop-3"));
      List<AlertGroup> groups =
          List.of(
              Payloads.parsed(Payloads.group("firing", up, also, over)),
              Payloads.parsed(Payloads.firing("OrderFailureRateHigh", "critical", "shop-4")));
      Message m = renderer().render(groups, MessageRenderer.Detail.COMPACT, MessageRenderer.ALL);

      List<Section> sections = sections(m.text());
      assertThat(sections).hasSize(1);
      Section s = sections.get(0);
      assertThat(s.header()).startsWith("**[FIRING:3, RESOLVED:1] OrderFailureRateHigh");
      assertThat(s.listedFiring()).isEqualTo(3);
      assertThat(s.listedResolved()).isEqualTo(1);
    }
  }

  @Nested
  class Titles {
    @Test
    void aSingleNotificationsTitleCountsItsFiringAndResolvedAlerts() {
      ObjectNode up = Payloads.alert("OrderFailureRateHigh", "critical", "shop-1");
      ObjectNode over =
          Payloads.resolved(Payloads.alert("OrderFailureRateHigh", "critical", "shop-2"));
      AlertGroup g = Payloads.parsed(Payloads.group("firing", up, over));
      Message m = renderer().render(List.of(g), MessageRenderer.Detail.FULL, MessageRenderer.ALL);
      assertThat(m.title()).isEqualTo("🔥 [FIRING:1, RESOLVED:1] OrderFailureRateHigh · critical");
      assertThat(m.text())
          .contains("shop-1")
          .contains("✅ **[critical] OrderFailureRateHigh** · amazon / US / shop-2");
    }

    @Test
    void aGroupWithoutAnAlertNameIsTitledByItsAlertsNames() {
      Message m =
          renderer()
              .render(List.of(groupedByShop(7)), MessageRenderer.Detail.FULL, MessageRenderer.ALL);
      assertThat(m.title())
          .isEqualTo("🔥 [FIRING:2] OrderFailureRateHigh, InventorySyncStale · critical");
    }
  }
}
