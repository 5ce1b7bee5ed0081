package io.marketplaceexporter.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version and Git revision, written into the jar at build time. */
public record BuildInfo(String version, String revision) {
  private static final String RESOURCE = "/io/marketplaceexporter/build.properties";

  public static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return new BuildInfo(clean(p.getProperty("version")), clean(p.getProperty("revision")));
  }

  private static String clean(String v) {
    return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v;
  }
}
