package io.marketplaceexporter.operations;

import java.util.Objects;

/**
 * A group chat the relay posts to: a relay target, as in {@code POST
 * /alertmanager/{channel}/{target}} ({@code channel} one of {@code dingtalk}, {@code wecom}, {@code
 * feishu}).
 */
public record ChatGroup(String channel, String target) {
  public ChatGroup {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(target, "target");
  }

  @Override
  public String toString() {
    return channel + "/" + target;
  }
}
