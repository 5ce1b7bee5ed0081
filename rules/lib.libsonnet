// Helpers shared by the rule families. Nothing here is a threshold: those live in config.libsonnet.
{
  shopBy: 'marketplace, site, shop',
  shopText: '{{ $labels.marketplace }}{{ with $labels.site }} {{ . }}{{ end }} shop {{ $labels.shop }}',

  // 0.05 -> "5%"
  pct(x):: std.format('%g%%', x * 100),
  // 600 -> "10m", 86400 -> "1d"
  dur(s)::
    if s % 86400 == 0 then std.format('%dd', s / 86400)
    else if s % 3600 == 0 then std.format('%dh', s / 3600)
    else if s % 60 == 0 then std.format('%dm', s / 60)
    else std.format('%ds', s),

  // "5m" -> 300 (one unit: s, m, h or d), for the few places that do arithmetic on a `for`.
  seconds(d)::
    local unit = d[std.length(d) - 1];
    std.parseInt(std.substr(d, 0, std.length(d) - 1)) * { s: 1, m: 60, h: 3600, d: 86400 }[unit],

  // Dashboard links. `shop` links the shop detail dashboard pre-filtered on the alert's shop.
  dashboardUrl(cfg, kind)::
    if kind == 'shop' then
      cfg.dashboardBase + cfg.dashboards.shop
      + '?var-marketplace={{ $labels.marketplace | urlquery }}'
      + '&var-site={{ $labels.site | urlquery }}'
      + '&var-shop={{ $labels.shop | urlquery }}'
    else
      cfg.dashboardBase + cfg.dashboards.overview,

  // The exporter replica that owns a shop (rules/exporter.yml records it while the replica is
  // scraped and remembers it for an hour). Joined onto the shop alerts as `instance`, so that
  // ExporterDown of one replica inhibits only the alerts of the shops that replica owns.
  ownerRecord: 'shop:marketplace_exporter_owner:info',
  withOwner(expr)::
    std.format(
      '(%(e)s) + on (%(by)s) group_left (instance) (0 * topk by (%(by)s) (1, last_over_time(%(o)s[1h]))) or on (%(by)s) (%(e)s)',
      { e: expr, by: $.shopBy, o: $.ownerRecord }
    ),

  // The maintenance policy of an alert (config.libsonnet, `maintenance`): "mute" when it is an
  // expected symptom of planned maintenance, "never" when it must reach on-call regardless.
  maintenance(cfg, family, severity)::
    if severity == 'warning' || std.member(cfg.maintenance.mutedFamilies, family) then 'mute' else 'never',

  // One alerting rule. Every alert gets severity, family and maintenance labels and the four
  // annotations. `owner`: the alert is about one shop and carries the owning replica's
  // `instance`. `keepFiringFor`: see config.libsonnet (flapping and restarts).
  alert(cfg, name, family, severity, expr, summary, description, dashboard='shop', forDuration=null, labels={}, keepFiringFor=null, owner=false)::
    {
      alert: name,
      expr: if owner then $.withOwner(expr) else expr,
      labels: { severity: severity, family: family, maintenance: $.maintenance(cfg, family, severity) } + labels,
      annotations: {
        summary: summary,
        description: description,
        runbook_url: cfg.runbookBase + name + '.md',
        dashboard_url: $.dashboardUrl(cfg, dashboard),
      },
    } + (if forDuration == null then {} else { 'for': forDuration })
    + (if keepFiringFor == null then {} else { keep_firing_for: keepFiringFor }),

  record(name, expr):: { record: name, expr: expr },

  // failed / all over a window, 0 (not absent) when nothing failed.
  ratio(metric, badSelector, window, by)::
    std.format(
      '(sum by (%s) (rate(%s{%s}[%s])) or 0 * sum by (%s) (rate(%s[%s]))) / sum by (%s) (rate(%s[%s]))',
      [by, metric, badSelector, window, by, metric, window, by, metric, window]
    ),

  // YAML of one rule file. A small emitter instead of std.manifestYamlDoc, which is very slow
  // in C++ jsonnet 0.18; it also keeps the conventional key order (alert, expr, for, labels,
  // annotations). Strings are JSON-quoted, which is valid YAML.
  local q(s) = std.escapeStringJson(s),
  local map(indent, obj) = std.join('', [
    indent + k + ': ' + q(obj[k]) + '\n'
    for k in std.objectFields(obj)
  ]),
  local rule(r) =
    (if std.objectHas(r, 'alert') then '      - alert: ' + q(r.alert) + '\n        expr: ' else '      - record: ' + q(r.record) + '\n        expr: ')
    + q(r.expr) + '\n'
    + (if std.objectHas(r, 'for') then '        for: ' + q(r['for']) + '\n' else '')
    + (if std.objectHas(r, 'keep_firing_for') then '        keep_firing_for: ' + q(r.keep_firing_for) + '\n' else '')
    + (if std.objectHas(r, 'labels') then '        labels:\n' + map('          ', r.labels) else '')
    + (if std.objectHas(r, 'annotations') then '        annotations:\n' + map('          ', r.annotations) else ''),
  local group(g) = '  - name: ' + q(g.name) + '\n    rules:\n' + std.join('', [rule(r) for r in g.rules]),

  // Render a rule file with a header that says where it comes from.
  file(cfg, groups)::
    '# Generated from rules/*.jsonnet (pack version ' + cfg.version + '). Do not edit by hand:\n'
    + '# change rules/config.libsonnet or the .jsonnet sources and run  jsonnet -S -m rules rules/pack.jsonnet\n'
    + 'groups:\n'
    + std.join('', [group(g) for g in groups]),
}
