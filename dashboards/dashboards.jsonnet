// Renders the Grafana dashboards of the pack into dashboards/*.json. From the repo root:
//   jsonnet -m dashboards dashboards/dashboards.jsonnet
// The dashboards are in dashboards.libsonnet; uids and link bases come from rules/config.libsonnet.
(import 'dashboards.libsonnet')(import '../rules/config.libsonnet')
