/**
 * Immutable configuration: records that validate in their constructors and name the key at fault,
 * loaded from the YAML file given by {@code --config.file}. The one error type is {@link
 * io.marketplaceexporter.config.ConfigException}; secrets are held as {@link
 * io.marketplaceexporter.config.Secret}, which never prints its value.
 */
package io.marketplaceexporter.config;
