package io.marketplaceexporter.operations.watch;

import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.Notice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A chat poster that keeps what it is asked to post. */
final class RecordingPoster implements ChatPoster {
  record Posted(ChatGroup group, Notice notice) {}

  final List<Posted> posted = Collections.synchronizedList(new ArrayList<>());

  @Override
  public boolean post(ChatGroup group, Notice notice) {
    posted.add(new Posted(group, notice));
    return true;
  }

  List<String> titles() {
    synchronized (posted) {
      return posted.stream().map(p -> p.notice().title()).toList();
    }
  }
}
