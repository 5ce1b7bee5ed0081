package io.marketplaceexporter.web;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The TLS named groups of one server's {@link SSLParameters}, for {@code curve_preferences}. {@code
 * SSLParameters.setNamedGroups} exists from Java 20 on; the exporter is built for Java 17, so the
 * methods are looked up once, here, and {@link #available()} says whether this JVM has them. The
 * JVM-wide {@code jdk.tls.namedGroups} property is not an alternative: it would also restrict the
 * exporter's own outgoing TLS connections to the marketplaces.
 */
final class NamedGroups {
  /** The first Java version with {@code SSLParameters.setNamedGroups}. */
  static final int REQUIRED_JAVA = 20;

  private static final MethodHandle SET = find("setNamedGroups", void.class, String[].class);
  private static final MethodHandle GET = find("getNamedGroups", String[].class);

  private NamedGroups() {}

  private static MethodHandle find(String name, Class<?> returns, Class<?>... parameters) {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(SSLParameters.class, name, MethodType.methodType(returns, parameters));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  /** Whether this JVM can set the named groups per server. */
  static boolean available() {
    return SET != null && GET != null;
  }

  /**
   * The named groups this JVM supports and has enabled, by the JVM's names; needs {@link
   * #available()}.
   */
  static List<String> supported() {
    try {
      return List.of((String[]) GET.invoke(SSLContext.getDefault().getSupportedSSLParameters()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no default TLS implementation", e);
    } catch (Throwable e) {
      throw new IllegalStateException("SSLParameters.getNamedGroups failed", e);
    }
  }

  /**
   * Sets {@code groups}, in preference order, on {@code parameters}; needs {@link #available()}.
   */
  static void set(SSLParameters parameters, List<String> groups) {
    try {
      SET.invoke(parameters, groups.toArray(String[]::new));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("SSLParameters.setNamedGroups failed", e);
    }
  }
}
