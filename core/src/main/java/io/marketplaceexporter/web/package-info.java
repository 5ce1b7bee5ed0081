/**
 * The web configuration file ({@code --web.config.file}) in the format of Prometheus' exporter
 * toolkit: TLS for the HTTP server ({@code tls_server_config}), response headers ({@code
 * http_server_config}) and basic authentication ({@code basic_auth_users}, bcrypt hashes). {@link
 * io.marketplaceexporter.web.WebConfigFile} is the validated file; {@link
 * io.marketplaceexporter.web.WebSecurity} is what it becomes when loaded: a TLS connector for Jetty
 * and the gate every request passes.
 */
package io.marketplaceexporter.web;
