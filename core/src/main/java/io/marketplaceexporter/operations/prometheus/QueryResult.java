package io.marketplaceexporter.operations.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What an instant query answered: samples, or why there are none. */
public sealed interface QueryResult {

  /** The {@code result} label of {@code marketplace_exporter_prometheus_queries_total}. */
  String outcome();

  /**
   * {@code status: success}. {@code resultType} is {@code vector} or {@code scalar} (a scalar is
   * one sample without labels); {@code warnings} are Prometheus' own, passed on for the message.
   */
  record Ok(String resultType, List<Sample> samples, List<String> warnings) implements QueryResult {
    public Ok {
      Objects.requireNonNull(resultType, "resultType");
      samples = List.copyOf(samples);
      warnings = List.copyOf(warnings);
    }

    /** An instant vector with at least one element: the condition of a check holds. */
    public boolean nonEmpty() {
      return !samples.isEmpty();
    }

    @Override
    public String outcome() {
      return "success";
    }
  }

  /** No usable answer; {@code detail} is fit for a log line or a chat message (no secrets). */
  record Failed(Reason reason, String detail) implements QueryResult {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String outcome() {
      return reason.label;
    }
  }

  /** Why a query has no answer. */
  enum Reason {
    /** {@code prometheus.url} is not set. */
    NOT_CONFIGURED("not_configured"),
    /** Connection refused, DNS, TLS, timeout. */
    UNREACHABLE("unreachable"),
    /** Prometheus answered {@code status: error} ({@code errorType}, {@code error}). */
    QUERY_ERROR("query_error"),
    /** A status code other than 2xx without Prometheus' error envelope (a proxy, a redirect). */
    HTTP_ERROR("http_error"),
    /** Not the documented envelope, or a result type the caller cannot use (matrix, string). */
    BAD_RESPONSE("bad_response");

    final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One element of an instant vector (or the scalar): its labels and value. */
  record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }
  }

  /** Every {@code result} label value, for the metric's series at start-up. */
  static List<String> outcomes() {
    List<String> all = new ArrayList<>();
    all.add("success");
    for (Reason r : Reason.values()) {
      all.add(r.label);
    }
    return List.copyOf(all);
  }
}
