package io.marketplaceexporter.operations.watch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A Prometheus on MockWebServer answering {@code /api/v1/query} in the documented shapes: {@code
 * answer} maps the query text to the answer body (see {@link #vector}, {@link #empty}).
 */
final class FakePrometheus extends Dispatcher {
  volatile Function<String, MockResponse> answer = q -> empty();
  final List<String> queries = Collections.synchronizedList(new ArrayList<>());

  static FakePrometheus on(MockWebServer server) {
    FakePrometheus p = new FakePrometheus();
    server.setDispatcher(p);
    return p;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String q = request.getUrl().queryParameter("query");
    String time = request.getUrl().queryParameter("time");
    queries.add(time == null ? q : q + " @" + time);
    return answer.apply(q);
  }

  static MockResponse empty() {
    return json("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
  }

  /** A one-element vector without labels holding {@code value}. */
  static MockResponse vector(double value) {
    return json(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
            + "\"value\":[1435781451.781,\""
            + value
            + "\"]}]}}");
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
