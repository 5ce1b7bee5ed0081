package io.marketplaceexporter.alerting;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.RelayTargetConfig;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.logging.LogText;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * One group robot: its webhook URL (which carries the access token or key) and optional signing
 * secret. Prints itself as {@code robot #n}; {@link #redact} removes both from any text and makes
 * the rest safe to log ({@link LogText#safe}: bounded, escaped, token-shaped values masked).
 */
record Robot(int number, Secret url, Secret secret) {

  static Robot resolve(
      RelayTargetConfig.Robot config, int number, String key, Map<String, String> env) {
    Secret url = Secret.resolve(config.url(), key + ".url", env);
    HttpUrl parsed = HttpUrl.parse(url.reveal());
    if (parsed == null) {
      throw new ConfigException(key + ".url: is not an http:// or https:// URL");
    }
    Secret secret =
        config.secret() == null ? null : Secret.resolve(config.secret(), key + ".secret", env);
    return new Robot(number, url, secret);
  }

  HttpUrl httpUrl() {
    return HttpUrl.get(url.reveal());
  }

  /** {@code text} with the URL, its path and query, and the secret replaced by a mask. */
  String redact(String text) {
    if (text == null) {
      return "";
    }
    HttpUrl u = httpUrl();
    String out = text.replace(url.reveal(), "<robot url>");
    if (u.encodedQuery() != null) {
      out = out.replace(u.encodedQuery(), "<redacted>");
    }
    if (u.encodedPath().length() > 1) {
      out = out.replace(u.encodedPath(), "/<redacted>");
    }
    if (secret != null) {
      out = out.replace(secret.reveal(), "<redacted>");
    }
    return LogText.safe(out);
  }

  @Override
  public String toString() {
    return "robot #" + number;
  }
}
