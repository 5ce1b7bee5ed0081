// The Grafana dashboards of the pack as a function of the configuration (rules/config.libsonnet,
// or the mixin's _config): file name -> dashboard. dashboards.jsonnet renders them into
// dashboards/*.json; mixin.libsonnet exposes them as grafanaDashboards. From the repo root:
//   jsonnet -m dashboards dashboards/dashboards.jsonnet
// `mvn -B verify` (pack-tests, DashboardsTest) fails when the committed JSON differs from this.
//
// Uids and link bases come from rules/config.libsonnet, so that alerts (dashboard_url), panels
// (runbook links) and dashboards agree. Panel titles are referenced by the runbooks as
// "Row → Panel"; DashboardsTest checks that every such reference exists.
//
// Queries assume the exporter is scraped with honor_labels: true (the sync metrics' own `job`
// label then stays `job`); raw sync queries copy `exported_job` into `job` as the rules do, so
// they work without it too.
function(cfg)

local ds = { type: 'prometheus', uid: '${datasource}' };
local runbook(alert) = { title: 'Runbook: ' + alert, url: cfg.runbookBase + alert + '.md', targetBlank: true };
local syncJob(x) = 'label_replace(' + x + ', "job", "$1", "exported_job", "(.+)")';

// Deploys and changes (marketplace_change_*) as annotations on every time-series panel.
local changeAnnotation = {
  name: 'Deploys and changes',
  datasource: ds,
  enable: true,
  iconColor: 'purple',
  // One point per change, within a step after it, whose value is the change time in ms
  // (useValueForTime): the annotation sits exactly at the change. changes() would miss the first
  // change of a service, which creates the series.
  expr: '(max by (service, kind) (marketplace_change_last_timestamp_seconds) > time() - $__interval_ms / 1000) * 1000 * on (service, kind) group_left (version) max by (service, kind, version) (marketplace_change_info)',
  step: '$__interval',
  useValueForTime: true,
  titleFormat: '{{kind}}: {{service}} {{version}}',
  tagKeys: 'service,kind,version',
  textFormat: '',
};

local alertAnnotation = {
  builtIn: 1,
  datasource: { type: 'grafana', uid: '-- Grafana --' },
  enable: true,
  hide: true,
  iconColor: 'rgba(0, 211, 255, 1)',
  name: 'Annotations & Alerts',
  type: 'dashboard',
};

local target(expr, legend='', instant=false, ref='A') = {
  datasource: ds,
  expr: expr,
  legendFormat: legend,
  refId: ref,
} + (if instant then { instant: true, range: false, format: 'table' } else { range: true });

local targets(list) = [
  list[i] { refId: std.char(65 + i) }
  for i in std.range(0, std.length(list) - 1)
];

local thresholds(steps) = { mode: 'absolute', steps: steps };
local step(color, value=null) = { color: color, value: value };

local timeseries(title, exprs, unit='short', alerts=[], desc='', th=null, min=null) = {
  type: 'timeseries',
  title: title,
  description: desc,
  datasource: ds,
  targets: targets(exprs),
  links: [runbook(a) for a in alerts],
  fieldConfig: {
    defaults: {
      unit: unit,
      custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never' }
              + (if th != null then { thresholdsStyle: { mode: 'line' } } else {}),
    } + (if th != null then { thresholds: th } else {}) + (if min != null then { min: min } else {}),
    overrides: [],
  },
  options: { legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] }, tooltip: { mode: 'multi', sort: 'desc' } },
};

// A table of an instant query, sorted worst first and coloured at the alert thresholds.
local table(title, expr, unit, th, alerts=[], desc='', desc_sort=true, hidden=['Time']) = {
  type: 'table',
  title: title,
  description: desc,
  datasource: ds,
  targets: targets([target(expr, instant=true)]),
  links: [runbook(a) for a in alerts],
  fieldConfig: {
    defaults: { unit: unit, thresholds: th },
    // Only the value cells are coloured; the label columns stay plain.
    overrides: [{
      matcher: { id: 'byName', options: 'Value' },
      properties: [{ id: 'custom.cellOptions', value: { type: 'color-background' } }],
    }],
  },
  options: { showHeader: true, sortBy: [{ displayName: 'Value', desc: desc_sort }] },
  transformations: [{ id: 'organize', options: { excludeByName: { [h]: true for h in hidden } } }],
};

local row(title) = { type: 'row', title: title, collapsed: false, panels: [] };

