package io.marketplaceexporter.alerting;

import java.util.List;

/**
 * A rendered message: the title (DingTalk's notification preview, Feishu's card header), the
 * markdown text in the channel's dialect, its tone (firing, resolved, or the exporter's own
 * notice), who it mentions, and the buttons it carries where the robot shows buttons (empty where
 * the links are in the text).
 */
record Message(
    String title,
    String text,
    Tone tone,
    List<String> mobiles,
    List<String> userIds,
    List<Button> buttons) {
  /** How the robot colours the message where it can (Feishu's card header). */
  enum Tone {
    FIRING,
    RESOLVED,
    NOTICE
  }

  Message {
    mobiles = List.copyOf(mobiles);
    userIds = List.copyOf(userIds);
    buttons = List.copyOf(buttons);
  }

  /** An alert message without buttons. */
  Message(String title, String text, boolean firing, List<String> mobiles, List<String> userIds) {
    this(title, text, firing ? Tone.FIRING : Tone.RESOLVED, mobiles, userIds, List.of());
  }

  boolean firing() {
    return tone == Tone.FIRING;
  }

  Message withText(String t) {
    return new Message(title, t, tone, mobiles, userIds, buttons);
  }
}
