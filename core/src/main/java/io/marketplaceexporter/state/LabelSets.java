package io.marketplaceexporter.state;

import io.marketplaceexporter.state.Vocabulary.Labelled;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * Pre-built label sets. Scrapes compose them with {@link Labels#merge(Labels)}, which neither
 * re-validates nor re-sorts label names, instead of building every sample's labels from strings: on
 * a large scrape that validation was the biggest cost.
 */
final class LabelSets {
  private LabelSets() {}

  /** One single-label set per constant of a vocabulary, indexed by ordinal. */
  static <E extends Enum<E> & Labelled> Labels[] of(String name, Class<E> type) {
    E[] constants = type.getEnumConstants();
    Labels[] out = new Labels[constants.length];
    for (E e : constants) {
      out[e.ordinal()] = Labels.of(name, e.label());
    }
    return out;
  }

  static Labels shop(ShopKey key) {
    return Labels.of("marketplace", key.marketplace(), "shop", key.shop(), "site", key.site());
  }
}
