package io.marketplaceexporter.state;

import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many listings a shop has in each normalised status at one moment: a whole count, so a status
 * that is not given has none. Every count is at least 0.
 */
public record ListingCounts(long active, long inactive, long underReview, long suppressed) {
  public ListingCounts {
    if (active < 0 || inactive < 0 || underReview < 0 || suppressed < 0) {
      throw new IllegalArgumentException("listing counts must be >= 0");
    }
  }

  /** The counts of a map by status; a status missing from it counts 0. */
  public static ListingCounts of(Map<ListingStatus, Long> counts) {
    Map<ListingStatus, Long> c = new EnumMap<>(ListingStatus.class);
    c.putAll(counts);
    return new ListingCounts(
        c.getOrDefault(ListingStatus.ACTIVE, 0L),
        c.getOrDefault(ListingStatus.INACTIVE, 0L),
        c.getOrDefault(ListingStatus.UNDER_REVIEW, 0L),
        c.getOrDefault(ListingStatus.SUPPRESSED, 0L));
  }

  public long of(ListingStatus status) {
    return switch (status) {
      case ACTIVE -> active;
      case INACTIVE -> inactive;
      case UNDER_REVIEW -> underReview;
      case SUPPRESSED -> suppressed;
    };
  }

  /** Every status by its label, in the vocabulary's order (the wire and snapshot form). */
  public Map<String, Long> byLabel() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (ListingStatus s : ListingStatus.values()) {
      out.put(s.label(), of(s));
    }
    return out;
  }
}
