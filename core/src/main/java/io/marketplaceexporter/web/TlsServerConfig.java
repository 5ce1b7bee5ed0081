package io.marketplaceexporter.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.Secret;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * {@code tls_server_config}: the server's certificate and key (as files or inline PEM), client
 * certificates and the SANs they must carry, TLS versions, cipher suites and curves. Empty (nothing
 * set) means plain HTTP, as in the exporter toolkit. File names are as written; {@link
 * WebConfigFile} resolves relative ones against the directory of the web configuration file.
 * Validated here: what can be checked without reading a file.
 *
 * @param cipherSuites for TLS 1.2 and below, by their standard (IANA) names; empty for the JVM's
 *     defaults. TLS 1.3 suites stay enabled whatever this says, as in the toolkit.
 */
public record TlsServerConfig(
    String certFile,
    String keyFile,
    String cert,
    Secret key,
    String clientCaFile,
    String clientCa,
    ClientAuthType clientAuthType,
    TlsVersion minVersion,
    TlsVersion maxVersion,
    List<String> cipherSuites,
    boolean preferServerCipherSuites,
    List<Curve> curvePreferences,
    List<String> clientAllowedSans) {

  public TlsServerConfig {
    cipherSuites = List.copyOf(cipherSuites);
    curvePreferences = List.copyOf(curvePreferences);
    clientAllowedSans = List.copyOf(clientAllowedSans);
    // Parameters, not accessors: the fields are assigned after this body.
    boolean configured =
        anySet(
            certFile,
            keyFile,
            cert,
            key,
            clientCaFile,
            clientCa,
            clientAuthType,
            curvePreferences,
            clientAllowedSans);
    if (configured) {
      requireOne(certFile, cert, "cert_file", "cert");
      requireOne(keyFile, key, "key_file", "key");
    }
    if (clientCaFile != null && clientCa != null) {
      throw new ConfigException("client_ca_file: set either client_ca_file or client_ca, not both");
    }
    boolean hasCa = clientCaFile != null || clientCa != null;
    if (hasCa && !clientAuthType.asks) {
      throw new ConfigException(
          "client_ca_file: a client CA is configured but client_auth_type is NoClientCert, so no"
              + " client certificate would be asked for; set client_auth_type:"
              + " RequireAndVerifyClientCert");
    }
    if (clientAuthType.verifies && !hasCa) {
      throw new ConfigException(
          "client_ca_file: required when client_auth_type is "
              + clientAuthType.configName
              + " (the CA that signs the client certificates)");
    }
    if (minVersion.compareTo(maxVersion) > 0) {
      throw new ConfigException(
          "min_version: " + minVersion + " is above max_version " + maxVersion);
    }
    // The JVM's TLS implementation is asked only when TLS is configured: initialising it costs
    // start-up time that a plain HTTP server need not pay.
    List<String> offered = TlsVersion.range(minVersion, maxVersion);
    List<String> enabled = configured ? jvmEnabledProtocols() : offered;
    if (offered.stream().noneMatch(enabled::contains)) {
      throw new ConfigException(
          "max_version: "
              + minVersion
              + ".."
              + maxVersion
              + " leaves no TLS version this JVM enables ("
              + String.join(", ", enabled)
              + "; TLS 1.0 and 1.1 are off in jdk.tls.disabledAlgorithms); use TLS12 or TLS13");
    }
    Set<String> supported = cipherSuites.isEmpty() ? Set.of() : jvmCipherSuites();
    for (int i = 0; i < cipherSuites.size(); i++) {
      if (!supported.contains(cipherSuites.get(i))) {
        throw new ConfigException(
            "cipher_suites["
                + i
                + "]: unknown or unsupported cipher suite \""
                + cipherSuites.get(i)
                + "\"; use the standard names, like TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
      }
    }
    checkCurves(curvePreferences);
    checkAllowedSans(clientAllowedSans, clientAuthType);
  }

  private static void checkCurves(List<Curve> curves) {
    if (curves.isEmpty()) {
      return;
    }
    if (!NamedGroups.available()) {
      throw new ConfigException(
          "curve_preferences: needs Java "
              + NamedGroups.REQUIRED_JAVA
              + " or later (SSLParameters.setNamedGroups, which sets the curves of this server"
              + " alone); this JVM is Java "
              + Runtime.version()
              + ". Run the exporter on Java "
              + NamedGroups.REQUIRED_JAVA
              + "+ or remove the key to use the JVM's default curves");
    }
    List<String> supported = NamedGroups.supported();
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      if (curves.indexOf(c) < i) {
        throw new ConfigException(
            "curve_preferences[" + i + "]: " + c.configName + " is listed twice");
      }
      if (!supported.contains(c.jvmName)) {
        throw new ConfigException(
            "curve_preferences["
                + i
                + "]: "
                + c.configName
                + " ("
                + c.jvmName
                + ") is not enabled in this JVM; enabled: "
                + String.join(", ", supported));
      }
    }
  }

  private static void checkAllowedSans(List<String> sans, ClientAuthType clientAuthType) {
    for (int i = 0; i < sans.size(); i++) {
      if (sans.get(i) == null || sans.get(i).isBlank()) {
        throw new ConfigException("client_allowed_sans[" + i + "]: must not be empty");
      }
    }
    if (!sans.isEmpty() && !clientAuthType.verifies) {
      throw new ConfigException(
          "client_allowed_sans: needs client_auth_type RequireAndVerifyClientCert (or"
              + " VerifyClientCertIfGiven): SANs are checked on a client certificate the client CA"
              + " has verified, and "
              + clientAuthType.configName
              + " verifies none");
    }
  }

  @JsonCreator
  static TlsServerConfig of(
      @JsonProperty("cert_file") String certFile,
      @JsonProperty("key_file") String keyFile,
      @JsonProperty("cert") String cert,
      @JsonProperty("key") String key,
      @JsonProperty("client_ca_file") String clientCaFile,
      @JsonProperty("client_ca") String clientCa,
      @JsonProperty("client_auth_type") String clientAuthType,
      @JsonProperty("min_version") String minVersion,
      @JsonProperty("max_version") String maxVersion,
      @JsonProperty("cipher_suites") List<String> cipherSuites,
      @JsonProperty("prefer_server_cipher_suites") Boolean preferServerCipherSuites,
      @JsonProperty("curve_preferences") List<String> curvePreferences,
      @JsonProperty("client_allowed_sans") List<String> clientAllowedSans) {
    if (clientAllowedSans != null && clientAllowedSans.isEmpty()) {
      throw new ConfigException(
          "client_allowed_sans: an empty list would refuse every client; list the SANs to admit, or"
              + " remove the key to admit every verified client certificate");
    }
    List<Curve> curves = new ArrayList<>();
    for (int i = 0; curvePreferences != null && i < curvePreferences.size(); i++) {
      curves.add(Curve.parse(curvePreferences.get(i), "curve_preferences[" + i + "]"));
    }
    return new TlsServerConfig(
        blankToNull(certFile),
        blankToNull(keyFile),
        blankToNull(cert),
        blankToNull(key) == null ? null : Secret.of(key),
        blankToNull(clientCaFile),
        blankToNull(clientCa),
        ClientAuthType.parse(clientAuthType, "client_auth_type"),
        minVersion == null ? TlsVersion.TLS12 : TlsVersion.parse(minVersion, "min_version"),
        maxVersion == null ? TlsVersion.TLS13 : TlsVersion.parse(maxVersion, "max_version"),
        cipherSuites == null ? List.of() : cipherSuites,
        preferServerCipherSuites == null || preferServerCipherSuites,
        curves,
        clientAllowedSans == null ? List.of() : clientAllowedSans);
  }

  /** No TLS: plain HTTP. */
  public static TlsServerConfig none() {
    return of(null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * Whether TLS is configured at all: any certificate, key, client or curve setting is set. The
   * constructor requires a certificate as soon as any of them is, so a certificate tells.
   */
  public boolean enabled() {
    return certFile != null || cert != null;
  }

  /**
   * Whether any of the TLS settings is set: a value, a non-empty list, a client auth type other
   * than NoClientCert.
   */
  private static boolean anySet(Object... settings) {
    for (Object o : settings) {
      boolean set =
          o instanceof List<?> l ? !l.isEmpty() : o != null && o != ClientAuthType.NO_CLIENT_CERT;
      if (set) {
        return true;
      }
    }
    return false;
  }

  private static void requireOne(String file, Object inline, String fileKey, String inlineKey) {
    if (file == null && inline == null) {
      throw new ConfigException(
          fileKey
              + ": required when TLS is configured (or give the PEM inline as "
              + inlineKey
              + ")");
    }
    if (file != null && inline != null) {
      throw new ConfigException(
          fileKey + ": set either " + fileKey + " or " + inlineKey + ", not both");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** The TLS versions this JVM enables by default, by the JVM's names ({@code TLSv1.3}). */
  static List<String> jvmEnabledProtocols() {
    try {
      return List.of(SSLContext.getDefault().getDefaultSSLParameters().getProtocols());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no default TLS implementation", e);
    }
  }

  /** The cipher suites this JVM can use, by their standard names. */
  static Set<String> jvmCipherSuites() {
    try {
      return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no default TLS implementation", e);
    }
  }

  /** The inline PEM key is a secret: never printed. */
  @Override
  public String toString() {
    return "TlsServerConfig[certFile="
        + certFile
        + ", keyFile="
        + keyFile
        + ", cert="
        + (cert == null ? "none" : "inline")
        + ", key="
        + (key == null ? "none" : "inline")
        + ", clientCaFile="
        + clientCaFile
        + ", clientAuthType="
        + clientAuthType.configName
        + ", versions="
        + minVersion
        + ".."
        + maxVersion
        + ", cipherSuites="
        + cipherSuites
        + ", curvePreferences="
        + curvePreferences.stream().map(c -> c.configName).toList()
        + ", clientAllowedSans="
        + clientAllowedSans
        + "]";
  }
}
