package io.marketplaceexporter.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * A secret value (a bearer token, an app secret). It never prints itself: {@link #toString()} is a
 * fixed mask, so a secret cannot leak through a log line or an error message by accident.
 */
public final class Secret {
  private final byte[] digest;
  private final String value;

  private Secret(String value) {
    this.value = value;
    this.digest = sha256(value);
  }

  /**
   * Resolves a reference: {@code ${ENV_NAME}} reads an environment variable, {@code file:/path}
   * reads a file (trailing newline removed); anything else is the secret itself.
   */
  public static Secret resolve(String reference, String key, Map<String, String> env) {
    ConfigException.require(reference != null && !reference.isEmpty(), key, "must not be empty");
    String value;
    if (reference.startsWith("${") && reference.endsWith("}")) {
      String name = reference.substring(2, reference.length() - 1);
      value = env.get(name);
      ConfigException.require(value != null, key, "environment variable " + name + " is not set");
    } else if (reference.startsWith("file:")) {
      Path path = Path.of(reference.substring("file:".length()));
      try {
        value = Files.readString(path, StandardCharsets.UTF_8).strip();
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(key + ": cannot read secret file " + path);
      }
    } else {
      value = reference;
    }
    ConfigException.require(!value.isEmpty(), key, "the secret it refers to is empty");
    return new Secret(value);
  }

  /** A secret given directly, for example from {@code MARKETPLACE_EXPORTER_TOKEN}. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** Compares in constant time (over digests, so the length does not leak either). */
  public boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
  }

  /** The secret itself, for signing or an Authorization header; never log it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "<secret>";
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
