package io.marketplaceexporter.sources;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The connectors registered with {@link ServiceLoader}, by source type; loaded once. */
public final class Connectors {
  private static final Map<String, Connector> BY_TYPE = load();

  private Connectors() {}

  private static Map<String, Connector> load() {
    Map<String, Connector> out = new TreeMap<>();
    for (Connector c : ServiceLoader.load(Connector.class, Connector.class.getClassLoader())) {
      Connector before = out.put(c.type(), c);
      if (before != null) {
        throw new IllegalStateException(
            "two connectors for type "
                + c.type()
                + ": "
                + before.getClass().getName()
                + " and "
                + c.getClass().getName());
      }
    }
    return Map.copyOf(out);
  }

  /** The source types there is a connector for. */
  public static Set<String> types() {
    return new TreeSet<>(BY_TYPE.keySet());
  }

  /** The connector of {@code type}; the configuration has already checked that there is one. */
  public static Connector of(String type) {
    Connector c = BY_TYPE.get(type);
    if (c == null) {
      throw new IllegalStateException("no connector registered for source type " + type);
    }
    return c;
  }
}