// Lays panels out on Grafana's 24-column grid: rows full width, other panels `w` wide.
local layout(items) =
  local place(acc, p) =
    local w = if p.type == 'row' then 24 else (if std.objectHas(p, 'w') then p.w else 12);
    local h = if p.type == 'row' then 1 else 8;
    local newline = p.type == 'row' || acc.x + w > 24;
    local x = if newline then 0 else acc.x;
    local y = if newline then acc.y + acc.h else acc.y;
    {
      x: if p.type == 'row' then 24 else x + w,
      y: y,
      h: h,
      id: acc.id + 1,
      panels: acc.panels + [std.mergePatch(p, { w: null }) { id: acc.id + 1, gridPos: { x: x, y: y, w: w, h: h } }],
    };
  std.foldl(place, items, { x: 24, y: 0, h: 0, id: 0, panels: [] }).panels;

local dashboard(uid, title, description, vars, panels, tags) = {
  uid: uid,
  title: title,
  description: description,
  tags: ['marketplace'] + tags,
  version: 1,
  schemaVersion: 39,
  editable: true,
  graphTooltip: 1,
  refresh: '30s',
  time: { from: 'now-6h', to: 'now' },
  timezone: '',
  links: [
    { title: 'Runbooks', type: 'link', url: std.strReplace(cfg.runbookBase, 'blob/main/runbooks/', 'tree/main/runbooks'), targetBlank: true, icon: 'doc' },
    { title: 'Marketplace dashboards', type: 'dashboards', tags: ['marketplace'], asDropdown: true },
  ],
  annotations: { list: [alertAnnotation, changeAnnotation] },
  templating: { list: [{
    name: 'datasource',
    label: 'Data source',
    type: 'datasource',
    query: 'prometheus',
    current: {},
    hide: 0,
  }] + vars },
  panels: layout(panels),
};

local queryVar(name, label, query, all=false) = {
  name: name,
  label: label,
  type: 'query',
  datasource: ds,
  query: { query: query, refId: name },
  definition: query,
  refresh: 2,
  sort: 1,
  multi: false,
  current: {},
} + (if all then { includeAll: true, allValue: '.*' } else { includeAll: false });

local pct = 'percentunit';
local lagTh = thresholds([step('green'), step('orange', cfg.sync.lagWarningSeconds), step('red', cfg.sync.lagCriticalSeconds)]);
local quotaTh = thresholds([step('green'), step('orange', cfg.api.quotaWarning), step('red', cfg.api.quotaCritical)]);
local expiryTh = thresholds([step('red'), step('orange', cfg.credentials.criticalSeconds), step('green', cfg.credentials.warningSeconds)]);
local failTh = thresholds([step('green'), step('red', cfg.orders.failureRatio)]);
local countTh = thresholds([step('green'), step('red', 1)]);
local upTh = thresholds([step('red'), step('green', 1)]);

local orderAlerts = ['OrderFailureRatioHigh', 'OrderErrorBudgetBurnFast', 'OrderErrorBudgetBurnSlow', 'OrdersStopped', 'PostDeployRegression'];
local syncAlerts = ['SyncLagHigh', 'SyncLagCritical', 'SyncJobFailing'];
local apiAlerts = ['ApiSuccessRatioLow', 'ApiErrorRatioHigh', 'ApiThrottled', 'AccessTokenNotRefreshed', 'TokenExpired', 'PostDeployRegression'];
local quotaAlerts = ['ApiQuotaUsageHigh', 'ApiQuotaUsageCritical', 'ApiThrottled'];
local tokenAlerts = ['TokenExpiringSoon', 'TokenExpiryImminent', 'TokenExpired', 'AccessTokenNotRefreshed'];

