// The pack as a monitoring mixin, imported like kubernetes-mixin:
//
//   local mixin = (import 'mixin.libsonnet') + {
//     _config+:: { exporterJob: 'marketplace', orders+: { failureRatio: 0.1 } },
//   };
//   { 'alerts.yaml': std.manifestYamlDoc(mixin.prometheusAlerts) }
//
// _config is rules/config.libsonnet (thresholds, `for` durations, the exporter's scrape job,
// runbook and dashboard link bases); the rules (rules/groups.libsonnet) and the dashboards
// (dashboards/dashboards.libsonnet) are the same definitions that render rules/*.yml and
// dashboards/*.json, so with the default _config the mixin is exactly the committed pack.
//
// prometheusAlerts holds every group of the pack. Each group lists the recording rules its alerts
// read before those alerts, so that they see the values recorded in the same evaluation; the
// groups are therefore not split, and prometheusRules (recording-only groups) is empty.
local dashboards = import 'dashboards/dashboards.libsonnet';
local groups = import 'rules/groups.libsonnet';

{
  _config:: import 'rules/config.libsonnet',

  local files = groups($._config),

  prometheusAlerts+:: {
    groups+: std.flattenArrays([files[file] for file in std.objectFields(files)]),
  },

  prometheusRules+:: {
    groups+: [],
  },

  grafanaDashboards+:: dashboards($._config),
}
