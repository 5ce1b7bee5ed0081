package io.marketplaceexporter.alerting;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The robots' request signatures. Both sign {@code timestamp + "\n" + secret} with HMAC-SHA256. */
final class Signatures {
  private Signatures() {}

  /**
   * DingTalk: Base64 of HMAC-SHA256 over {@code timestamp + "\n" + secret} keyed with the secret;
   * {@code timestamp} is Unix milliseconds. The caller URL-encodes it into the {@code sign} query
   * parameter.
   */
  static String dingtalk(long timestampMillis, String secret) {
    return hmac(secret, timestampMillis + "\n" + secret);
  }

  /**
   * Feishu: Base64 of HMAC-SHA256 over an empty message keyed with {@code timestamp + "\n" +
   * secret}; {@code timestamp} is Unix seconds.
   */
  static String feishu(long timestampSeconds, String secret) {
    return hmac(timestampSeconds + "\n" + secret, "");
  }

  private static String hmac(String key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
    }
  }
}
