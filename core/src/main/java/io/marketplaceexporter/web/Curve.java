package io.marketplaceexporter.web;

import io.marketplaceexporter.config.ConfigException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An entry of {@code tls_server_config.curve_preferences}: the Go name the exporter toolkit accepts
 * ({@code CurveP256}, Go's {@code tls.CurveID} constants) and the JVM's name of the same TLS named
 * group ({@code secp256r1}).
 */
enum Curve {
  CURVE_P256("CurveP256", "secp256r1", "1.2.840.10045.3.1.7"),
  CURVE_P384("CurveP384", "secp384r1", "1.3.132.0.34"),
  CURVE_P521("CurveP521", "secp521r1", "1.3.132.0.35"),
  X25519("X25519", "x25519", "1.3.101.110");

  final String configName;
  final String jvmName;
  private final String oid;

  Curve(String configName, String jvmName, String oid) {
    this.configName = configName;
    this.jvmName = jvmName;
    this.oid = oid;
  }

  /** The curve of an EC key, if it is one of these (the JVM names it, or gives its OID). */
  static Optional<Curve> of(ECPublicKey key) {
    String name;
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(key.getParams());
      name = p.getParameterSpec(ECGenParameterSpec.class).getName();
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
    return Arrays.stream(values())
        .filter(c -> c.jvmName.equals(name) || c.oid.equals(name))
        .findFirst();
  }

  /** Parses {@code text}; an unknown name fails naming {@code key} and the known ones. */
  static Curve parse(String text, String key) {
    for (Curve c : values()) {
      if (c.configName.equals(text)) {
        return c;
      }
    }
    throw new ConfigException(
        key
            + ": unknown curve \""
            + text
            + "\"; known: "
            + Arrays.stream(values()).map(c -> c.configName).collect(Collectors.joining(", ")));
  }
}
