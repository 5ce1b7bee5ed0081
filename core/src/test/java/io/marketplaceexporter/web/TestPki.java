package io.marketplaceexporter.web;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates made for a test: a CA, a server certificate it signed for {@code 127.0.0.1} and
 * {@code localhost}, and a client certificate it signed; written as PEM files the way operators
 * have them (PKCS#8 or PKCS#1/SEC1 keys), and as JVM SSL contexts for test clients.
 */
final class TestPki {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate and its key. */
  record Issued(X509Certificate certificate, KeyPair keys) {}

  final Issued ca;
  final Issued server;
  final Issued client;

  private TestPki(Issued ca, Issued server, Issued client) {
    this.ca = ca;
    this.server = server;
    this.client = client;
  }

  /** A fresh CA with EC P-256 server and client certificates valid from an hour ago for a day. */
  static TestPki create() {
    KeyPair caKeys = ec();
    X509Certificate caCert = sign("CN=test CA", caKeys, "CN=test CA", caKeys, true);
    KeyPair serverKeys = ec();
    X509Certificate serverCert =
        sign("CN=127.0.0.1", serverKeys, "CN=test CA", caKeys, false, SERVER_NAMES);
    KeyPair clientKeys = ec();
    X509Certificate clientCert = sign("CN=prometheus", clientKeys, "CN=test CA", caKeys, false);
    return new TestPki(
        new Issued(caCert, caKeys),
        new Issued(serverCert, serverKeys),
        new Issued(clientCert, clientKeys));
  }

  /** A self-signed RSA certificate for {@code 127.0.0.1}, for the PKCS#1 key format. */
  static Issued selfSignedRsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048, RANDOM);
      KeyPair keys = g.generateKeyPair();
      return new Issued(
          sign("CN=127.0.0.1", keys, "CN=127.0.0.1", keys, false, SERVER_NAMES), keys);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client certificate this CA signed for {@code subject}, with {@code sans} (may be none). */
  Issued client(String subject, GeneralName... sans) {
    KeyPair keys = ec();
    return new Issued(sign(subject, keys, "CN=test CA", ca.keys(), false, sans), keys);
  }

  private static final GeneralName[] SERVER_NAMES = {
    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
    new GeneralName(GeneralName.dNSName, "localhost")
  };

  private static X509Certificate sign(
      String subject,
      KeyPair subjectKeys,
      String issuer,
      KeyPair issuerKeys,
      boolean isCa,
      GeneralName... sans) {
    Instant now = Instant.now();
    try {
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              new X500Name(issuer),
              new BigInteger(64, RANDOM),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(1))),
              new X500Name(subject),
              subjectKeys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (sans.length > 0) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      }
      String algorithm =
          issuerKeys.getPrivate().getAlgorithm().equals("RSA")
              ? "SHA256withRSA"
              : "SHA256withECDSA";
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PEM of certificates, or of a key: PKCS#8 ({@code PRIVATE KEY}) or the legacy format. */
  static String pem(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        w.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The key as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
  static String pkcs8(KeyPair keys) {
    try {
      return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An EC key as SEC1 PEM ({@code -----BEGIN EC PRIVATE KEY-----}) with its curve and public key,
   * as {@code openssl ecparam -genkey} writes it.
   */
  static String sec1(KeyPair keys) {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
      ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
      SubjectPublicKeyInfo pub = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
      ECPrivateKey full =
          new ECPrivateKey(
              256,
              inner.getKey(),
              pub.getPublicKeyData(),
              info.getPrivateKeyAlgorithm().getParameters());
      return pem(new PemObject("EC PRIVATE KEY", full.getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A bcrypt hash of {@code password} at {@code cost}, as htpasswd -B writes it ($2y$). */
  static String bcrypt(String password, int cost) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", password.getBytes(StandardCharsets.UTF_8), salt, cost);
  }

  /** An {@code Authorization} header value for basic auth. */
  static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A client SSL context trusting this CA, optionally presenting {@code identity}, limited to
   * {@code protocols} when given.
   */
  SSLContext clientContext(Issued identity) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (identity != null) {
        char[] pw = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(
            "client",
            identity.keys().getPrivate(),
            pw,
            new X509Certificate[] {identity.certificate()});
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pw);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes ca.pem, server.pem, server-key.pem (PKCS#8) into {@code dir}. */
  TestPki writeTo(Path dir) {
    write(dir.resolve("ca.pem"), pem(ca.certificate()));
    write(dir.resolve("server.pem"), pem(server.certificate()));
    write(dir.resolve("server-key.pem"), pkcs8(server.keys()));
    return this;
  }
}
