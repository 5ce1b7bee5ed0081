/**
 * The web configuration file ({@code --web.config.file}) in the format of Prometheus' exporter
 * toolkit: TLS for the HTTP server ({@code tls_server_config}), response headers ({@code
 * http_server_config}), basic authentication ({@code basic_auth_users}, bcrypt hashes) and a rate
 * limit on every request ({@code rate_limit}). {@link io.marketplaceexporter.web.WebConfigFile} is
 * the validated file; {@link io.marketplaceexporter.web.WebSecurity} is what it becomes when
 * loaded: a TLS connector for Jetty and the gate every request passes ({@link
 * io.marketplaceexporter.web.Admission}).
 */
package io.marketplaceexporter.web;
