package io.marketplaceexporter.web;

import io.marketplaceexporter.config.ConfigException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * {@code tls_server_config} loaded: the certificate chain and key read from their PEM files (or
 * inline) into an in-memory key store, the client CAs into a trust store, and the Jetty TLS
 * settings that follow from the versions, cipher suites, curves, client auth type and allowed
 * client SANs. Everything is read and checked here, at start-up, so that a missing file or a key
 * that does not match fails before the server listens.
 */
final class TlsContext {
  private static final String PREFIX = "tls_server_config.";

  private final SslContextFactory.Server factory;
  private final X509Certificate leaf;

  private TlsContext(SslContextFactory.Server factory, X509Certificate leaf) {
    this.factory = factory;
    this.leaf = leaf;
  }

  /** Loads {@code tls}; relative file names are resolved against {@code baseDir}. */
  static TlsContext load(TlsServerConfig tls, Path baseDir) {
    Function<String, Path> resolve = f -> baseDir.resolve(f).normalize();
    String certPem =
        tls.certFile() != null
            ? PemFiles.read(resolve.apply(tls.certFile()), PREFIX + "cert_file")
            : tls.cert();
    String certKey = PREFIX + (tls.certFile() != null ? "cert_file" : "cert");
    String keyPem =
        tls.keyFile() != null
            ? PemFiles.read(resolve.apply(tls.keyFile()), PREFIX + "key_file")
            : tls.key().reveal();
    String keyKey = PREFIX + (tls.keyFile() != null ? "key_file" : "key");
    List<X509Certificate> chain = PemFiles.certificates(certPem, certKey);
    PrivateKey key = PemFiles.privateKey(keyPem, keyKey);
    PemFiles.requireMatch(key, chain.get(0), keyKey);
    requireCertificateCurve(tls, chain.get(0));

    SslContextFactory.Server f =
        new ServerSslFactory(
            tls.curvePreferences().stream().map(c -> c.jvmName).toList(),
            tls.clientAllowedSans().isEmpty() ? null : new AllowedSans(tls.clientAllowedSans()));
    char[] password = randomPassword();
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
      f.setKeyStore(keys);
      f.setKeyStorePassword(new String(password));
      f.setKeyManagerPassword(new String(password));
      String caPem = null;
      String caKey = null;
      if (tls.clientCaFile() != null) {
        caKey = PREFIX + "client_ca_file";
        caPem = PemFiles.read(resolve.apply(tls.clientCaFile()), caKey);
      } else if (tls.clientCa() != null) {
        caKey = PREFIX + "client_ca";
        caPem = tls.clientCa();
      }
      if (caPem != null) {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        List<X509Certificate> cas = PemFiles.certificates(caPem, caKey);
        for (int i = 0; i < cas.size(); i++) {
          trust.setCertificateEntry("client-ca-" + i, cas.get(i));
        }
        f.setTrustStore(trust);
      }
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new ConfigException(
          PREFIX + "cert_file: cannot build a key store: " + e.getClass().getSimpleName(), e);
    }
    f.setIncludeProtocols(
        TlsVersion.range(tls.minVersion(), tls.maxVersion()).toArray(String[]::new));
    if (!tls.cipherSuites().isEmpty()) {
      // As in the toolkit, cipher_suites governs TLS 1.2 and below; TLS 1.3's suites stay on.
      List<String> suites = new ArrayList<>(tls.cipherSuites());
      TlsServerConfig.jvmCipherSuites().stream()
          .filter(s -> s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_"))
          .sorted()
          .forEach(suites::add);
      f.setIncludeCipherSuites(suites.toArray(String[]::new));
      f.setExcludeCipherSuites();
    }
    f.setUseCipherSuitesOrder(tls.preferServerCipherSuites());
    ClientAuthType auth = tls.clientAuthType();
    // With client_allowed_sans a client without a certificate has no allowed SAN either: refused
    // in the handshake, VerifyClientCertIfGiven included.
    boolean requires = auth.requires || !tls.clientAllowedSans().isEmpty();
    f.setNeedClientAuth(requires);
    f.setWantClientAuth(auth.asks && !requires);
    // RequestClientCert and RequireAnyClientCert ask for a certificate without checking it.
    f.setTrustAll(auth.asks && !auth.verifies);
    return new TlsContext(f, chain.get(0));
  }

  /**
   * With TLS 1.2 the JVM serves an EC certificate only when its curve is among the server's named
   * groups; so with {@code curve_preferences} and TLS 1.2 offered, the certificate's curve must be
   * listed, else no TLS 1.2 client could connect.
   */
  private static void requireCertificateCurve(TlsServerConfig tls, X509Certificate leaf) {
    if (tls.curvePreferences().isEmpty()
        || tls.minVersion().compareTo(TlsVersion.TLS13) >= 0
        || !(leaf.getPublicKey() instanceof ECPublicKey ec)) {
      return;
    }
    Curve.of(ec)
        .filter(c -> !tls.curvePreferences().contains(c))
        .ifPresent(
            c -> {
              throw new ConfigException(
                  PREFIX
                      + "curve_preferences: the certificate's key is on "
                      + c.configName
                      + ", which is not listed; with TLS 1.2 the JVM serves an EC certificate only"
                      + " on a listed curve. Add "
                      + c.configName
                      + " or set min_version: TLS13");
            });
  }

  /** The server certificate (the first of the chain). */
  X509Certificate certificate() {
    return leaf;
  }

  /**
   * An HTTPS connector on {@code host:port} (host null: every interface) for Javalin's {@code
   * jetty.addConnector}. Jetty's SNI host check is off: scrapers often reach an exporter by an IP
   * address or a service name that the certificate does not list, and verifying the name is the
   * client's business ({@code tls_config.server_name} in Prometheus).
   */
  Connector connector(Server server, HttpConfiguration base, String host, int port) {
    HttpConfiguration https = new HttpConfiguration(base);
    SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector c =
        new ServerConnector(
            server,
            new SslConnectionFactory(factory, "http/1.1"),
            new HttpConnectionFactory(https));
    c.setHost(host);
    c.setPort(port);
    return c;
  }

  private static char[] randomPassword() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b).toCharArray();
  }
}
