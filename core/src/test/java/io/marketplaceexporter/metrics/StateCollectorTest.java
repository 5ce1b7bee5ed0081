package io.marketplaceexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StateCollectorTest {
  @Nested
  class Order {
    /** Points of one family, shops in label order, each shop's outcomes in random order. */
    private List<CounterDataPointSnapshot> shopsInOrder(Random random, String... extraNames) {
      List<String> names = List.of(extraNames);
      boolean byToken = names.contains("token");
      boolean byOutcome = names.stream().anyMatch(n -> !n.equals("token"));
      List<String> outcomes = byOutcome ? List.of("failed", "success", "duplicate") : List.of("-");
      List<String> tokens = byToken ? List.of("access", "refresh") : List.of("-");
      List<CounterDataPointSnapshot> points = new ArrayList<>();
      for (String marketplace : List.of("amazon", "lazada", "shopee")) {
        for (int shop = 0; shop < 40; shop++) {
          List<CounterDataPointSnapshot> ofShop = new ArrayList<>();
          for (String outcome : outcomes) {
            for (String token : tokens) {
              List<String> pairs =
                  new ArrayList<>(
                      List.of(
                          "marketplace", marketplace, "shop", "s" + (100 + shop), "site", "US"));
              for (String name : extraNames) {
                pairs.add(name);
                pairs.add(name.equals("token") ? token : outcome);
              }
              ofShop.add(
                  new CounterDataPointSnapshot(
                      random.nextInt(10), Labels.of(pairs.toArray(String[]::new)), null, 0));
            }
          }
          Collections.shuffle(ofShop, random);
          points.addAll(ofShop);
        }
      }
      return points;
    }

    private void sortsAsTheClientLibraryDoes(List<CounterDataPointSnapshot> points) {
      List<CounterDataPointSnapshot> ours = new ArrayList<>(points);
      StateCollector.sort(ours);
      List<Labels> expected =
          new CounterSnapshot(new io.prometheus.metrics.model.snapshots.MetricMetadata("x"), points)
              .getDataPoints().stream().map(CounterDataPointSnapshot::getLabels).toList();

      assertThat(ours.stream().map(CounterDataPointSnapshot::getLabels).toList())
          .containsExactlyElementsOf(expected);
    }

    @Test
    void groupingByLabelsNamedBeforeShopGivesTheLabelOrder() {
      Random random = new Random(7);
      sortsAsTheClientLibraryDoes(shopsInOrder(random, "outcome"));
      sortsAsTheClientLibraryDoes(shopsInOrder(random, "code", "outcome"));
      sortsAsTheClientLibraryDoes(shopsInOrder(random, "token"));
      sortsAsTheClientLibraryDoes(shopsInOrder(random, "job", "token"));
    }

    @Test
    void shopsInAnyOrderStillComeOutInLabelOrder() {
      Random random = new Random(11);
      List<CounterDataPointSnapshot> points = shopsInOrder(random, "outcome", "token");
      Collections.shuffle(points, random);

      sortsAsTheClientLibraryDoes(points);
    }
  }

  @Nested
  class NameFilter {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicInteger reads = new AtomicInteger();

    NameFilter() {
      registry.register(
          StateCollector.counter(
              "marketplace_orders_total",
              "Orders.",
              out -> {
                reads.incrementAndGet();
                out.add(1, Labels.of("shop", "a"));
              }));
    }

    @Test
    void aScrapeThroughRegistryTextThatLeavesTheFamilyOutDoesNotReadTheState() throws IOException {
      RegistryText.write(
          new ByteArrayOutputStream(),
          registry,
          name -> !name.startsWith("marketplace_orders"),
          PrometheusTextFormatWriter.create(),
          ContractExposition.Format.TEXT);

      assertThat(reads).hasValue(0);
    }

    @Test
    void aScrapeThatNamesTheFamilyReadsIt() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      RegistryText.write(
          out,
          registry,
          name -> name.startsWith("marketplace_orders"),
          PrometheusTextFormatWriter.create(),
          ContractExposition.Format.TEXT);

      assertThat(reads).hasValue(1);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("marketplace_orders_total{shop=\"a\"} 1.0");
    }
  }
}
