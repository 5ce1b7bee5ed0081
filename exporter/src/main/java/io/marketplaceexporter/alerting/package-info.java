/**
 * The Alertmanager webhook relay: {@code POST /alertmanager/{channel}/{target}} takes
 * Alertmanager's webhook payload, queues it durably per target and delivers it to DingTalk, WeCom
 * or Feishu group robots in their markdown dialects, within each robot's rate and size limits.
 *
 * <p>Data flows one way: {@link io.marketplaceexporter.alerting.RelayHandler} parses ({@link
 * io.marketplaceexporter.alerting.PayloadParser}) and hands an {@link
 * io.marketplaceexporter.alerting.AlertGroup} to {@link
 * io.marketplaceexporter.alerting.AlertRelay}, whose {@link
 * io.marketplaceexporter.alerting.TargetQueue} per target merges, renders ({@link
 * io.marketplaceexporter.alerting.MessageRenderer}), signs and sends through a {@link
 * io.marketplaceexporter.alerting.Dialect}. Robot URLs and secrets are held as {@link
 * io.marketplaceexporter.config.Secret} and never logged.
 */
package io.marketplaceexporter.alerting;
