package io.marketplaceexporter.sources;

import io.marketplaceexporter.config.ConfigException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code credentials} and {@code options} keys a connector reads. Each connector declares its
 * own ({@code KEYS} beside its constructor); {@link Sources} checks every configured source against
 * them before any connector is built, so that a typo such as {@code options.lookbak} stops start-up
 * (and {@code --config.check}) instead of leaving the default in force.
 */
public record SourceKeys(Set<String> credentials, Set<String> options) {
  /** The keys every source reads, whatever its type: the bound on what one answer may be. */
  public static final SourceKeys COMMON =
      new SourceKeys(Set.of(), Set.of(ApiClient.MAX_BODY_OPTION));

  public SourceKeys {
    credentials = Set.copyOf(credentials);
    options = Set.copyOf(options);
  }

  /** These keys and {@code moreCredentials} and {@code moreOptions}. */
  public SourceKeys plus(Set<String> moreCredentials, Set<String> moreOptions) {
    Set<String> c = new HashSet<>(credentials);
    c.addAll(moreCredentials);
    Set<String> o = new HashSet<>(options);
    o.addAll(moreOptions);
    return new SourceKeys(c, o);
  }

  /** Fails naming the first key of {@code setup}'s source that the connector does not read. */
  void check(SourceSetup setup) {
    check(setup, "credentials", setup.config().credentials(), credentials);
    check(setup, "options", setup.config().options(), options);
  }

  private static void check(
      SourceSetup setup, String section, Map<String, String> given, Set<String> known) {
    for (String key : new TreeSet<>(given.keySet())) {
      if (!known.contains(key)) {
        throw new ConfigException(
            setup.key(section + "." + key)
                + ": unknown key for type "
                + setup.config().type()
                + "; known: "
                + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))));
      }
    }
  }
}
