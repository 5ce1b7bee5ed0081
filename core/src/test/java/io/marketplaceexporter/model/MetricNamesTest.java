package io.marketplaceexporter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.MetricContract;
import io.marketplaceexporter.support.SourceScan;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MetricNamesTest {
  private static final Pattern STRING = Pattern.compile("\"([a-z_:][a-z0-9_:]*)\"");

  static Set<String> constants() throws IllegalAccessException {
    Set<String> out = new TreeSet<>();
    for (Field f : MetricNames.class.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == String.class) {
        assertThat(out.add((String) f.get(null))).as("%s spelled twice", f.getName()).isTrue();
      }
    }
    return out;
  }

  /** Each string literal of {@code source} that is one of {@code names}, as "line: name". */
  static List<String> spelled(String source, Set<String> names) {
    List<String> out = new ArrayList<>();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = STRING.matcher(lines[i]);
      while (m.find()) {
        if (names.contains(m.group(1))) {
          out.add((i + 1) + ": " + m.group(1));
        }
      }
    }
    return out;
  }

  @Nested
  class AgainstTheContract {
    @Test
    void everyNameInTheClassIsInDocsMetricsMd() throws Exception {
      assertThat(MetricContract.load().keySet()).containsAll(constants());
    }

    @Test
    void everyMetricOfDocsMetricsMdHasItsConstant() throws Exception {
      assertThat(constants()).containsAll(MetricContract.load().keySet());
    }
  }

  @Nested
  class OnePlace {
    @Test
    void noOtherMainSourceSpellsAMetricName() throws Exception {
      Set<String> names = constants();
      Path dir = SourceScan.mainSources();
      List<String> found = new ArrayList<>();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          if (f.getFileName().toString().equals("MetricNames.java")) {
            continue;
          }
          String source = Files.readString(f, StandardCharsets.UTF_8);
          spelled(source, names).forEach(s -> found.add(dir.relativize(f) + ":" + s));
        }
      }
      assertThat(found).as("metric names spelled outside MetricNames").isEmpty();
    }

    @Test
    void theScanSeesANameSpelledInARegistration() {
      String source = "Gauge.builder()\n    .name(\"marketplace_orders_pending\")\n";
      assertThat(spelled(source, Set.of(MetricNames.ORDERS_PENDING)))
          .containsExactly("2: marketplace_orders_pending");
    }
  }
}
