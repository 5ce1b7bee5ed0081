package io.marketplaceexporter.web;

import io.marketplaceexporter.logging.LogText;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tls_server_config.client_allowed_sans}: a client certificate, once verified against the
 * client CA, must carry a Subject Alternative Name equal to one of the listed values, else the TLS
 * handshake fails, as in the exporter toolkit. The SANs compared are the toolkit's: DNS names,
 * e-mail addresses, IP addresses (written as Go writes them: {@code 10.0.0.1}, {@code ::1}) and
 * URIs, each compared exactly (case matters).
 */
final class AllowedSans {
  private static final Logger LOG = LoggerFactory.getLogger(AllowedSans.class);

  /** The general name types of RFC 5280 that the toolkit compares. */
  private static final int EMAIL = 1;

  private static final int DNS = 2;
  private static final int URI = 6;
  private static final int IP = 7;

  private final Set<String> allowed;

  AllowedSans(List<String> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  /** Whether {@code certificate} has one of the allowed SANs. */
  boolean admits(X509Certificate certificate) {
    return sans(certificate).stream().anyMatch(allowed::contains);
  }

  /**
   * The SANs of {@code certificate} that the toolkit compares, as text: DNS names, e-mail
   * addresses, IP addresses and URIs; none when the certificate has no SAN extension.
   */
  static List<String> sans(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (names == null) {
      return out;
    }
    for (List<?> n : names) {
      int type = (Integer) n.get(0);
      if (n.get(1) instanceof String value) {
        switch (type) {
          case EMAIL, DNS, URI -> out.add(value);
          case IP -> out.add(goIp(value));
          default -> {}
        }
      }
    }
    return out;
  }

  /**
   * An IP address as Go's {@code net.IP.String()} writes it: dotted for IPv4 (IPv4-mapped IPv6
   * too), RFC 5952 for IPv6 (lower case, the longest run of two or more zero groups as {@code ::}).
   * The JVM writes IPv6 SANs uncompressed ({@code 0:0:0:0:0:0:0:1}).
   */
  static String goIp(String literal) {
    byte[] b;
    try {
      // A literal, as the JVM writes an iPAddress SAN: no name lookup happens.
      b = InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      return literal;
    }
    if (b.length == 4) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /**
   * {@code verifier} (the client CA's PKIX check), then the SAN check on the client certificate.
   */
  X509ExtendedTrustManager after(X509ExtendedTrustManager verifier) {
    return new X509ExtendedTrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
          throws CertificateException {
        verifier.checkClientTrusted(chain, authType, socket);
        require(chain);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
          throws CertificateException {
        verifier.checkClientTrusted(chain, authType, engine);
        require(chain);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        verifier.checkClientTrusted(chain, authType);
        require(chain);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
          throws CertificateException {
        verifier.checkServerTrusted(chain, authType, socket);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
          throws CertificateException {
        verifier.checkServerTrusted(chain, authType, engine);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        verifier.checkServerTrusted(chain, authType);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return verifier.getAcceptedIssuers();
      }
    };
  }

  /**
   * Refuses the handshake unless the client certificate (the first of the chain) has an allowed
   * SAN. Only a certificate the client CA signed gets here, so the warning cannot be had for free.
   */
  private void require(X509Certificate[] chain) throws CertificateException {
    if (chain.length > 0 && admits(chain[0])) {
      return;
    }
    List<String> found = chain.length == 0 ? List.of() : sans(chain[0]);
    LOG.warn(
        "web: refused a client certificate ({}): none of its SANs {} is in"
            + " tls_server_config.client_allowed_sans",
        LogText.safe(chain.length == 0 ? "none" : chain[0].getSubjectX500Principal().getName()),
        LogText.safe(found.toString()));
    throw new CertificateException(
        "the client certificate has none of the SANs in tls_server_config.client_allowed_sans");
  }
}
