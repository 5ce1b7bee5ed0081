package io.marketplaceexporter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs wrk (Debian's package) with a Lua script that cycles through prepared requests, and reads
 * its requests per second and latency percentiles.
 */
final class Wrk {
  private static final String SCRIPT =
      """
      local paths, bodies = {}, {}
      for line in io.lines(os.getenv("BENCH_REQUESTS")) do
        local tab = line:find("\\t", 1, true)
        paths[#paths + 1] = line:sub(1, tab - 1)
        bodies[#bodies + 1] = (line:sub(tab + 1):gsub("\\\\n", "\\n"))
      end
      local i = 0
      wrk.method = os.getenv("BENCH_METHOD")
      wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")
      request = function()
        i = i % #bodies + 1
        return wrk.format(nil, paths[i], nil, bodies[i])
      end
      done = function(summary, latency, requests)
        local errors = summary.errors.connect + summary.errors.read + summary.errors.write
          + summary.errors.status + summary.errors.timeout
        io.write(string.format("BENCH requests=%d duration_us=%d errors=%d p50_us=%d p99_us=%d\\n",
          summary.requests, summary.duration, errors,
          latency:percentile(50), latency:percentile(99)))
      end
      """;

  /** One run's outcome. */
  record Result(long requests, double seconds, long errors, double p50Ms, double p99Ms) {
    double perSecond() {
      return requests / seconds;
    }
  }

  /** A prepared request: path and body (the body may contain newlines). */
  record Request(String path, String body) {}

  private Wrk() {}

  static Path writeRequests(List<Request> requests) throws IOException {
    Path f = Scratch.file("requests", ".txt");
    List<String> lines = new ArrayList<>(requests.size());
    for (Request r : requests) {
      if (r.body().contains("\\n") || r.path().contains("\t")) {
        throw new IllegalArgumentException("request cannot be encoded for the script");
      }
      lines.add(r.path() + "\t" + r.body().replace("\n", "\\n"));
    }
    Files.write(f, lines, StandardCharsets.UTF_8);
    return f;
  }

  static Result run(
      Server target,
      Path requests,
      String method,
      String contentType,
      int connections,
      Duration duration)
      throws IOException, InterruptedException {
    Path script = Scratch.file("wrk", ".lua");
    Files.writeString(script, SCRIPT);
    ProcessBuilder pb =
        new ProcessBuilder(
                "wrk",
                "-t1",
                "-c" + connections,
                "-d" + duration.toSeconds() + "s",
                "--timeout",
                "30s",
                "-s",
                script.toString(),
                target.url("/"))
            .redirectErrorStream(true);
    pb.environment().put("BENCH_REQUESTS", requests.toString());
    pb.environment().put("BENCH_METHOD", method);
    pb.environment().put("BENCH_CONTENT_TYPE", contentType);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + out);
    }
    Matcher m =
        Pattern.compile(
                "BENCH requests=(\\d+) duration_us=(\\d+) errors=(\\d+) p50_us=(\\d+) p99_us=(\\d+)")
            .matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("cannot read wrk's summary: " + out);
    }
    return new Result(
        Long.parseLong(m.group(1)),
        Long.parseLong(m.group(2)) / 1e6,
        Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)) / 1000.0,
        Long.parseLong(m.group(5)) / 1000.0);
  }
}
