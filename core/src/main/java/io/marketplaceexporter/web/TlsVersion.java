package io.marketplaceexporter.web;

import io.marketplaceexporter.config.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A TLS protocol version as the web configuration names it ({@code TLS12}), with the name the JVM
 * gives it ({@code TLSv1.2}). The JVM disables TLS 1.0 and 1.1 by default ({@code
 * jdk.tls.disabledAlgorithms}), so a {@code min_version} below {@code TLS12} still negotiates 1.2
 * at least.
 */
enum TlsVersion {
  TLS10("TLSv1"),
  TLS11("TLSv1.1"),
  TLS12("TLSv1.2"),
  TLS13("TLSv1.3");

  private final String jvmName;

  TlsVersion(String jvmName) {
    this.jvmName = jvmName;
  }

  String jvmName() {
    return jvmName;
  }

  /** Parses {@code text}; an unknown name fails naming {@code key} and the known ones. */
  static TlsVersion parse(String text, String key) {
    for (TlsVersion v : values()) {
      if (v.name().equals(text)) {
        return v;
      }
    }
    throw new ConfigException(
        key
            + ": unknown TLS version \""
            + text
            + "\"; known: "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
  }

  /** The JVM's names of the versions from {@code min} to {@code max}. */
  static List<String> range(TlsVersion min, TlsVersion max) {
    return Arrays.stream(values())
        .filter(v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0)
        .map(TlsVersion::jvmName)
        .toList();
  }
}
