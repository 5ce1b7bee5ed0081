package io.marketplaceexporter.alerting;

import java.util.List;

/**
 * A rendered message: the title (DingTalk's notification preview, Feishu's card header), the
 * markdown text in the channel's dialect, whether anything in it fires, and who it mentions.
 */
record Message(
    String title, String text, boolean firing, List<String> mobiles, List<String> userIds) {
  Message {
    mobiles = List.copyOf(mobiles);
    userIds = List.copyOf(userIds);
  }

  Message withText(String t) {
    return new Message(title, t, firing, mobiles, userIds);
  }
}
