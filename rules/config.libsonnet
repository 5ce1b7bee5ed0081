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

  orders: {
    // OrderFailureRatioHigh: failed / all orders over 5 minutes.
    failureRatio: 0.05,
    failureFor: '5m',
    // Ignore shops with fewer orders than this in 5 minutes (1 failure out of 2 is not an incident).
    minOrdersPer5m: 3,
    // Order success SLO (OrderErrorBudgetBurnFast / OrderErrorBudgetBurnSlow).
    sloObjective: 0.99,
    // OrderErrorBudgetBurnFast pages only for shops with at least this many orders in the last
    // hour: below it one failed order is a 10%+ "burn". Smaller shops are covered by the slow
    // burn warning.
    sloMinOrdersPerHour: 10,
    // OrdersStopped: no successful order in this window although the shop had at least
    // `stoppedMinOrdersLastWeek` successful orders in the same window a week earlier.
    stoppedWindow: '15m',
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
    lagWarningSeconds: 600,
    lagWarningFor: '5m',
    lagCriticalSeconds: 1800,
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

  catalog: {
    // PriceAnomalyDetected: SKUs with a drop/spike (beyond the exporter's change threshold,
    // default ±15%) or under their floor price, for this long.
    anomalyFor: '10m',
    negativeStockFor: '10m',
  },

  changes: {
    // PostDeployRegression: a deploy/config change less than `windowSeconds` ago and the ratio
    // now at least `factor` times its value in the hour before the change and above `minRatio`.
    windowSeconds: 1800,
    factor: 2,
    minRatio: 0.01,
    kinds: 'deploy|config',
    regressionFor: '5m',
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
