package io.marketplaceexporter.web;

import java.security.KeyStore;
import java.security.cert.CRL;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's server TLS factory with what the web configuration adds per server, never JVM-wide: the
 * named groups of {@code curve_preferences} on each connection's parameters, and the {@code
 * client_allowed_sans} check after the client CA's verification.
 */
final class ServerSslFactory extends SslContextFactory.Server {
  private final List<String> namedGroups;
  private final AllowedSans allowedSans;

  /**
   * @param namedGroups the JVM's names of the groups, in preference order; empty for the JVM's
   *     defaults
   * @param allowedSans null when any verified client certificate will do
   */
  ServerSslFactory(List<String> namedGroups, AllowedSans allowedSans) {
    this.namedGroups = List.copyOf(namedGroups);
    this.allowedSans = allowedSans;
  }

  @Override
  public SSLParameters customize(SSLParameters parameters) {
    SSLParameters p = super.customize(parameters);
    if (!namedGroups.isEmpty()) {
      NamedGroups.set(p, namedGroups);
    }
    return p;
  }

  @Override
  protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls)
      throws Exception {
    TrustManager[] managers = super.getTrustManagers(trustStore, crls);
    if (allowedSans == null) {
      return managers;
    }
    // Fail closed: a trust manager the SAN check could not follow would admit any client.
    if (managers == null || managers.length == 0) {
      throw new IllegalStateException("client_allowed_sans: no client CA trust manager to follow");
    }
    TrustManager[] checked = new TrustManager[managers.length];
    for (int i = 0; i < checked.length; i++) {
      if (!(managers[i] instanceof X509ExtendedTrustManager verifier)) {
        throw new IllegalStateException(
            "client_allowed_sans: unexpected trust manager " + managers[i].getClass().getName());
      }
      checked[i] = allowedSans.after(verifier);
    }
    return checked;
  }
}
