package io.marketplaceexporter.bench;

/**
 * The two ways Prometheus 3.5 asks for metrics, as it sends them (captured from Prometheus 3.5.3
 * scraping a loopback server; both with {@code Accept-Encoding: gzip}).
 */
enum ScrapeFormat {
  /**
   * Prometheus' default ({@code scrape_protocols} unset): OpenMetrics 1.0.0, then 0.0.1, then text
   * 1.0.0, then 0.0.4, then anything.
   */
  OPENMETRICS(
      "OpenMetrics",
      "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
          + "application/openmetrics-text;version=0.0.1;q=0.5,"
          + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
          + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
      null),
  /** A job with {@code scrape_protocols: [PrometheusText0.0.4]}. */
  TEXT("text 0.0.4", "text/plain;version=0.0.4;q=0.6,*/*;q=0.5", "PrometheusText0.0.4");

  /** What Prometheus sends with every scrape. */
  static final String ACCEPT_ENCODING = "gzip";

  /** The name in the table. */
  final String label;

  /** The {@code Accept} header Prometheus 3.5 sends. */
  final String accept;

  /** The job's {@code scrape_protocols} entry, or null for Prometheus' default. */
  final String scrapeProtocol;

  ScrapeFormat(String label, String accept, String scrapeProtocol) {
    this.label = label;
    this.accept = accept;
    this.scrapeProtocol = scrapeProtocol;
  }

  /** A path segment naming the format (nginx serves one file per format). */
  String slug() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