local overview = dashboard(
  cfg.dashboards.overview,
  'Marketplace overview',
  'Order success and volume, sync lag, API quotas, credentials, prices and stock of every shop, the exporter and its sources, and the alerts firing now.',
  [],
  [
    row('Alerts'),
    table('Firing alerts', 'sort_desc(sum by (alertname, severity, marketplace, site, shop) (ALERTS{alertstate="firing"}))', 'none', countTh, ['Watchdog'], desc='Alerts firing now in this Prometheus. The Watchdog always fires: if it is missing, the alerting pipeline is broken.') { w: 24 },
    row('Orders'),
    timeseries('Order success rate by marketplace', [target('sum by (marketplace) (rate(marketplace_orders_total{outcome="success"}[$__rate_interval])) / sum by (marketplace) (rate(marketplace_orders_total[$__rate_interval]))', '{{marketplace}}')], pct, orderAlerts, th=thresholds([step('red'), step('green', cfg.orders.sloObjective)])),
    timeseries('Order volume by marketplace', [target('sum by (marketplace) (rate(marketplace_orders_total[$__rate_interval])) * 60', '{{marketplace}}')], 'short', ['OrdersStopped'], desc='Orders per minute, all outcomes.'),
    timeseries('Failure ratio', [target('shop:marketplace_order_failure:ratio_rate5m', '{{marketplace}} {{site}} {{shop}}')], pct, orderAlerts + ['MarketplaceIncident'], desc='Failed / all orders over 5 minutes, per shop.', th=failTh),
    row('Sync'),
    table('Lag per job', 'sort_desc(shop_job:marketplace_sync_lag:seconds)', 's', lagTh, syncAlerts, desc='Seconds since the last successful run of each sync job, worst first; orange and red at the default SyncLagHigh and SyncLagCritical thresholds (jobs with a known schedule or a configured threshold alert later: see the shop detail dashboard).'),
    timeseries('Sync runs by system and outcome', [target('sum by (system, outcome) (' + syncJob('rate(marketplace_sync_runs_total[$__rate_interval])') + ') * 60', '{{system}} {{outcome}}')], 'short', ['SyncJobFailing'], desc='Sync runs per minute.'),
    row('API'),
    table('Quota usage', 'sort_desc(shop_operation:marketplace_api_quota_usage:ratio)', pct, quotaTh, quotaAlerts, desc='1 - remaining / limit per shop and operation, worst first.'),
    timeseries('Calls by result', [target('sum by (code) (rate(marketplace_api_requests_total[$__rate_interval]))', '{{code}}')], 'reqps', apiAlerts),
    row('Credentials'),
    table('Time to expiry', 'sort(min by (marketplace, site, shop, token) (marketplace_token_expiry_timestamp_seconds) - time())', 's', expiryTh, tokenAlerts, desc='Tokens and client secrets by time left, soonest first; red under 1 day, orange under 7 days (access tokens live hours and are refreshed automatically).', desc_sort=false) { w: 24 },
    row('Prices and inventory'),
    timeseries('Anomalous SKUs by kind', [target('sum by (marketplace, site, shop, kind) (marketplace_price_anomalous_skus)', '{{marketplace}} {{site}} {{shop}} {{kind}}')], 'short', ['PriceZeroOrNegative', 'PriceAnomalyDetected'], th=countTh, min=0),
    timeseries('Negative-stock SKUs', [target('sum by (marketplace, site, shop) (marketplace_inventory_negative_skus)', '{{marketplace}} {{site}} {{shop}}')], 'short', ['InventoryNegative'], th=countTh, min=0),
    timeseries('Listings not active (share)', [target('shop:marketplace_listings_not_active:ratio', '{{marketplace}} {{site}} {{shop}}')], pct, ['ListingsNotActiveJump'], desc='Share of each shop\'s listings that are inactive, under review or suppressed (marketplace_listings); a step up after a listing or deploy change is a takedown.', min=0) { w: 24 },
    row('Exporter'),
    timeseries('Scrape status', [target('up{job="%s"}' % cfg.exporterJob, '{{instance}}')], 'short', ['ExporterDown'], th=upTh, min=0) { w: 8 },
    timeseries('Ingest by type and result', [target('sum by (type, result) (rate(marketplace_exporter_ingest_events_total[$__rate_interval]))', '{{type}} {{result}}')], 'ops', ['IngestRejectionsHigh']) { w: 8 },
    timeseries('Series dropped by metric', [target('sum by (instance, metric) (increase(marketplace_exporter_series_dropped_total[$__rate_interval])) or on () vector(0)', '{{instance}} {{metric}}')], 'short', ['SeriesLimitReached'], desc='0 when nothing was dropped.') { w: 8 },
    timeseries('Storage write failures', [target('sum by (file) (increase(marketplace_exporter_storage_write_failures_total[$__rate_interval])) or on () vector(0)', '{{file}}')], 'short', ['StorageWriteFailing'], desc='Failed writes of the state snapshot and the relay queue under --storage.path; 0 when every write succeeded.', min=0) { w: 12 },
    timeseries('Age of the last state write', [target('time() - max by (file) (marketplace_exporter_storage_last_write_timestamp_seconds > 0)', '{{file}}')], 's', ['StorageWriteFailing'], desc='What a crash would lose now, while the state changes; the state is written every storage.snapshot_interval when it changed.', min=0) { w: 12 },
    row('Sources'),
    table('Status and last success', 'max by (source) (marketplace_exporter_source_up)', 'none', upTh, ['SourceDown'], desc='1: the last poll succeeded; 0: it failed (red).', desc_sort=false) { w: 12 },
    timeseries('Time since last successful poll', [target('time() - max by (source) (marketplace_exporter_source_last_success_timestamp_seconds)', '{{source}}')], 's', ['SourceDown']),
    timeseries('Polls started late', [target('1 - sum by (instance) (rate(marketplace_exporter_poll_delay_seconds_bucket{le=~"10([.]0)?"}[$__rate_interval])) / sum by (instance) (rate(marketplace_exporter_poll_delay_seconds_count[$__rate_interval]))', '{{instance}}')], 'percentunit', ['PollsFallingBehind'], desc='Share of polls that started more than 10 s after they were due: the workers (polling.max_in_flight) cannot keep up.', min=0),
  ],
  ['overview'],
);

