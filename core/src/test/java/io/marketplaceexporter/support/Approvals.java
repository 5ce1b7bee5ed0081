package io.marketplaceexporter.support;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.operations.ApprovalLinks;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.Notice;
import io.marketplaceexporter.plugin.Plugin;
import io.marketplaceexporter.web.WebConfigFile;
import io.marketplaceexporter.web.WebSecurity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Rollback-action test support: a web configuration with users {@code alice} (an approver) and
 * {@code bob} (not one), an {@code actions:} section whose action calls a fake CI endpoint, and a
 * plug-in that plays the relay: it keeps the {@link ApprovalLinks} the exporter hands it and
 * records every notice posted to it.
 */
public final class Approvals {
  public static final String PASSWORD = "correct horse battery";
  public static final String CI_TOKEN = "sekrit-body-token-42";
  public static final String CI_AUTH = "Bearer sekrit-header-43";
  public static final ChatGroup GROUP = new ChatGroup("dingtalk", "oncall");

  /** The firing alert the action serves; its shop label tries to break out of the JSON string. */
  public static final Map<String, String> ALERT =
      Map.of(
          "alertname", "PriceZeroOrNegative",
          "marketplace", "amazon",
          "shop", "A1\",\"evil\":\"x",
          "severity", "critical");

  private Approvals() {}

  /**
   * {@code link} with one character of its signature changed to a different one. Replacing the tail
   * with a constant is not enough: a random signature ends in that constant once in 65,536 links,
   * and then the "forged" link is the real one (CI met it once).
   */
  public static String forged(String link) {
    int i = link.length() - 2;
    char other = link.charAt(i) == 'A' ? 'B' : 'A';
    return link.substring(0, i) + other + link.substring(i + 1);
  }

  /** The web configuration's users alice and bob, both with {@link #PASSWORD}. */
  public static WebSecurity users(Path dir) {
    return WebSecurity.of(
        WebConfigFile.parse(
            "basic_auth_users:\n  alice: " + bcrypt() + "\n  bob: " + bcrypt() + "\n"),
        dir);
  }

  static String bcrypt() {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", PASSWORD.getBytes(StandardCharsets.UTF_8), salt, 4);
  }

  /** The configuration: one action, restore-price-file, for PriceZeroOrNegative, approver alice. */
  public static ExporterConfig config(String extra) {
    return ConfigLoader.parse(
        """
        auth:
          allow_unauthenticated: true
        actions:
          external_url: https://exporter.example.com/
          link_ttl: 30m
          rollbacks:
            - name: restore-price-file
              service: price-engine
              alerts: [PriceZeroOrNegative, PriceAnomalyDetected]
              match:
                marketplace: amazon
              approvers: [alice]
              request:
                method: POST
                url: ${CI_URL}
                headers:
                  Authorization: ${CI_AUTH}
                secrets:
                  token: ${CI_TOKEN}
                body: '{"job": "{{action}}", "shop": "{{labels.shop}}", "by": "{{approver}}", "token": "{{secrets.token}}"}'
                timeout: 5s
        """
            + extra);
  }

  public static Map<String, String> env(String ciUrl) {
    return Map.of("CI_URL", ciUrl, "CI_AUTH", CI_AUTH, "CI_TOKEN", CI_TOKEN);
  }

  /** Plays the relay: keeps the approval links, records notices. */
  public static final class FakeRelay implements Plugin {
    public final List<Notice> notices = new CopyOnWriteArrayList<>();
    public ApprovalLinks links = ApprovalLinks.NONE;

    public Exporter.Options options(WebSecurity web) {
      return Exporter.Options.plain()
          .withWeb(web)
          .with(
              ctx -> {
                links = ctx.approvalLinks();
                return this;
              });
    }

    @Override
    public ChatPoster chatPoster() {
      return (group, notice) -> notices.add(notice);
    }

    /** The path and query of the link the relay would put in its message for {@link #ALERT}. */
    public String linkPath() {
      return links.linkFor(GROUP, ALERT).orElseThrow().url().getRawPath();
    }
  }
}
