// The one place to change the rule pack: thresholds, windows, SLO objective, link bases.
// After editing, re-render with:  jsonnet -S -m rules rules/pack.jsonnet   (from the repo root)
// Links can also be overridden at render time without editing this file, see rules/README.md.
{
  // Semantic version of the pack (rules/VERSION). Renaming/removing an alert or label = major.
  version: std.stripChars(importstr 'VERSION', ' \n'),

  // Base URL of the runbooks; the alert name + ".md" is appended.
  runbookBase: 'https://github.com/marketplace-exporter/marketplace-exporter/blob/main/runbooks/',
  // Base URL of Grafana dashboards ("<grafana>/d/"); the dashboard uid is appended.
  dashboardBase: 'http://localhost:3000/d/',
  dashboards: {
    overview: 'marketplace-overview',
    shop: 'marketplace-shop-detail',
  },

  // Prometheus scrape job of the exporter.
  exporterJob: 'marketplace-exporter',

  // Flapping and restarts. keep_firing_for (Prometheus >= 2.42) keeps a firing alert firing this
  // long after its condition last held, so a missed scrape or an exporter restart (the series are
  // stale for a scrape or two, the alert's `for` would start again) does not resolve it and a
  // value that dips under the threshold for a few minutes does not resolve and re-fire it. The
  // price: a fixed problem shows as resolved this much later. Each runbook states its alert's choice.
  keepFiringFor: '10m',
  // Hysteresis of the ratio alerts (OrderFailureRatioHigh, ApiErrorRatioHigh, ApiSuccessRatioLow,
  // ApiThrottled): once firing, the alert stays firing until the ratio is back under this share
  // of its threshold (5% fires, under 2.5% clears), so a ratio alternating around the threshold
  // gives one alert, not one per crossing.
  clearFactor: 0.5,

  // Planned maintenance (Alertmanager time interval `planned-maintenance`, or a silence on
  // maintenance="mute" for one marketplace). Every alert carries maintenance="mute" or "never":
  // "mute" for the alerts that are expected symptoms of maintenance of the ERP, the sync
  // workers or a marketplace API (these families, and every warning); "never" for the rest,
  // which must reach on-call whatever is under maintenance: orders failing or stopping (money
  // and the marketplace's performance metrics, and the sign that a maintenance overruns), zero
  // prices, expiring credentials (deadlines do not move), deploy regressions (changes made
  // during the maintenance), the exporter itself and the dead man's switch.
  maintenance: {
    mutedFamilies: ['sync', 'api', 'api_quota'],
  },

  orders: {
    // OrderFailureRatioHigh: failed / all orders over 5 minutes.
    failureRatio: 0.05,
    failureFor: '5m',
    // Ignore shops with fewer orders than this in 5 minutes (1 failure out of 2 is not an incident).
    minOrdersPer5m: 3,
    // Order success SLO (OrderErrorBudgetBurnFast / OrderErrorBudgetBurnSlow).
    sloObjective: 0.99,
    // The SRE workbook's four multiwindow burn-rate tiers (chapter "Alerting on SLOs"): burn rate
    // `factor` over both the long and the short window, for `for`. The critical tiers are
    // OrderErrorBudgetBurnFast, the warning tiers OrderErrorBudgetBurnSlow; label `window` = long.
    burnTiers: [
      { factor: 14.4, long: '1h', short: '5m', 'for': '2m', severity: 'critical' },
      { factor: 6, long: '6h', short: '30m', 'for': '15m', severity: 'critical' },
      { factor: 3, long: '1d', short: '2h', 'for': '1h', severity: 'warning' },
      { factor: 1, long: '3d', short: '6h', 'for': '3h', severity: 'warning' },
    ],
    // Minimum-volume guard. Every tier needs at least `sloMinFailures` failed orders in its short
    // window: one failed order of a quiet shop is a 10%+ "burn" on its own. The critical tiers
    // also need at least `sloMinOrdersPerHour` orders per hour over the long window.
    sloMinFailures: 2,
    sloMinOrdersPerHour: 10,
    // OrdersStopped: no successful order in this window although the shop had at least
    // `stoppedMinOrdersLastWeek` successful orders in the same window a week earlier.
    // A shop younger than a week is compared with the same window yesterday, one younger than a
    // day with its rate over `stoppedRecentWindow` before the window.
    stoppedWindow: '15m',
    stoppedWindowSeconds: 900,
    stoppedRecentWindow: '3h',
    stoppedMinOrdersLastWeek: 3,
    stoppedFor: '2m',
    // OrderBacklogGrowing: backlog at least this big and its 15-minute trend up for `backlogGrowingFor`.
    backlogMinPending: 20,
    backlogGrowingFor: '30m',
    // OrderOldestPendingTooOld: oldest pending order older than this (seconds). 24h leaves a
    // day before the usual 48h ship-by deadlines (Amazon handling time, Shopee DTS, TikTok Shop).
    oldestPendingMaxAgeSeconds: 86400,
    oldestPendingFor: '15m',
  },

  sync: {
    // SyncLagHigh / SyncLagCritical. A job with a known expected interval
    // (marketplace_sync_expected_interval_seconds: from its sync events or the exporter's
    // alerting.sync_schedules) warns after `lagWarningIntervals` intervals without success and is
    // critical after `lagCriticalIntervals`, but never before the defaults below, which apply
    // to jobs without a known interval. alerting.thresholds in the exporter's configuration
    // (marketplace_alert_threshold) overrides both per job or per shop and job.
    lagWarningSeconds: 600,
    lagWarningIntervals: 2,
    lagWarningFor: '5m',
    lagCriticalSeconds: 1800,
    lagCriticalIntervals: 3,
    lagCriticalFor: '5m',
    // SyncJobFailing: at least `failuresMin` failed runs and no successful run within `failuresWindow`.
    failuresWindow: '30m',
    failuresMin: 3,
    failuresFor: '10m',
  },

  api: {
    // Ignore shops with fewer API calls than this in 5 minutes.
    minRequestsPer5m: 20,
    // ApiSuccessRatioLow: (2xx + 3xx) / all calls below this.
    successRatioMin: 0.98,
    successFor: '5m',
    // ApiErrorRatioHigh: (4xx + 5xx + no response) / all calls above this. 429 is not an error here.
    errorRatioMax: 0.05,
    errorFor: '5m',
    // ApiThrottled: 429 / all calls above this, sustained.
    throttledRatioMax: 0.05,
    throttledFor: '15m',
    // ApiQuotaUsageHigh / ApiQuotaUsageCritical: 1 - remaining / limit.
    quotaWarning: 0.80,
    quotaWarningFor: '10m',
    quotaCritical: 0.95,
    quotaCriticalFor: '5m',
  },

  credentials: {
    // Refresh tokens and client secrets only: access tokens live 1-4 h and are refreshed automatically.
    warningSeconds: 7 * 86400,
    criticalSeconds: 86400,
    expiringFor: '10m',
    // AccessTokenNotRefreshed: access token expired or expiring within this many seconds.
    accessGraceSeconds: 300,
    accessFor: '5m',
  },

  payments: {
    // PaymentsUnmatched: a payment the gateway captured has had no order marked paid for it for
    // longer than this (seconds), for `unmatchedFor`. Gateway notifications and the ERP's order
    // status sync normally close the gap within minutes; a quarter of an hour means they do not
    // arrive, while most buyers still wait before paying again or disputing.
    unmatchedMaxAgeSeconds: 900,
    unmatchedFor: '5m',
  },

  catalog: {
    // PriceZeroOrNegative: confirmed by two evaluations (1m at the usual 1m evaluation interval)
    // so a single glitched scrape does not page; the price is that a real zero price pages one
    // minute later.
    zeroPriceFor: '1m',
    // PriceAnomalyDetected: SKUs with a drop/spike (beyond the exporter's change threshold,
    // default ±15%) or under their floor price, for this long.
    anomalyFor: '10m',
    negativeStockFor: '10m',
  },

  listings: {
    // ListingsNotActiveJump: the share of a shop's listings that are not active
    // (marketplace_listings: inactive, under_review, suppressed) rose by at least `jumpShare`
    // over its lowest point in the last `jumpWindow`, for `jumpFor` (trigger="jump"). A share
    // that grows slowly (a few points an hour) never fires.
    jumpShare: 0.10,
    jumpWindow: '1h',
    jumpFor: '15m',
    // Within `changeWindowSeconds` of a change of these kinds (a new main-image template, a
    // category mapping, a listing batch, a deploy of the listing tool) the bar is lower and the
    // wait shorter (trigger="after_change"): the rise is measured against the share before the
    // change, kept for `baselineKept`. That share is recorded only outside every watch, so a
    // longer window (marketplaces review for hours) leaves busy deploy days without a baseline;
    // 2h covers the first review wave, later takedowns fire as plain jumps. Services with
    // alerting.change_scopes count only for their shops.
    changeKinds: 'listing|deploy',
    changeWindowSeconds: 2 * 3600,
    afterChangeShare: 0.05,
    afterChangeFor: '5m',
    baselineKept: '1d',
    // Do not cry wolf: shops with fewer listings, or rises of fewer listings, never fire.
    minListings: 50,
    minNewlyNotActive: 10,
  },

  changes: {
    // PostDeployRegression: a deploy/config change less than `windowSeconds` ago and the ratio
    // now at least `factor` times its value in the hour before the change and above `minRatio`.
    windowSeconds: 1800,
    factor: 2,
    minRatio: 0.01,
    kinds: 'deploy|config',
    regressionFor: '5m',
    // How long a shop's pre-change baseline is kept (changes more often than this leave no
    // baseline), and how far back the description lists changes.
    baselineKept: '1d',
    listSeconds: 3600,
  },

  // MarketplaceIncident: at least `minShops` shops of one marketplace have a firing critical
  // alert of the same family. It inhibits the per-shop alerts of that family and marketplace,
  // so a marketplace outage or a bad deploy pages once, not once per shop.
  incidents: {
    minShops: 5,
    families: ['orders', 'sync', 'api', 'api_quota', 'credentials', 'catalog', 'changes'],
  },

  exporter: {
    downFor: '5m',
    sourceDownFor: '5m',
    // PollsFallingBehind: more than this share of polls started more than pollLateSeconds after
    // they were due (a bucket bound of marketplace_exporter_poll_delay_seconds), for this long.
    pollLateSeconds: 10,
    pollLateRatio: 0.1,
    pollsBehindFor: '15m',
    // IngestRejectionsHigh: rejected / all ingested events above this (and at least minRejectedPerSecond).
    ingestRejectedRatio: 0.05,
    ingestRejectedMinPerSecond: 0.1,
    ingestFor: '10m',
    seriesDroppedFor: '5m',
    // StorageWriteFailing: writes of the state snapshot or relay queue failed for this long.
    storageFailingFor: '5m',
  },
}
