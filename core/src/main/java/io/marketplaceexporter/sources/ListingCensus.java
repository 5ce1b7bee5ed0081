package io.marketplaceexporter.sources;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import io.marketplaceexporter.state.ListingCounts;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts one shop's listings by normalised status (issue 19) through a marketplace's listing
 * search, with the fewest calls the search allows: a first page of every counted status; when the
 * remaining pages are no more than one call per status, those pages, counting each listing's own
 * status; otherwise one one-result search per status, whose totals are the counts. So a shop of a
 * few hundred listings takes a handful of pages, and a large one as many calls as there are
 * statuses — whatever its size, and below the search's paging limits (Shopee's offset limit, TikTok
 * Shop's 10,000 results).
 *
 * <p>Marketplace statuses missing from {@code mapping} (deleted listings, drafts) are not counted.
 */
public final class ListingCensus {
  /**
   * One page of a search: the marketplace statuses of its listings, the number of listings the
   * search finds, and the cursor of the next page (null on the last page).
   */
  public record Page(List<String> statuses, long total, String next) {
    public Page {
      statuses = List.copyOf(statuses);
    }
  }

  /** One call of a marketplace's listing search: statuses to search, page cursor, page size. */
  @FunctionalInterface
  public interface Search {
    Page page(List<String> filter, String cursor, int pageSize) throws PollException;
  }

  private final Map<String, ListingStatus> mapping;
  private final List<String> everyStatus;
  private final int pageSize;
  private final String operation;

  /**
   * A census over {@code mapping} (marketplace status to normalised one, in the order searched),
   * whose first search asks for {@code everyStatus} (the mapped statuses, or the marketplace's
   * "all" filter) in pages of {@code pageSize}.
   */
  public ListingCensus(
      Map<String, ListingStatus> mapping,
      List<String> everyStatus,
      int pageSize,
      String operation) {
    this.mapping = Map.copyOf(mapping);
    this.everyStatus = List.copyOf(everyStatus);
    this.pageSize = pageSize;
    this.operation = operation;
  }

  /** The counts, by pages or by one search per status, whichever takes fewer calls. */
  public ListingCounts count(Search search) throws PollException {
    Page page = search.page(everyStatus, null, pageSize);
    long pagesLeft = (page.total() + pageSize - 1) / pageSize - 1;
    if (page.next() != null && pagesLeft > mapping.size()) {
      return perStatus(search);
    }
    Map<ListingStatus, Long> counts = new EnumMap<>(ListingStatus.class);
    for (int calls = 1; ; calls++) {
      for (String s : page.statuses()) {
        ListingStatus n = mapping.get(s);
        if (n != null) {
          counts.merge(n, 1L, Long::sum);
        }
      }
      if (page.next() == null) {
        return ListingCounts.of(counts);
      }
      if (calls > mapping.size()) {
        // more pages than the total announced: the list moved under us; count by status instead
        return perStatus(search);
      }
      page = search.page(everyStatus, page.next(), pageSize);
    }
  }

  /** The counts from one one-result search per marketplace status, its total the count. */
  public ListingCounts perStatus(Search search) throws PollException {
    Map<ListingStatus, Long> counts = new EnumMap<>(ListingStatus.class);
    for (Map.Entry<String, ListingStatus> e : sorted()) {
      counts.merge(e.getValue(), search.page(List.of(e.getKey()), null, 1).total(), Long::sum);
    }
    return ListingCounts.of(counts);
  }

  private List<Map.Entry<String, ListingStatus>> sorted() {
    return mapping.entrySet().stream()
        .sorted(
            Map.Entry.<String, ListingStatus>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey()))
        .toList();
  }

  /**
   * A listing total: a whole number 0 to 10^9, as a JSON number or a numeric string (Lazada's
   * samples quote their numbers), else a {@code malformed} poll naming the field.
   */
  public long total(JsonNode node, String field) throws PollException {
    JsonNode n = node == null ? null : node.get(field);
    String text = n == null || !(n.isNumber() || n.isTextual()) ? "" : n.asText().strip();
    if (!text.matches("\\d{1,10}") || Long.parseLong(text) > 1_000_000_000L) {
      throw new PollException(PollError.MALFORMED, operation + ": answer lacks " + field);
    }
    return Long.parseLong(text);
  }
}