local sel = 'marketplace="$marketplace", site=~"$site", shop="$shop"';
local shopDetail = dashboard(
  cfg.dashboards.shop,
  'Marketplace shop detail',
  'The signals of one shop over time, with deploys and changes as annotations. Alerts link here pre-filtered on their shop.',
  [
    queryVar('marketplace', 'Marketplace', 'label_values(marketplace_orders_total, marketplace)'),
    queryVar('site', 'Site', 'label_values(marketplace_orders_total{marketplace="$marketplace"}, site)', all=true),
    queryVar('shop', 'Shop', 'label_values(marketplace_orders_total{marketplace="$marketplace", site=~"$site"}, shop)'),
  ],
  [
    row('Orders'),
    timeseries('Orders per minute', [
      target('sum by (outcome) (rate(marketplace_orders_total{%s}[$__rate_interval])) * 60' % sel, '{{outcome}}'),
      target('sum(rate(marketplace_orders_total{%s, outcome="success"}[$__rate_interval] offset 1w)) * 60' % sel, 'success a week ago'),
    ], 'short', ['OrdersStopped'], desc='Orders per minute by outcome, with the successful orders of a week ago as an overlay.'),
    timeseries('Failure ratio', [
      target('shop:marketplace_order_failure:ratio_rate5m{%s}' % sel, '5m'),
      target('shop:marketplace_order_failure:ratio_rate1h{%s}' % sel, '1h'),
      target('shop:marketplace_order_failure:ratio_rate6h{%s}' % sel, '6h'),
    ], pct, orderAlerts, th=failTh),
    timeseries('Failures by reason', [target('sum by (reason) (rate(marketplace_order_failures_total{%s}[$__rate_interval])) * 60' % sel, '{{reason}}')], 'short', ['OrderFailureRatioHigh', 'PostDeployRegression'], desc='Failed orders per minute by reason.') { w: 8 },
    timeseries('Pending orders', [target('max(marketplace_orders_pending{%s})' % sel, 'pending')], 'short', ['OrderBacklogGrowing']) { w: 8 },
    timeseries('Oldest pending order age', [target('time() - min(marketplace_order_oldest_pending_timestamp_seconds{%s})' % sel, 'oldest pending')], 's', ['OrderOldestPendingTooOld'], desc='Absent while the shop has no pending orders.') { w: 8 },
    row('Payments'),
    timeseries('Unmatched payments by gateway', [
      target('max by (gateway) (marketplace_payments_unmatched{%s})' % sel, '{{gateway}} unmatched'),
      target('sum by (gateway, status) (rate(marketplace_payments_total{%s}[$__rate_interval])) * 60' % sel, '{{gateway}} {{status}} per minute'),
    ], 'short', ['PaymentsUnmatched'], desc='Payments a gateway captured that no order shows as paid yet, and payment events per minute by status: after a gateway switch, a gateway whose captured rate is not followed by its matched rate.', min=0),
    timeseries('Oldest unmatched payment age', [target('max by (gateway) (marketplace_payment_oldest_unmatched_age_seconds{%s})' % sel, '{{gateway}}')], 's', ['PaymentsUnmatched'], desc='How long ago the oldest unmatched payment of each gateway was captured; absent while none is unmatched. Red at the PaymentsUnmatched threshold.', th=thresholds([step('green'), step('red', cfg.payments.unmatchedMaxAgeSeconds)]), min=0),
    row('Sync'),
    timeseries('Lag per job', [
      target('shop_job:marketplace_sync_lag:seconds{%s}' % sel, '{{system}} {{job}}'),
      target('shop_job:marketplace_sync_expected_interval:seconds{%s}' % sel, '{{system}} {{job}} expected interval'),
      target('shop_job:marketplace_sync_lag_warning:threshold_seconds{%s}' % sel, '{{system}} {{job}} SyncLagHigh at'),
      target('shop_job:marketplace_sync_lag_critical:threshold_seconds{%s}' % sel, '{{system}} {{job}} SyncLagCritical at'),
    ], 's', syncAlerts, desc='Seconds since the last successful run of each job, next to how often the job is expected to succeed (when its sync events or the exporter configuration say) and the lag at which SyncLagHigh and SyncLagCritical fire for it (2 and 3 expected intervals, at least 10m and 30m, or the configured thresholds).'),
    timeseries('Runs by outcome', [target('sum by (system, job, outcome) (' + syncJob('increase(marketplace_sync_runs_total{%s}[$__rate_interval])' % sel) + ')', '{{system}} {{job}} {{outcome}}')], 'short', ['SyncJobFailing', 'SyncLagHigh', 'SyncLagCritical']),
    row('API'),
    timeseries('Calls by result', [target('sum by (code) (rate(marketplace_api_requests_total{%s}[$__rate_interval]))' % sel, '{{code}}')], 'reqps', apiAlerts),
    timeseries('Calls by operation', [target('sum by (operation, code) (rate(marketplace_api_requests_total{%s}[$__rate_interval]))' % sel, '{{operation}} {{code}}')], 'reqps', ['ApiErrorRatioHigh', 'ApiQuotaUsageCritical']),
    timeseries('Latency', [target('histogram_quantile(0.95, sum by (operation, le) (rate(marketplace_api_request_duration_seconds_bucket{marketplace="$marketplace"}[$__rate_interval])))', 'p95 {{operation}}')], 's', ['ApiSuccessRatioLow'], desc='95th percentile per operation, for the whole marketplace (the histogram has no shop label).'),
    timeseries('Quota usage', [target('shop_operation:marketplace_api_quota_usage:ratio{%s}' % sel, '{{operation}}')], pct, quotaAlerts, th=quotaTh, min=0),
    row('Credentials'),
    timeseries('Time to expiry', [target('min by (token) (marketplace_token_expiry_timestamp_seconds{%s}) - time()' % sel, '{{token}}')], 's', tokenAlerts, th=expiryTh) { w: 24 },
    row('Prices'),
    timeseries('Anomalous SKUs by kind', [target('sum by (kind) (marketplace_price_anomalous_skus{%s})' % sel, '{{kind}}')], 'short', ['PriceZeroOrNegative', 'PriceAnomalyDetected'], desc='GET /api/v1/anomalies on the exporter lists the SKUs.', th=countTh, min=0),
    timeseries('Price anomalies found', [target('sum by (kind) (increase(marketplace_price_anomalies_total{%s}[$__rate_interval]))' % sel, '{{kind}}')], 'short', ['PriceZeroOrNegative', 'PriceAnomalyDetected']),
    row('Listings'),
    timeseries('Listings by status', [target('max by (status) (marketplace_listings{%s})' % sel, '{{status}}')], 'short', ['ListingsNotActiveJump'], desc='The shop\'s listings by normalised status, as last counted by its listing_status events; changes show as annotations.', min=0),
    timeseries('Share not active', [
      target('shop:marketplace_listings_not_active:ratio{%s}' % sel, 'not active'),
      target('last_over_time(shop:marketplace_listings_not_active:ratio_before_change{%s}[%s])' % [sel, cfg.listings.baselineKept], 'before the last listing/deploy change'),
    ], pct, ['ListingsNotActiveJump'], desc='Inactive + under review + suppressed / all listings, next to the share before the last listing or deploy change, which the after-change alert compares with.', min=0),
    row('Inventory'),
    timeseries('Negative-stock SKUs', [target('sum(marketplace_inventory_negative_skus{%s})' % sel, 'negative stock')], 'short', ['InventoryNegative'], th=countTh, min=0) { w: 24 },
  ],
  ['shop'],
);

{
  'marketplace-overview.json': overview,
  'marketplace-shop-detail.json': shopDetail,
}
