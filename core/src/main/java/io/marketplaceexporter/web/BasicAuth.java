package io.marketplaceexporter.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Checks {@code Authorization: Basic} against {@code basic_auth_users}. A bcrypt check costs tens
 * of milliseconds, so, as in the exporter toolkit, a successful check is remembered per (user,
 * hash, SHA-256 of the password) and a scrape every few seconds costs one digest; failures are
 * never remembered, so a wrong password always costs a full bcrypt check. Checks run one at a time,
 * so a flood of wrong passwords uses one core, not all. An unknown user is checked against a decoy
 * hash of the same cost, so the time taken does not tell which user names exist. Passwords and
 * hashes are never logged or kept in clear.
 */
final class BasicAuth {
  /** More distinct successful logins than this and the memory is cleared: it is a cache. */
  static final int MAX_REMEMBERED = 1024;

  private final Map<String, String> users;
  private final String decoyHash;
  private final Set<String> verified = ConcurrentHashMap.newKeySet();
  private final ReentrantLock bcrypt = new ReentrantLock();

  BasicAuth(Map<String, String> users) {
    this.users = Map.copyOf(users);
    int cost =
        users.values().stream()
            .mapToInt(h -> WebConfigFile.bcryptCost(h, "basic_auth_users"))
            .max()
            .orElse(10);
    byte[] salt = new byte[16];
    byte[] password = new byte[24];
    SecureRandom random = new SecureRandom();
    random.nextBytes(salt);
    random.nextBytes(password);
    this.decoyHash = OpenBSDBCrypt.generate("2y", password, salt, cost);
  }

  /** Whether {@code authorization} (the header's value, or null) holds a known user's password. */
  boolean admits(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    return verifies(
        decoded.substring(0, colon), decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code password} is {@code user}'s (the approval page's sign-in form asks too). */
  boolean verifies(String user, byte[] password) {
    String hash = users.get(user);
    boolean known = hash != null;
    if (!known) {
      hash = decoyHash;
    }
    String remembered = fingerprint(user, hash, password);
    if (known && verified.contains(remembered)) {
      return true;
    }
    boolean ok;
    bcrypt.lock();
    try {
      ok = OpenBSDBCrypt.checkPassword(hash, password);
    } catch (IllegalArgumentException e) {
      // Longer than bcrypt's 72 bytes, or otherwise unusable: not a match.
      ok = false;
    } finally {
      bcrypt.unlock();
    }
    if (ok && known) {
      if (verified.size() >= MAX_REMEMBERED) {
        verified.clear();
      }
      verified.add(remembered);
      return true;
    }
    return false;
  }

  /** How many successful logins are remembered (for tests). */
  int remembered() {
    return verified.size();
  }

  private static String fingerprint(String user, String hash, byte[] password) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] part :
          new byte[][] {
            user.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8), password
          }) {
        d.update(Integer.toString(part.length).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) ':');
        d.update(part);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
