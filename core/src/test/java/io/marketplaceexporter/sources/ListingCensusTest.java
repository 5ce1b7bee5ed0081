package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import io.marketplaceexporter.state.ListingCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The census's choice between pages and one search per status, and its guards (issue 19). */
class ListingCensusTest {
  static final ListingCensus CENSUS =
      new ListingCensus(
          Map.of("ON", ListingStatus.ACTIVE, "OFF", ListingStatus.INACTIVE),
          List.of("ON", "OFF"),
          10,
          "op");

  final List<String> calls = new ArrayList<>();

  @Nested
  class Guards {
    @Test
    void aListThatKeepsAnnouncingPagesPastItsTotalIsCountedPerStatusInstead() throws Exception {
      ListingCounts c =
          CENSUS.count(
              (filter, cursor, size) -> {
                calls.add(filter + "@" + cursor + "/" + size);
                return size == 1
                    ? new ListingCensus.Page(List.of(), filter.get(0).equals("ON") ? 7 : 3, null)
                    : new ListingCensus.Page(List.of("ON"), 15, "again");
              });

      assertThat(c).isEqualTo(new ListingCounts(7, 3, 0, 0));
      assertThat(calls)
          .as("a first page, two more (as many as statuses), then one search per status")
          .hasSize(5)
          .endsWith("[ON]@null/1", "[OFF]@null/1");
    }

    @Test
    void aTotalThatIsNotAWholeCountFailsAsMalformedNamingTheField() throws Exception {
      var mapper = new ObjectMapper();
      assertThat(CENSUS.total(mapper.readTree("{\"n\":\"42\"}"), "n")).isEqualTo(42);
      for (String bad :
          List.of("{\"n\":-1}", "{\"n\":1.5}", "{\"n\":\"x\"}", "{}", "{\"n\":2e12}")) {
        assertThatThrownBy(() -> CENSUS.total(mapper.readTree(bad), "n"))
            .as(bad)
            .isInstanceOfSatisfying(
                PollException.class, e -> assertThat(e.reason()).isEqualTo(PollError.MALFORMED))
            .hasMessage("op: answer lacks n");
      }
    }
  }
}
