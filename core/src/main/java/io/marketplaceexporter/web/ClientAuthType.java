package io.marketplaceexporter.web;

import io.marketplaceexporter.config.ConfigException;

/**
 * {@code tls_server_config.client_auth_type}: whether the server asks for a client certificate and
 * whether it verifies it against {@code client_ca_file}. Only {@link #REQUIRE_AND_VERIFY} is client
 * authentication; the others ask without checking, as the format defines them.
 */
enum ClientAuthType {
  NO_CLIENT_CERT("NoClientCert", false, false, false),
  REQUEST("RequestClientCert", true, false, false),
  REQUIRE_ANY("RequireAnyClientCert", true, true, false),
  VERIFY_IF_GIVEN("VerifyClientCertIfGiven", true, false, true),
  REQUIRE_AND_VERIFY("RequireAndVerifyClientCert", true, true, true);

  /** The older name of {@code RequireAnyClientCert}, still accepted by the format. */
  private static final String REQUIRE_ANY_ALIAS = "RequireClientCert";

  final String configName;
  final boolean asks;
  final boolean requires;
  final boolean verifies;

  ClientAuthType(String configName, boolean asks, boolean requires, boolean verifies) {
    this.configName = configName;
    this.asks = asks;
    this.requires = requires;
    this.verifies = verifies;
  }

  static ClientAuthType parse(String text, String key) {
    if (text == null || text.isEmpty()) {
      return NO_CLIENT_CERT;
    }
    if (text.equals(REQUIRE_ANY_ALIAS)) {
      return REQUIRE_ANY;
    }
    for (ClientAuthType t : values()) {
      if (t.configName.equals(text)) {
        return t;
      }
    }
    throw new ConfigException(
        key
            + ": unknown client auth type \""
            + text
            + "\"; known: NoClientCert, RequestClientCert, RequireAnyClientCert,"
            + " VerifyClientCertIfGiven, RequireAndVerifyClientCert");
  }
}
