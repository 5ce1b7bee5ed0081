package io.marketplaceexporter.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A target's robots and their message budgets. Grants a send to the robot with the most budget left
 * (rotating among equals); while more than half the target's budget is left, at once; below that,
 * paced to one send per {@code 60s / budget}, and the very last permit only just before the oldest
 * send ages out. Not thread-safe; its {@link TargetQueue} guards it.
 */
final class RobotPool {
  private static final Duration LAST_PERMIT_LEAD = Duration.ofSeconds(2);

  /** A send allowed now: to which robot, and whether waiting notifications should be merged. */
  record Grant(Robot robot, int index, boolean merge) {}

  private final List<Robot> robots;
  private final List<RateLimiter> limiters = new ArrayList<>();
  private final int capacity;
  private final Duration minInterval;
  private final Instant[] lastSendTo;
  private Instant lastSend = Instant.EPOCH;
  private int nextRobot;

  /**
   * {@code minInterval} spaces two sends to the same robot, for robots that also limit per second
   * (Feishu: 5 a second); zero for none.
   */
  RobotPool(List<Robot> robots, int perMinute, Duration minInterval) {
    this.robots = List.copyOf(robots);
    for (int i = 0; i < robots.size(); i++) {
      limiters.add(new RateLimiter(perMinute));
    }
    this.capacity = perMinute * robots.size();
    this.minInterval = minInterval;
    this.lastSendTo = new Instant[robots.size()];
    Arrays.fill(lastSendTo, Instant.EPOCH);
  }

  /** How many robots the target has. */
  int size() {
    return robots.size();
  }

  /**
   * A send for {@code ready} waiting notifications, recorded against the robot's budget, or null
   * when the budget or the pacing says wait. Merge when more are waiting than the budget has left,
   * or once the budget is below half.
   */
  Grant grant(Instant now, int ready) {
    int permits = 0;
    int robot = -1;
    int best = 0;
    for (int k = 0; k < robots.size(); k++) {
      int i = (nextRobot + k) % robots.size();
      int left = limiters.get(i).permits(now);
      permits += left;
      if (left > best && !lastSendTo[i].plus(minInterval).isAfter(now)) {
        best = left;
        robot = i;
      }
    }
    if (robot < 0) {
      return null;
    }
    boolean low = permits * 2 <= capacity;
    if (low && lastSend.plus(RateLimiter.WINDOW.dividedBy(capacity)).isAfter(now)) {
      return null;
    }
    if (permits == 1 && capacity > 1 && now.isBefore(lastPermitAt(now))) {
      return null;
    }
    limiters.get(robot).record(now);
    lastSend = now;
    lastSendTo[robot] = now;
    nextRobot = (robot + 1) % robots.size();
    return new Grant(robots.get(robot), robot, ready > 1 && (low || ready > permits));
  }

  /**
   * The robot said it is over its limit: nothing more to it for a minute. True when another robot
   * of the target still has budget.
   */
  boolean saturate(int robot, Instant now) {
    limiters.get(robot).saturate(now);
    boolean other = false;
    for (RateLimiter l : limiters) {
      other |= l.permits(now) > 0;
    }
    return other;
  }

  /**
   * When the last permit of the minute may be used: just before the oldest send ages out, so that
   * it carries everything that piled up meanwhile instead of going early and leaving nothing for
   * the rest of the minute.
   */
  private Instant lastPermitAt(Instant now) {
    Instant oldest = null;
    for (RateLimiter l : limiters) {
      Instant e = l.oldestExpiry(now);
      oldest = oldest == null || e.isBefore(oldest) ? e : oldest;
    }
    return oldest.minus(LAST_PERMIT_LEAD);
  }
}
