/**
 * The Alertmanager webhook relay: {@code POST /alertmanager/{channel}/{target}} takes
 * Alertmanager's webhook payload, queues it durably per target and delivers it to DingTalk, WeCom
 * or Feishu group robots in their markdown dialects, within each robot's rate and size limits.
 *
 * <p>Data flows one way: {@link io.marketplaceexporter.alerting.AlertRelay#accept} takes the
 * payload's bytes, {@link io.marketplaceexporter.alerting.PayloadParser} reads them into an {@link
 * io.marketplaceexporter.alerting.AlertGroup}, and the relay's {@link
 * io.marketplaceexporter.alerting.TargetQueue} per target merges, renders ({@link
 * io.marketplaceexporter.alerting.MessageRenderer}), signs and sends through a {@link
 * io.marketplaceexporter.alerting.Dialect}. Robot URLs and secrets are held as {@link
 * io.marketplaceexporter.config.Secret} and never logged. The exporter's own notices ({@link
 * io.marketplaceexporter.alerting.RelayNotice}) go through the same queues; what the engine needs
 * of the exporter's operations (approval links as buttons, which alerts are drills, who hears of
 * delivered alerts) comes in as plain functions, {@link
 * io.marketplaceexporter.alerting.RelayHooks}.
 *
 * <p>The package knows nothing of HTTP (no {@code io.marketplaceexporter.http}, no Javalin; {@code
 * AlertingIndependenceTest} checks it): a refusal is a {@link
 * io.marketplaceexporter.alerting.RelayException}, and the relay's plug-in ({@code plugin.relay})
 * serves the webhook on the exporter's server and maps each refusal to a status.
 */
package io.marketplaceexporter.alerting;
