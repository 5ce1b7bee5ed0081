package io.marketplaceexporter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The approval page's server-side sessions and sign-in throttle. A session (its id in an HttpOnly,
 * SameSite=Strict cookie) holds a synchronizer token that every form must echo, and, once signed
 * in, the user. Sign-in failures are counted per user name and per client address: after {@link
 * #MAX_FAILURES} within {@link #WINDOW}, further attempts are refused before any password check.
 */
final class ApprovalSessions {
  static final Duration TTL = Duration.ofMinutes(15);
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final int MAX_FAILURES = 5;
  static final int MAX_SESSIONS = 10_000;

  /** A session: its synchronizer token and the signed-in user (null before sign-in). */
  record Session(String id, String csrf, String user, Instant expires) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Clock clock;
  private final Map<String, Session> sessions = new HashMap<>();
  private final Map<String, Deque<Instant>> failures = new HashMap<>();

  ApprovalSessions(Clock clock) {
    this.clock = clock;
  }

  /** A new session, signed in as {@code user} (null: not signed in). */
  synchronized Session create(String user) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> !now.isBefore(s.expires()));
      if (sessions.size() >= MAX_SESSIONS) {
        sessions.clear();
      }
    }
    Session s = new Session(random(), random(), user, now.plus(TTL));
    sessions.put(s.id(), s);
    return s;
  }

  synchronized Optional<Session> get(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null || !clock.instant().isBefore(s.expires())) {
      sessions.remove(id);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  synchronized void remove(String id) {
    sessions.remove(id);
  }

  /** Whether {@code given} is the session's synchronizer token (constant time). */
  static boolean csrfMatches(Session s, String given) {
    return given != null
        && MessageDigest.isEqual(
            s.csrf().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether sign-in attempts for {@code user} or from {@code ip} are refused for now. */
  synchronized boolean throttled(String user, String ip) {
    return recent("user:" + user) >= MAX_FAILURES || recent("ip:" + ip) >= MAX_FAILURES;
  }

  synchronized void failed(String user, String ip) {
    Instant now = clock.instant();
    if (failures.size() > MAX_SESSIONS) {
      failures.clear();
    }
    failures.computeIfAbsent("user:" + user, k -> new ArrayDeque<>()).add(now);
    failures.computeIfAbsent("ip:" + ip, k -> new ArrayDeque<>()).add(now);
  }

  private int recent(String key) {
    Deque<Instant> d = failures.get(key);
    if (d == null) {
      return 0;
    }
    Instant horizon = clock.instant().minus(WINDOW);
    for (Iterator<Instant> it = d.iterator(); it.hasNext(); ) {
      if (it.next().isBefore(horizon)) {
        it.remove();
      }
    }
    return d.size();
  }

  private static String random() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
