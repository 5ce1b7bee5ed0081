package io.marketplaceexporter.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a UTF-8 message keyed by a UTF-8 secret. The key and message are the caller's
 * business; neither is ever part of an exception or log line raised here.
 */
public final class HmacSha256 {
  private static final String ALGORITHM = "HmacSHA256";

  private HmacSha256() {}

  /** Lower-case hex of the MAC (Shopee, TikTok Shop; Lazada upper-cases it). */
  public static String hex(String key, String message) {
    return HexFormat.of().formatHex(mac(key, message));
  }

  /** Standard Base64 (with padding) of the MAC (DingTalk, Feishu robots). */
  public static String base64(String key, String message) {
    return Base64.getEncoder().encodeToString(mac(key, message));
  }

  /**
   * One {@link Mac} per thread, initialised with each call's key: {@code Mac.getInstance} searches
   * the security providers every time, which was about 6% of a poll's CPU. A Mac is not
   * thread-safe; {@code init} resets it, so nothing of one call's key or message reaches the next.
   */
  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance(ALGORITHM);
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
            }
          });

  private static byte[] mac(String key, String message) {
    try {
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
    }
  }
}
