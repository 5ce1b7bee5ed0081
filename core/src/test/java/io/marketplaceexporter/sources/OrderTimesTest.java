package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrderTimesTest {

  @Nested
  class DocumentedForms {
    // The examples of the marketplaces' order references: SP-API getOrders (PurchaseDate),
    // Shopee v2.order.get_order_list (create_time, seconds), Lazada /orders/get (created_at,
    // ISO 8601 with offset) and /order/get (created_at, "2014-10-15 18:36:05 +0800").
    @ParameterizedTest
    @CsvSource({
      "2017-01-20T19:49:35Z, 1484941775",
      "2018-02-09T22:44:30+08:00, 1518187470",
      "2014-10-15 18:36:05 +0800, 1413369365",
      "2014-10-15 18:36:05.250 +0800, 1413369365",
      "2024-02-29T23:59:59.123456789-05:30, 1709270999",
      "1518187470, 1518187470",
      "1518187470.5, 1518187470.5",
    })
    void areReadInUnixSeconds(String text, double seconds) {
      assertThat(OrderTimes.epochSeconds(text)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "yesterday",
          "2018-02-30T10:00:00Z",
          "2018-13-01T10:00:00Z",
          "2018-02-09T24:00:00Z",
          "2018-02-09T22:44:30",
          "2018-02-09T22:44:30+19:00",
          "2018-02-09 22:44:30Z",
          "2018-02-09T22:44:30 +0800",
          "1234567890123",
          "12.",
          "２０１８-02-09T22:44:30Z",
        })
    void anythingElseIsNotANumber(String text) {
      assertThat(OrderTimes.epochSeconds(text)).isNaN();
    }
  }

  @Nested
  class AgainstTheFormatters {
    @Test
    void theHandReaderAnswersAsTheFormattersDoForEveryVariant() {
      for (String text : variants()) {
        double fast = OrderTimes.epochSeconds(text);
        double reference =
            text.matches("\\d{1,12}(\\.\\d+)?")
                ? Double.parseDouble(text)
                : OrderTimes.byFormatters(text);
        assertThat(Double.valueOf(fast)).as(text).isEqualTo(Double.valueOf(reference));
      }
    }

    /**
     * Every documented form, with each character replaced in turn by characters that matter to a
     * date reader, and random field values in and out of range: thousands of strings, among them
     * forms only the formatters take (lower-case t, offsets without a colon, minutes only).
     */
    private List<String> variants() {
      List<String> bases =
          List.of(
              "2017-01-20T19:49:35Z",
              "2018-02-09T22:44:30+08:00",
              "2018-02-09T22:44:30.5-03:30",
              "2014-10-15 18:36:05 +0800",
              "2014-10-15 18:36:05.123456789 -0000",
              "2018-02-09t22:44:30z",
              "2018-02-09T22:44+08:00",
              "2018-02-09T22:44:30+08",
              "2018-02-09T22:44:30+0800",
              "2018-02-09T22:44:30+08:00:30",
              "0000-01-01T00:00:00Z",
              "0000-01-01 00:00:00 +0000",
              "2014-04-31 18:36:05 +0800",
              "2014-10-15 24:00:00 +0800",
              "2016-02-29T00:00:00Z",
              "2018-02-09T22:44:30+18:00",
              "2018-02-09T22:44:30.Z",
              "1518187470");
      String alphabet = "0123456789-+:. TtZz";
      List<String> out = new ArrayList<>(bases);
      for (String base : bases) {
        for (int i = 0; i < base.length(); i++) {
          for (char c : alphabet.toCharArray()) {
            out.add(base.substring(0, i) + c + base.substring(i + 1));
          }
          out.add(base.substring(0, i) + base.substring(i + 1));
        }
      }
      Random random = new Random(18);
      for (int k = 0; k < 5_000; k++) {
        out.add(
            String.format(
                "%04d-%02d-%02d%s%02d:%02d:%02d%s",
                random.nextInt(3000),
                random.nextInt(14),
                random.nextInt(33),
                random.nextBoolean() ? "T" : " ",
                random.nextInt(26),
                random.nextInt(62),
                random.nextInt(62),
                switch (random.nextInt(4)) {
                  case 0 -> "Z";
                  case 1 -> String.format("+%02d:%02d", random.nextInt(20), random.nextInt(61));
                  case 2 -> String.format(" -%02d%02d", random.nextInt(20), random.nextInt(61));
                  default -> String.format(".%d +0800", random.nextInt(1000));
                }));
      }
      return out;
    }
  }
}
