// The rule pack as data: a function of the configuration (rules/config.libsonnet, or the
// mixin's _config) returning file name -> rule groups. The one definition of every rule:
//   rules/pack.jsonnet renders it into rules/*.yml;
//   mixin.libsonnet exposes it as prometheusAlerts;
//   deploy/kubernetes/render.sh puts it into the PrometheusRule.
local lib = import 'lib.libsonnet';

function(cfg)
  // Files of their own (payments.libsonnet) are merged in at the end.
  (import 'payments.libsonnet')(cfg) +
  local by = lib.shopBy;
  local shop = lib.shopText;
  local o = cfg.orders;
  local s = cfg.sync;
  local a = cfg.api;
  local c = cfg.credentials;
  local k = cfg.catalog;
  local ch = cfg.changes;
  local e = cfg.exporter;
  local budget(factor) = std.format('(%g * (1 - %g))', [factor, o.sloObjective]);
  local orderFailureRatio(w) = lib.ratio('marketplace_orders_total', 'outcome="failure"', w, by);
  local apiRatio(codes, w) = lib.ratio('marketplace_api_requests_total', 'code=~"' + codes + '"', w, by);
  local minOrders = std.format('and on (%s) shop:marketplace_orders:rate5m * 300 >= %g', [by, o.minOrdersPer5m]);
  local minRequests = std.format('and on (%s) shop:marketplace_api_requests:rate5m * 300 >= %g', [by, a.minRequestsPer5m]);
  local syncJob(x) = 'label_replace(' + x + ', "job", "$1", "exported_job", "(.+)")';
  local tokenLeft(tokens) = std.format('(max by (%s, token) (marketplace_token_expiry_timestamp_seconds{token=~"%s"}) - time())', [by, tokens]);
  // The watch after a change: its window plus the alert's `for`, so that a regression that starts
  // in the last minutes of the window still fires.
  local watchSeconds = ch.windowSeconds + lib.seconds(ch.regressionFor);
  local changeWatchedOf(kinds, seconds) = std.format('(time() - max(marketplace_change_last_timestamp_seconds{kind=~"%s"}) < %d)', [kinds, seconds]);
  local changeWatched = changeWatchedOf(ch.kinds, watchSeconds);
  // The services with a change in the watch, and what each can affect: a service with
  // marketplace_change_scope series (the exporter's alerting.change_scopes) its marketplaces or
  // shops, a service without any every shop.
  local watchedServicesOf(kinds, seconds) = std.format('(min by (service) (time() - marketplace_change_last_timestamp_seconds{kind=~"%s"}) < %d)', [kinds, seconds]);
  local inScopeOf(expr, watchedServices) = std.format(
    '(%(e)s and on () (%(w)s unless on (service) marketplace_change_scope)) or (%(e)s and on (%(by)s) (marketplace_change_scope{shop!=""} and on (service) %(w)s)) or (%(e)s and on (marketplace) (marketplace_change_scope{shop=""} and on (service) %(w)s))',
    { e: expr, w: watchedServices, by: by }
  );
  local inScope(expr) = inScopeOf(expr, watchedServicesOf(ch.kinds, watchSeconds));
  local changeListOf(kinds, seconds) = std.format('{{ range $i, $c := query `max by (service, kind, version) (marketplace_change_info{kind=~"%s"}) and on (service, kind) (time() - max by (service, kind) (marketplace_change_last_timestamp_seconds) < %d)` }}{{ if $i }}, {{ end }}{{ $c.Labels.service }} {{ $c.Labels.version }} ({{ $c.Labels.kind }}){{ else }}none in marketplace_change_info (an older change: see the deploy log){{ end }}.', [kinds, seconds]);
  local changeList = changeListOf(ch.kinds, ch.listSeconds);
  local kff = cfg.keepFiringFor;
  local li = cfg.listings;
  local listingWatchSeconds = li.changeWindowSeconds + lib.seconds(li.afterChangeFor);
  // A rise of the not-active share (`delta`) by at least `share`, of at least minNewlyNotActive
  // listings, in a shop of at least minListings listings.
  local listingJump(share, delta) = std.format(
    '%(d)s >= %(share)g and on (%(by)s) %(d)s * on (%(by)s) shop:marketplace_listings:sum >= %(n)g and on (%(by)s) shop:marketplace_listings:sum >= %(min)g',
    { d: delta, share: share, by: by, n: li.minNewlyNotActive, min: li.minListings }
  );
  local listingSummary = 'The share of a shop\'s listings that are not active jumped.';
  local listingStatuses = '{{ range $i, $x := query (printf `max by (status) (marketplace_listings{marketplace=%q, site=%q, shop=%q})` $labels.marketplace $labels.site $labels.shop) | sortByLabel `status` }}{{ if $i }}, {{ end }}{{ $x.Value | printf "%.0f" }} {{ $x.Labels.status }}{{ end }}';
  local regressionSignals = [
    { r: 'order_failure', signal: 'order_failure_ratio', text: 'order failure ratio', vol: minOrders },
    { r: 'api_errors', signal: 'api_error_ratio', text: 'API error ratio', vol: minRequests },
  ];
  local syncLevels = [
    { level: 'warning', alert: 'SyncLagHigh', severity: 'warning', seconds: s.lagWarningSeconds, intervals: s.lagWarningIntervals, 'for': s.lagWarningFor },
    { level: 'critical', alert: 'SyncLagCritical', severity: 'critical', seconds: s.lagCriticalSeconds, intervals: s.lagCriticalIntervals, 'for': s.lagCriticalFor },
  ];
  // Template text showing the value of a per-job recorded series for the alert's job.
  local jobQuery(record, text, none) =
    '{{ with query (printf `' + record + '{marketplace=%q, site=%q, shop=%q, system=%q, job=%q}` $labels.marketplace $labels.site $labels.shop $labels.system $labels.job) }}' + text + '{{ else }}' + none + '{{ end }}';
  // The firing critical shop alerts of one family (optionally of one marketplace), leaving out
  // the shops of a replica Prometheus cannot scrape (ExporterDown covers those).
  local shopAlerts(fam, marketplace=null) = std.format(
    'ALERTS{alertstate="firing", severity="critical", family="%s", shop!=""%s} unless on (instance) (up{job="%s"} == 0)',
    [fam, if marketplace == null then '' else ', marketplace=' + marketplace, cfg.exporterJob]
  );
  // Hysteresis: `fire` starts the alert; once it fires, `hold` keeps it (see config.clearFactor).
  local hysteresis(name, fire, hold) =
    std.format('(%(f)s) or (%(h)s and on (%(by)s) ALERTS{alertname="%(n)s", alertstate="firing"})', { f: fire, h: hold, by: by, n: name });
  local failedOrders(w) = std.format('sum by (%s) (increase(marketplace_orders_total{outcome="failure"}[%s]))', [by, w]);
  local ordersPerHour(w) = std.format('sum by (%s) (rate(marketplace_orders_total[%s])) * 3600', [by, w]);
  {
    'orders.yml': [
      {
        // Recording rules first: rules of one group run in order, so the alerts below
        // always see the values recorded in the same evaluation.
        name: 'marketplace-orders',
        rules: [
          lib.record('shop:marketplace_orders:rate5m', std.format('sum by (%s) (rate(marketplace_orders_total[5m]))', [by])),
          lib.record('shop:marketplace_orders:rate1h', std.format('sum by (%s) (rate(marketplace_orders_total[1h]))', [by])),
        ] + [
          lib.record('shop:marketplace_order_failure:ratio_rate' + w, orderFailureRatio(w))
          for w in ['5m', '30m', '1h', '2h', '6h', '1d', '3d']
        ] + [
          // The shop's threshold: configured for it in the exporter (marketplace_alert_threshold),
          // else the default.
          lib.record(
            'shop:marketplace_order_failure_ratio:threshold',
            std.format('max by (%(by)s) (marketplace_alert_threshold{threshold="order_failure_ratio"}) or on (%(by)s) (0 * shop:marketplace_orders:rate5m + %(d)g)', { by: by, d: o.failureRatio })
          ),
          lib.alert(
            cfg, 'OrderFailureRatioHigh', 'orders', 'critical',
            hysteresis(
              'OrderFailureRatioHigh',
              std.format('shop:marketplace_order_failure:ratio_rate5m > on (%s) shop:marketplace_order_failure_ratio:threshold %s', [by, minOrders]),
              std.format('shop:marketplace_order_failure:ratio_rate5m > on (%s) (%g * shop:marketplace_order_failure_ratio:threshold) %s', [by, cfg.clearFactor, minOrders]),
            ),
            'More of a shop\'s orders are failing than its threshold allows.',
            '{{ $value | humanizePercentage }} of the orders of ' + shop + ' failed over the last 5 minutes (threshold '
            + std.format('{{ with query (printf `shop:marketplace_order_failure_ratio:threshold{marketplace=%%q, site=%%q, shop=%%q}` $labels.marketplace $labels.site $labels.shop) }}{{ . | first | value | humanizePercentage }}{{ else }}%s{{ end }}).', [lib.pct(o.failureRatio)]),
            forDuration=o.failureFor,
            keepFiringFor=kff,
            owner=true,
          ),
        ] + [
          lib.alert(
            cfg,
            if t.severity == 'critical' then 'OrderErrorBudgetBurnFast' else 'OrderErrorBudgetBurnSlow',
            'orders',
            t.severity,
            std.format(
              'shop:marketplace_order_failure:ratio_rate%(long)s > %(b)s and shop:marketplace_order_failure:ratio_rate%(short)s > %(b)s and on (%(by)s) %(failed)s >= %(minFailed)g',
              { long: t.long, short: t.short, b: budget(t.factor), by: by, failed: failedOrders(t.short), minFailed: o.sloMinFailures }
            ) + (
              if t.severity == 'critical' then std.format(' and on (%s) %s >= %g', [by, ordersPerHour(t.long), o.sloMinOrdersPerHour]) else ''
            ),
            if t.severity == 'critical' then 'A shop is burning its order success error budget fast.'
            else 'A shop is steadily using up its order success error budget.',
            shop + ' has failed {{ $value | humanizePercentage }} of its orders over the last %s, more than %gx its error budget of %s (objective %s success) over %s and %s: at this rate the 30-day budget lasts %s.' % [
              t.long, t.factor, lib.pct(1 - o.sloObjective), lib.pct(o.sloObjective), t.long, t.short, lib.dur(std.floor(30 * 86400 / t.factor / 3600) * 3600),
            ],
            forDuration=t['for'],
            labels={ window: t.long },
            keepFiringFor=kff,
            owner=true,
          )
          for t in o.burnTiers
        ] + [
          lib.alert(
            cfg, 'OrdersStopped', 'orders', 'critical',
            std.format(
              '(sum by (%(by)s) (increase(marketplace_orders_total{outcome="success"}[%(w)s] offset 1w)) or on (%(by)s) sum by (%(by)s) (increase(marketplace_orders_total{outcome="success"}[%(w)s] offset 1d)) or on (%(by)s) sum by (%(by)s) (rate(marketplace_orders_total{outcome="success"}[%(r)s] offset %(w)s)) * %(ws)d) >= %(min)g and on (%(by)s) sum by (%(by)s) (increase(marketplace_orders_total{outcome="success"}[%(w)s])) == 0',
              { by: by, w: o.stoppedWindow, ws: o.stoppedWindowSeconds, r: o.stoppedRecentWindow, min: o.stoppedMinOrdersLastWeek }
            ),
            'A shop that normally sells at this hour has had no successful order for %s.' % o.stoppedWindow,
            shop + ' has had no successful order for ' + o.stoppedWindow + ', while its baseline (the same ' + o.stoppedWindow + ' a week ago; for a shop younger than a week, yesterday; younger than a day, its rate over the ' + o.stoppedRecentWindow + ' before) is {{ $value | printf "%.0f" }} orders. Checkout or order intake may be broken.',
            forDuration=o.stoppedFor,
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'OrderBacklogGrowing', 'orders', 'warning',
            std.format(
              'max by (%(by)s) (marketplace_orders_pending) >= %(min)g and on (%(by)s) max by (%(by)s) (deriv(marketplace_orders_pending[15m])) > 0',
              { by: by, min: o.backlogMinPending }
            ),
            'A shop\'s backlog of pending orders keeps growing.',
            shop + ' has {{ $value | printf "%.0f" }} pending orders and the backlog has been growing for ' + o.backlogGrowingFor + '.',
            forDuration=o.backlogGrowingFor,
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'OrderOldestPendingTooOld', 'orders', 'warning',
            std.format(
              'time() - min by (%s) (marketplace_order_oldest_pending_timestamp_seconds) > %d',
              [by, o.oldestPendingMaxAgeSeconds]
            ),
            'A shop has an order pending for longer than %s.' % lib.dur(o.oldestPendingMaxAgeSeconds),
            'The oldest pending order of ' + shop + ' was placed {{ $value | humanizeDuration }} ago (threshold %s).' % lib.dur(o.oldestPendingMaxAgeSeconds),
            forDuration=o.oldestPendingFor,
            keepFiringFor=kff,
            owner=true,
          ),
        ],
      },
    ],

    'sync.yml': [
      {
        // Recording rules first: rules of one group run in order, so the alerts below
        // always see the values recorded in the same evaluation.
        name: 'marketplace-sync',
        rules: [
          // The exporter's `job` label (the sync job) becomes `exported_job` unless the scrape
          // config sets honor_labels: true; label_replace makes the rules work either way.
          lib.record(
            'shop_job:marketplace_sync_lag:seconds',
            std.format('time() - max by (%s, system, job) (%s)', [by, syncJob('marketplace_sync_last_success_timestamp_seconds')])
          ),
          lib.record(
            'shop_job:marketplace_sync_runs:increase' + s.failuresWindow,
            std.format('sum by (%s, system, job, outcome) (%s)', [by, syncJob('increase(marketplace_sync_runs_total[' + s.failuresWindow + '])')])
          ),
          // How often each job is expected to succeed: its own series (from its sync events, kept
          // for 6h across exporter restarts, or configured for the shop), else the one configured
          // for its system and job on every shop.
          lib.record(
            'shop_job:marketplace_sync_expected_interval:seconds',
            std.format(
              'max by (%(by)s, system, job) (%(own)s) or on (%(by)s, system, job) (0 * shop_job:marketplace_sync_lag:seconds + on (system, job) group_left () max by (system, job) (%(any)s))',
              { by: by, own: syncJob('last_over_time(marketplace_sync_expected_interval_seconds{shop!=""}[6h])'), any: syncJob('marketplace_sync_expected_interval_seconds{shop=""}') }
            )
          ),
        ] + [
          // The lag threshold of each job: configured for the shop and job, else for the job on
          // every shop (marketplace_alert_threshold), else `intervals` expected intervals when that
          // is more than the default, else the default.
          lib.record(
            'shop_job:marketplace_sync_lag_%s:threshold_seconds' % l.level,
            std.format(
              'max by (%(by)s, system, job) (%(shopJob)s) or on (%(by)s, system, job) (0 * shop_job:marketplace_sync_lag:seconds + on (system, job) group_left () max by (system, job) (%(job)s)) or on (%(by)s, system, job) (%(k)g * shop_job:marketplace_sync_expected_interval:seconds > %(d)d) or on (%(by)s, system, job) (0 * shop_job:marketplace_sync_lag:seconds + %(d)d)',
              {
                by: by,
                shopJob: syncJob('marketplace_alert_threshold{threshold="sync_lag_%s_seconds", shop!=""}' % l.level),
                job: syncJob('marketplace_alert_threshold{threshold="sync_lag_%s_seconds", shop=""}' % l.level),
                k: l.intervals,
                d: l.seconds,
              }
            )
          )
          for l in syncLevels
        ] + [
          lib.alert(
            cfg, l.alert, 'sync', l.severity,
            'shop_job:marketplace_sync_lag:seconds > on (%s, system, job) shop_job:marketplace_sync_lag_%s:threshold_seconds' % [by, l.level],
            'A sync job has not succeeded within its %s threshold.' % l.level,
            'The {{ $labels.job }} sync of ' + shop + ' ({{ $labels.system }}) last succeeded {{ $value | humanizeDuration }} ago (threshold '
            + jobQuery('shop_job:marketplace_sync_lag_%s:threshold_seconds' % l.level, '{{ . | first | value | humanizeDuration }}', '?')
            + jobQuery('shop_job:marketplace_sync_expected_interval:seconds', '; expected every {{ . | first | value | humanizeDuration }}', '')
            + ').',
            forDuration=l['for'],
            keepFiringFor=kff,
            owner=true,
          )
          for l in syncLevels
        ] + [
          lib.alert(
            cfg, 'SyncJobFailing', 'sync', 'warning',
            std.format(
              'max without (outcome) (shop_job:marketplace_sync_runs:increase%(w)s{outcome="failure"}) >= %(min)g unless on (%(by)s, system, job) shop_job:marketplace_sync_runs:increase%(w)s{outcome="success"} > 0',
              { w: s.failuresWindow, min: s.failuresMin, by: by }
            ),
            'A sync job keeps failing.',
            'The {{ $labels.job }} sync of ' + shop + ' ({{ $labels.system }}) failed {{ $value | printf "%.0f" }} times in the last ' + s.failuresWindow + ' without a single success.',
            forDuration=s.failuresFor,
            keepFiringFor=kff,
            owner=true,
          ),
        ],
      },
    ],

    'api.yml': [
      {
        // Recording rules first: rules of one group run in order, so the alerts below
        // always see the values recorded in the same evaluation.
        name: 'marketplace-api',
        rules: [
          lib.record('shop:marketplace_api_requests:rate5m', std.format('sum by (%s) (rate(marketplace_api_requests_total[5m]))', [by])),
          lib.record('shop:marketplace_api_success:ratio_rate5m', apiRatio('2xx|3xx', '5m')),
          lib.record('shop:marketplace_api_errors:ratio_rate5m', apiRatio('4xx|5xx|error', '5m')),
          lib.record('shop:marketplace_api_errors:ratio_rate1h', apiRatio('4xx|5xx|error', '1h')),
          lib.record('shop:marketplace_api_throttled:ratio_rate5m', apiRatio('429', '5m')),
          lib.record(
            'shop_operation:marketplace_api_quota_usage:ratio',
            std.format('1 - max by (%(by)s, operation) (marketplace_api_quota_remaining) / max by (%(by)s, operation) (marketplace_api_quota_limit > 0)', { by: by })
          ),
        ] + [
          lib.alert(
            cfg, 'ApiSuccessRatioLow', 'api', 'warning',
            hysteresis(
              'ApiSuccessRatioLow',
              std.format('shop:marketplace_api_success:ratio_rate5m < %g %s', [a.successRatioMin, minRequests]),
              std.format('shop:marketplace_api_success:ratio_rate5m < %g %s', [1 - (1 - a.successRatioMin) * cfg.clearFactor, minRequests]),
            ),
            'Less than %s of a shop\'s marketplace API calls succeed.' % lib.pct(a.successRatioMin),
            'Only {{ $value | humanizePercentage }} of the marketplace API calls of ' + shop + ' succeeded over the last 5 minutes (threshold %s).' % lib.pct(a.successRatioMin),
            forDuration=a.successFor,
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'ApiErrorRatioHigh', 'api', 'critical',
            hysteresis(
              'ApiErrorRatioHigh',
              std.format('shop:marketplace_api_errors:ratio_rate5m > %g %s', [a.errorRatioMax, minRequests]),
              std.format('shop:marketplace_api_errors:ratio_rate5m > %g %s', [a.errorRatioMax * cfg.clearFactor, minRequests]),
            ),
            'More than %s of a shop\'s marketplace API calls fail.' % lib.pct(a.errorRatioMax),
            '{{ $value | humanizePercentage }} of the marketplace API calls of ' + shop + ' failed (4xx, 5xx or no response) over the last 5 minutes (threshold %s).' % lib.pct(a.errorRatioMax),
            forDuration=a.errorFor,
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'ApiThrottled', 'api', 'warning',
            hysteresis(
              'ApiThrottled',
              std.format('shop:marketplace_api_throttled:ratio_rate5m > %g %s', [a.throttledRatioMax, minRequests]),
              std.format('shop:marketplace_api_throttled:ratio_rate5m > %g %s', [a.throttledRatioMax * cfg.clearFactor, minRequests]),
            ),
            'The marketplace keeps throttling a shop\'s API calls (HTTP 429).',
            '{{ $value | humanizePercentage }} of the marketplace API calls of ' + shop + ' were throttled (429) over the last 5 minutes, for ' + a.throttledFor + ' (threshold %s).' % lib.pct(a.throttledRatioMax),
            forDuration=a.throttledFor,
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'ApiQuotaUsageHigh', 'api_quota', 'warning',
            'shop_operation:marketplace_api_quota_usage:ratio > %g' % a.quotaWarning,
            'A shop has used more than %s of an API quota.' % lib.pct(a.quotaWarning),
            shop + ' has used {{ $value | humanizePercentage }} of its {{ $labels.operation }} API quota (threshold %s).' % lib.pct(a.quotaWarning),
            forDuration=a.quotaWarningFor,
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'ApiQuotaUsageCritical', 'api_quota', 'critical',
            'shop_operation:marketplace_api_quota_usage:ratio > %g' % a.quotaCritical,
            'A shop has used more than %s of an API quota.' % lib.pct(a.quotaCritical),
            shop + ' has used {{ $value | humanizePercentage }} of its {{ $labels.operation }} API quota (threshold %s).' % lib.pct(a.quotaCritical),
            forDuration=a.quotaCriticalFor,
            keepFiringFor=kff,
            owner=true,
          ),
        ],
      },
    ],

    'credentials.yml': [
      {
        name: 'marketplace-credentials',
        rules: [
          lib.alert(
            cfg, 'TokenExpiringSoon', 'credentials', 'warning',
            std.format('%s <= %d > %d', [tokenLeft('refresh|client_secret'), c.warningSeconds, c.criticalSeconds]),
            'A refresh token or client secret expires within %s.' % lib.dur(c.warningSeconds),
            'The {{ $labels.token }} of ' + shop + ' expires in {{ $value | humanizeDuration }}.',
            forDuration=c.expiringFor,
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'TokenExpiryImminent', 'credentials', 'critical',
            std.format('%s <= %d > 0', [tokenLeft('refresh|client_secret'), c.criticalSeconds]),
            'A refresh token or client secret expires within %s.' % lib.dur(c.criticalSeconds),
            'The {{ $labels.token }} of ' + shop + ' expires in {{ $value | humanizeDuration }}.',
            forDuration=c.expiringFor,
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'TokenExpired', 'credentials', 'critical',
            std.format('-%s >= 0', [tokenLeft('refresh|client_secret')]),
            'A refresh token or client secret has expired.',
            'The {{ $labels.token }} of ' + shop + ' expired {{ $value | humanizeDuration }} ago.',
            forDuration='1m',
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'AccessTokenNotRefreshed', 'credentials', 'critical',
            std.format('%s < %d', [tokenLeft('access'), c.accessGraceSeconds]),
            'An access token has expired or is about to and was not refreshed.',
            'The access token of ' + shop + ' has {{ $value | humanizeDuration }} left (negative: already expired); it should have been refreshed automatically.',
            forDuration=c.accessFor,
            keepFiringFor=kff,
            owner=true,
          ),
        ],
      },
    ],

    'catalog.yml': [
      {
        name: 'marketplace-catalog',
        rules: [
          lib.alert(
            cfg, 'PriceZeroOrNegative', 'catalog', 'critical',
            std.format('max by (%s) (marketplace_price_anomalous_skus{kind="zero"}) > 0', [by]),
            'A shop is offering SKUs at a price of zero or below.',
            '{{ $value | printf "%.0f" }} SKUs of ' + shop + ' have a price of zero or below. GET /api/v1/anomalies lists them.',
            forDuration=k.zeroPriceFor,
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'PriceAnomalyDetected', 'catalog', 'warning',
            std.format('max by (%s, kind) (marketplace_price_anomalous_skus{kind=~"drop|spike|below_floor"}) > 0', [by]),
            'A shop has SKUs whose price jumped, dropped or fell under the floor price.',
            '{{ $value | printf "%.0f" }} SKUs of ' + shop + ' have an anomalous price ({{ $labels.kind }}). GET /api/v1/anomalies lists them.',
            forDuration=k.anomalyFor,
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'InventoryNegative', 'catalog', 'warning',
            std.format('max by (%s) (marketplace_inventory_negative_skus) > 0', [by]),
            'A shop has SKUs with negative stock (oversold).',
            '{{ $value | printf "%.0f" }} SKUs of ' + shop + ' have negative available stock. GET /api/v1/anomalies lists them.',
            forDuration=k.negativeStockFor,
            keepFiringFor=kff,
            owner=true,
          ),
        ],
      },
    ],

    // Listings taken down after a change (issue #19): the share of a shop's listings that are not
    // active (marketplace_listings), with a lower bar and a shorter `for` after a listing or
    // deploy change. Family catalog: inhibited and grouped with the shop's other catalog alerts.
    'listings.yml': [
      {
        name: 'marketplace-listings',
        rules: [
          lib.record(
            'shop:marketplace_listings:sum',
            std.format('sum by (%(by)s) (max by (%(by)s, status) (marketplace_listings))', { by: by })
          ),
          lib.record(
            'shop:marketplace_listings_not_active:ratio',
            std.format(
              '1 - sum by (%(by)s) (max by (%(by)s, status) (marketplace_listings{status="active"})) / (shop:marketplace_listings:sum > 0)',
              { by: by }
            )
          ),
          // The share before a listing/deploy change: recorded only outside the watch after one
          // and while the after-change alert does not fire (as PostDeployRegression's baseline).
          lib.record(
            'shop:marketplace_listings_not_active:ratio_before_change',
            std.format(
              'shop:marketplace_listings_not_active:ratio unless on () %(watched)s unless on (%(by)s) ALERTS{alertname="ListingsNotActiveJump", alertstate="firing", trigger="after_change"}',
              { watched: changeWatchedOf(li.changeKinds, listingWatchSeconds), by: by }
            )
          ),
          // The rises the alert judges: over the lowest share of the last jumpWindow, and over the
          // share before the latest listing/deploy change (kept for baselineKept).
          lib.record(
            'shop:marketplace_listings_not_active:rise' + li.jumpWindow,
            'shop:marketplace_listings_not_active:ratio - min_over_time(shop:marketplace_listings_not_active:ratio[%s])' % li.jumpWindow
          ),
          lib.record(
            'shop:marketplace_listings_not_active:rise_since_change',
            'shop:marketplace_listings_not_active:ratio - last_over_time(shop:marketplace_listings_not_active:ratio_before_change[%s])' % li.baselineKept
          ),
          lib.alert(
            cfg, 'ListingsNotActiveJump', 'catalog', 'critical',
            local jumped = listingJump(li.afterChangeShare, 'shop:marketplace_listings_not_active:rise_since_change');
            std.format(
              '%(watch)s or (%(j)s and on (%(by)s) ALERTS{alertname="ListingsNotActiveJump", alertstate="firing", trigger="after_change"})',
              { j: jumped, watch: inScopeOf(jumped, watchedServicesOf(li.changeKinds, listingWatchSeconds)), by: by }
            ),
            listingSummary,
            '{{ $value | humanizePercentage }} more of the listings of ' + shop + ' are not active than before a listing or deploy change (threshold %s). Now: ' % lib.pct(li.afterChangeShare) + listingStatuses + '. Listing/deploy changes in the last %s: ' % lib.dur(li.changeWindowSeconds) + changeListOf(li.changeKinds, li.changeWindowSeconds),
            forDuration=li.afterChangeFor,
            labels={ trigger: 'after_change' },
            keepFiringFor=kff,
            owner=true,
          ),
          lib.alert(
            cfg, 'ListingsNotActiveJump', 'catalog', 'critical',
            std.format(
              '%(j)s unless on (%(by)s) ALERTS{alertname="ListingsNotActiveJump", trigger="after_change"}',
              { j: listingJump(li.jumpShare, 'shop:marketplace_listings_not_active:rise' + li.jumpWindow), by: by }
            ),
            listingSummary,
            '{{ $value | humanizePercentage }} more of the listings of ' + shop + ' are not active than at the lowest point of the last %s (threshold %s). Now: ' % [li.jumpWindow, lib.pct(li.jumpShare)] + listingStatuses + '.',
            forDuration=li.jumpFor,
            labels={ trigger: 'jump' },
            keepFiringFor=kff,
            owner=true,
          ),
        ],
      },
    ],

    'changes.yml': [
      {
        name: 'marketplace-changes',
        rules: [
          // Each shop's own baseline: its 1h ratio, recorded only outside the watch after a
          // change and while its PostDeployRegression does not fire, so that the alert compares
          // with the value before the change for the whole watch and as long as it fires.
          lib.record(
            'shop:marketplace_%s:ratio_rate1h_before_change' % sig.r,
            std.format(
              'shop:marketplace_%(r)s:ratio_rate1h unless on () %(watched)s unless on (%(by)s) ALERTS{alertname="PostDeployRegression", alertstate="firing", signal="%(signal)s"}',
              { r: sig.r, watched: changeWatched, by: by, signal: sig.signal }
            )
          )
          for sig in regressionSignals
        ] + [
          lib.alert(
            cfg, 'PostDeployRegression', 'changes', 'critical',
            local regressed = std.format(
              'shop:marketplace_%(r)s:ratio_rate5m > %(min)g and shop:marketplace_%(r)s:ratio_rate5m >= on (%(by)s) (%(f)g * last_over_time(shop:marketplace_%(r)s:ratio_rate1h_before_change[%(keep)s])) %(vol)s',
              { r: sig.r, min: ch.minRatio, f: ch.factor, by: by, keep: ch.baselineKept, vol: sig.vol }
            );
            // Fires in the watch; once firing, stays firing while the regression persists
            // (the ordinary alerts take the shop's failures over; this one does not resolve first).
            std.format(
              '%(watch)s or (%(reg)s and on (%(by)s) ALERTS{alertname="PostDeployRegression", alertstate="firing", signal="%(signal)s"})',
              { reg: regressed, watch: inScope(regressed), by: by, signal: sig.signal }
            ),
            'A shop\'s failure ratio regressed after a deploy or config change.',
            'The ' + sig.text + ' of ' + shop + ' is {{ $value | humanizePercentage }}, at least %gx its value in the hour before the change and above %s. Deploy/config changes in the last %s: ' % [ch.factor, lib.pct(ch.minRatio), lib.dur(ch.listSeconds)] + changeList,
            forDuration=ch.regressionFor,
            labels={ signal: sig.signal },
            keepFiringFor=kff,
            owner=true,
          )
          for sig in regressionSignals
        ],
      },
    ],

    'exporter.yml': [
      {
        name: 'marketplace-exporter',
        rules: [
          // Which replica owns each shop: the `instance` its per-shop series are scraped from.
          // The shop alerts join it (lib.withOwner, remembered for an hour) so that ExporterDown of
          // one replica inhibits only the alerts of that replica's shops.
          lib.record(
            lib.ownerRecord,
            std.join(' or ', [
              std.format('group by (%s, instance) (%s)', [by, m])
              for m in ['marketplace_orders_total', 'marketplace_sync_last_success_timestamp_seconds', 'marketplace_api_requests_total', 'marketplace_token_expiry_timestamp_seconds', 'marketplace_price_anomalous_skus']
            ])
          ),
          lib.alert(
            cfg, 'ExporterDown', 'exporter', 'critical',
            'up{job="%(j)s"} == 0 or absent(up{job="%(j)s"})' % { j: cfg.exporterJob },
            'Prometheus cannot scrape the marketplace exporter.',
            '{{ with $labels.instance }}Prometheus has failed to scrape {{ . }}{{ else }}Prometheus has had no target{{ end }} of job %s for %s: marketplace alerts are blind.' % [cfg.exporterJob, e.downFor],
            dashboard='overview',
            forDuration=e.downFor,
          ),
          lib.alert(
            cfg, 'IngestRejectionsHigh', 'exporter', 'warning',
            std.format(
              'sum by (type) (rate(marketplace_exporter_ingest_events_total{result="rejected"}[10m])) / sum by (type) (rate(marketplace_exporter_ingest_events_total[10m])) > %g and sum by (type) (rate(marketplace_exporter_ingest_events_total{result="rejected"}[10m])) > %g',
              [e.ingestRejectedRatio, e.ingestRejectedMinPerSecond]
            ),
            'The exporter rejects many ingested events.',
            '{{ $value | humanizePercentage }} of the {{ $labels.type }} events posted to the exporter over the last 10 minutes were rejected (threshold %s).' % lib.pct(e.ingestRejectedRatio),
            dashboard='overview',
            forDuration=e.ingestFor,
            keepFiringFor=kff,
          ),
          lib.alert(
            cfg, 'SeriesLimitReached', 'exporter', 'warning',
            'sum by (job, instance, metric) (increase(marketplace_exporter_series_dropped_total[10m])) > 0',
            'The exporter is dropping label sets at its series limit.',
            'The exporter{{ with $labels.instance }} {{ . }}{{ end }} dropped {{ $value | printf "%.0f" }} label sets of {{ $labels.metric }} in the last 10 minutes because the metric reached limits.max_series_per_metric; those shops are not monitored.',
            dashboard='overview',
            forDuration=e.seriesDroppedFor,
            keepFiringFor=kff,
          ),
          lib.alert(
            cfg, 'StorageWriteFailing', 'exporter', 'warning',
            'increase(marketplace_exporter_storage_write_failures_total[10m]) > 0',
            'The exporter cannot write its durable state.',
            'Writes of {{ $labels.file }} under --storage.path{{ with $labels.instance }} on {{ . }}{{ end }} failed {{ $value | printf "%.0f" }} times in the last 10 minutes: a crash or restart now loses what the exporter learned since its last good write.',
            dashboard='overview',
            forDuration=e.storageFailingFor,
            keepFiringFor=kff,
          ),
          lib.alert(
            cfg, 'Watchdog', 'meta', 'info',
            'vector(1)',
            'Always firing: proves the alerting pipeline works end to end.',
            'This alert always fires. Alertmanager sends it to the dead man\'s switch; if the switch stops hearing from it, Prometheus, the rules or Alertmanager are broken.',
            dashboard='overview',
          ),
        ],
      },
    ],

    // One page for many shops: reads Prometheus's ALERTS series of the shop alerts above.
    'incidents.yml': [
      {
        name: 'marketplace-incidents',
        rules: [
          lib.alert(
            cfg, 'MarketplaceIncident', fam, 'critical',
            std.format(
              'count by (marketplace) (count by (marketplace, site, shop) (%s)) >= %d',
              [shopAlerts(fam), cfg.incidents.minShops]
            ),
            'Many shops of one marketplace have the same kind of problem at once.',
            '{{ $value | printf "%.0f" }} shops of {{ $labels.marketplace }} have firing critical ' + fam + ' alerts: a marketplace outage or a bad deploy rather than ' + 'single shops. Their per-shop alerts are inhibited while this fires. Shops: '
            + std.format('{{ range $i, $s := query (printf `count by (site, shop) (%s)` $labels.marketplace) | sortByLabel `shop` }}{{ if $i }}, {{ end }}{{ $s.Labels.shop }}{{ with $s.Labels.site }} ({{ . }}){{ end }}{{ end }}.', [shopAlerts(fam, '%q')]),
            dashboard='overview',
            keepFiringFor=kff,
          )
          for fam in cfg.incidents.families
        ],
      },
    ],

    // Needs the source health metrics of the connector issue; see rules/README.md.
    'sources.yml': [
      {
        name: 'marketplace-sources',
        rules: [
          lib.alert(
            cfg, 'SourceDown', 'exporter', 'critical',
            'label_replace(min by (source) (marketplace_exporter_source_up), "marketplace", "$1", "source", "(amazon|shopee|lazada|tiktok|walmart|ebay|shopify)([^a-z].*)?") == 0',
            'The exporter cannot poll one of its sources.',
            'Source {{ $labels.source }} has been down for %s: signals from it are missing and its alerts are inhibited.' % e.sourceDownFor,
            dashboard='overview',
            forDuration=e.sourceDownFor,
            keepFiringFor=kff,
          ),
          lib.alert(
            cfg, 'PollsFallingBehind', 'exporter', 'warning',
            std.format('(1 - sum by (job, instance) (rate(marketplace_exporter_poll_delay_seconds_bucket{le=~"%g([.]0)?"}[10m])) / sum by (job, instance) (rate(marketplace_exporter_poll_delay_seconds_count[10m]))) > %g', [e.pollLateSeconds, e.pollLateRatio]),
            'The exporter cannot poll its sources on time.',
            '{{ $value | humanizePercentage }} of the polls on {{ $labels.instance }} started more than %ss after they were due in the last 10 minutes: its poll places cannot keep up even at their bound (polling.max_in_flight), or the documented call rates of the marketplaces hold polls back, so the data of its shops ages between polls.' % e.pollLateSeconds,
            dashboard='overview',
            forDuration=e.pollsBehindFor,
            keepFiringFor=kff,
          ),
        ],
      },
    ],
  }
