// Settings of the Kubernetes manifests: change them here, then render (see README.md):
//   bash deploy/kubernetes/render.sh
{
  name: 'marketplace-exporter',
  // Build and push the image of the repository's Dockerfile, then set its reference here.
  image: 'registry.example.com/marketplace-exporter:0.1.0',
  imagePullPolicy: 'IfNotPresent',

  // Shards: StatefulSet replicas. Pod N runs with --shard.index=N --shard.count=<shards>; each
  // owns the shops whose hash falls to it. Changing it moves shops between pods (README.md).
  shards: 2,

  port: 9877,
  scrapeInterval: '30s',

  // Durable state (--storage.path): the relay's queue and what survives a restart.
  storageSize: '1Gi',
  storageClassName: null,  // null: the cluster's default StorageClass

  // Memory from bench/RESULTS.md: ~270 B of heap per series at steady state (265-334 B),
  // ~17 MB allocated per scrape at 100,000 series, ~30 MB of fixed heap. The heap is sized for
  // seriesPerShard with headroom for a scrape and ingest in flight; the JVM gets 75% of the
  // container (MaxRAMPercentage), the rest is metaspace, threads and buffers.
  seriesPerShard: 100000,
  bytesPerSeries: 270,
  fixedHeapMiB: 64,
  scrapeHeadroomMiB: 64,
  cpuRequest: '100m',

  // The Secret the pods read robot URLs and signing secrets from (create it yourself, see
  // README.md; it is never rendered here) and the keys the ConfigMap's references expect.
  secretName: 'marketplace-exporter-secrets',
  secretEnv: ['DINGTALK_ONCALL_URL', 'DINGTALK_ONCALL_SECRET', 'MARKETPLACE_EXPORTER_TOKEN'],

  // Labels the Prometheus custom resource selects ServiceMonitors and PrometheusRules by
  // (kube-prometheus-stack: {release: '<helm release name>'}).
  monitoringLabels: {},
}
