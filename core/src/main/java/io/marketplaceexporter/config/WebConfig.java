package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The HTTP server. {@code listenAddress} is {@code host:port}, or {@code :port} for every
 * interface, as in other Prometheus exporters.
 */
public record WebConfig(String listenAddress, long maxRequestBytes) {
  public static final String DEFAULT_LISTEN_ADDRESS = ":9877";
  public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

  public WebConfig {
    require(listenAddress != null, "listen_address", "must be set");
    parsePort(listenAddress);
    require(
        maxRequestBytes >= 1024 && maxRequestBytes <= 64L * 1024 * 1024,
        "max_request_bytes",
        "must be between 1024 and 67108864");
  }

  @JsonCreator
  static WebConfig of(
      @JsonProperty("listen_address") String listenAddress,
      @JsonProperty("max_request_bytes") Long maxRequestBytes) {
    return new WebConfig(
        listenAddress == null ? DEFAULT_LISTEN_ADDRESS : listenAddress,
        maxRequestBytes == null ? DEFAULT_MAX_REQUEST_BYTES : maxRequestBytes);
  }

  public static WebConfig defaults() {
    return of(null, null);
  }

  public WebConfig withListenAddress(String address) {
    return new WebConfig(address, maxRequestBytes);
  }

  /** The host to bind, or {@code null} for every interface. */
  public String host() {
    int colon = listenAddress.lastIndexOf(':');
    String host = listenAddress.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.isEmpty() ? null : host;
  }

  public int port() {
    return parsePort(listenAddress);
  }

  private static int parsePort(String address) {
    int colon = address.lastIndexOf(':');
    require(colon >= 0, "listen_address", "must be host:port or :port, got \"" + address + "\"");
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      require(port >= 0 && port <= 65535, "listen_address", "port must be 0..65535");
      return port;
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "listen_address: port must be a number, got \"" + address.substring(colon + 1) + "\"");
    }
  }
}
