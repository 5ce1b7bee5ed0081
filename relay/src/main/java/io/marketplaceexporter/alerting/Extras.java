package io.marketplaceexporter.alerting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a message carries besides its alerts: the drill marking and the approval links, as buttons
 * or as markdown links at the top of the text (where the size limit never cuts them).
 */
final class Extras {
  /** Starts the title of a message that is only about fault drills, and each drill alert's line. */
  static final String DRILL_PREFIX = "🧪 [DRILL] ";

  /**
   * Starts the title of the exporter's own notices; with DingTalk's or Feishu's keyword setting
   * {@code NOTICE} is the keyword they need, as {@code FIRING} and {@code RESOLVED} are for alerts.
   */
  static final String NOTICE_PREFIX = "📣 [NOTICE] ";

  /** Button labels are kept short: Feishu shows at most 100 characters. */
  private static final int MAX_LABEL = 60;

  private Extras() {}

  /** A firing alert's button, as the link source gave it. */
  record Linked(Button button, AlertGroup.Alert alert) {}

  /**
   * One button per distinct URL, in the order of the alerts; when a message has several, each label
   * says whose it is (the shop, else marketplace / site), since one action serves many.
   */
  static List<Button> buttons(List<Linked> linked) {
    Map<String, Linked> byUrl = new LinkedHashMap<>();
    for (Linked l : linked) {
      byUrl.putIfAbsent(l.button().url(), l);
    }
    List<Button> out = new ArrayList<>();
    for (Linked l : byUrl.values()) {
      String label = l.button().label().strip();
      if (byUrl.size() > 1) {
        String whose = l.alert().label("shop");
        whose = whose.isEmpty() ? MessageRenderer.where(l.alert()) : whose;
        label = whose.isEmpty() ? label : label + " · " + whose;
      }
      out.add(clipped(l.button(), label));
    }
    return out;
  }

  /** {@code b} with {@code label}, clipped; the URL unchanged. */
  static Button clipped(Button b, String label) {
    return new Button(MessageRenderer.clip(label.strip(), MAX_LABEL), b.url());
  }

  /**
   * The lines between the title and the alerts: the drill marking when {@code drills} of {@code
   * total} alerts are drills (of a notice when {@code notice}), then the links shown in the text.
   */
  static String preamble(int drills, int total, List<Button> inText, String br, boolean notice) {
    StringBuilder sb = new StringBuilder();
    if (drills > 0) {
      sb.append("🧪 **DRILL:** ");
      if (notice) {
        sb.append("this notice is about a fault drill, not a real incident.");
      } else if (drills == total) {
        sb.append(
            "a fault drill on the reserved drill shop, not a real incident; nobody is paged.");
      } else {
        sb.append(drills)
            .append(" of ")
            .append(total)
            .append(" alerts are a fault drill (marked [DRILL]); the others are real.");
      }
      sb.append(br);
    }
    for (Button b : inText) {
      String label = b.label().replace('[', '(').replace(']', ')');
      sb.append("👉 ").append(Links.markdown(label, b.url())).append(br);
    }
    return sb.length() == 0 ? "" : sb.append('\n').toString();
  }
}
