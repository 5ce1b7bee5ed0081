package io.marketplaceexporter.operations.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.json.JsonMappers;
import io.marketplaceexporter.operations.ChatGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Encodes and checks approval tokens: {@code base64url(JSON payload) "." base64url(HMAC-SHA256)},
 * signed with {@link HmacSha256} under the exporter's signing key. A token whose signature does not
 * match (forged, tampered, or signed by another exporter's key) or that does not parse is {@link
 * Optional#empty()}; expiry and use are checked by the caller, which knows the time and the used
 * nonces.
 */
public final class ApprovalTokens {
  /** Longer tokens are refused before any work: no alert's labels need more. */
  static final int MAX_TOKEN_CHARS = 8192;

  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Secret key;

  public ApprovalTokens(Secret key) {
    this.key = key;
  }

  /** A new token for {@code action} on the alert {@code labels}, posted to {@code group}. */
  public String issue(String action, Map<String, String> labels, ChatGroup group, Instant expires) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    return encode(new ApprovalToken(action, labels, group, expires, B64.encodeToString(nonce)));
  }

  String encode(ApprovalToken t) {
    ObjectNode p = MAPPER.createObjectNode();
    p.put("a", t.action());
    ObjectNode labels = p.putObject("l");
    new TreeMap<>(t.labels()).forEach(labels::put);
    p.putArray("g").add(t.group().channel()).add(t.group().target());
    p.put("e", t.expires().getEpochSecond());
    p.put("n", t.nonce());
    String payload = B64.encodeToString(p.toString().getBytes(StandardCharsets.UTF_8));
    return payload + "." + signature(payload);
  }

  /** The token's content when its signature is this exporter's; empty otherwise. */
  public Optional<ApprovalToken> verify(String token) {
    if (token == null || token.length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return Optional.empty();
    }
    String payload = token.substring(0, dot);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = signature(payload).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, expected)) {
      return Optional.empty();
    }
    try {
      JsonNode p = MAPPER.readTree(Base64.getUrlDecoder().decode(payload));
      Map<String, String> labels = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : p.get("l").properties()) {
        labels.put(e.getKey(), e.getValue().asText());
      }
      return Optional.of(
          new ApprovalToken(
              p.get("a").asText(),
              labels,
              new ChatGroup(p.get("g").get(0).asText(), p.get("g").get(1).asText()),
              Instant.ofEpochSecond(p.get("e").asLong()),
              p.get("n").asText()));
    } catch (java.io.IOException | RuntimeException e) {
      // Signed by us but unreadable: only an older format could be; treated as forged.
      return Optional.empty();
    }
  }

  private String signature(String payload) {
    byte[] mac = Base64.getDecoder().decode(HmacSha256.base64(key.reveal(), "approval:" + payload));
    return B64.encodeToString(mac);
  }
}
