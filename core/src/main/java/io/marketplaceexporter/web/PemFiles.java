package io.marketplaceexporter.web;

import io.marketplaceexporter.config.ConfigException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM certificates and private keys as the exporter toolkit reads them: certificate chains (other
 * blocks in the same file are skipped) and unencrypted keys in PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}), parsed with BouncyCastle and turned
 * into the JVM's own key objects. Every error names the key it came from and never shows a key.
 */
final class PemFiles {
  private PemFiles() {}

  /** The text of {@code file}, or an error naming {@code key} and the file. */
  static String read(Path file, String key) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new ConfigException(key + ": cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ConfigException(key + ": cannot read " + file + ": permission denied");
    } catch (IOException e) {
      throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Every certificate in {@code pem}, in order; at least one. */
  static List<X509Certificate> certificates(String pem, String key) {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder h) {
          out.add(converter.getCertificate(h));
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new ConfigException(key + ": not valid PEM: " + e.getClass().getSimpleName());
    }
    if (out.isEmpty()) {
      throw new ConfigException(key + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return out;
  }

  /** The one private key in {@code pem}. */
  static PrivateKey privateKey(String pem, String key) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new ConfigException(
              key
                  + ": the private key is encrypted; give it unencrypted (readable only by the"
                  + " exporter's user)");
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
      }
    } catch (ConfigException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          key + ": not a valid PEM private key (" + e.getClass().getSimpleName() + ")");
    }
    throw new ConfigException(
        key + ": holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)");
  }

  /**
   * Fails naming {@code key} unless {@code privateKey} belongs to {@code certificate}: a signature
   * made with one must verify with the other.
   */
  static void requireMatch(PrivateKey privateKey, X509Certificate certificate, String key) {
    String algorithm =
        switch (privateKey.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          case "Ed448" -> "Ed448";
          default ->
              throw new ConfigException(
                  key + ": unsupported key type " + privateKey.getAlgorithm() + "; use RSA or EC");
        };
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      PublicKey publicKey = certificate.getPublicKey();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      matches = false;
    }
    if (!matches) {
      throw new ConfigException(key + ": the private key does not match the certificate");
    }
  }
}
