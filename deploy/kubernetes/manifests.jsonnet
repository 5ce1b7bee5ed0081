// The exporter on Kubernetes: a StatefulSet of shards with their volumes, a headless Service
// for the peers, a Service for scraping, a ServiceMonitor, the configuration as a ConfigMap and
// the rule pack as a PrometheusRule. Rendered by deploy/kubernetes/render.sh, which passes the
// rule pack's groups (rules/pack.jsonnet, file name -> groups) as ruleGroups.
local cfg = import 'config.libsonnet';

function(ruleGroups)
  local name = cfg.name;
  local peersName = name + '-headless';
  local selector = { 'app.kubernetes.io/name': name };
  local labels(component) = selector {
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'marketplace-exporter',
  };
  local dataDir = '/var/lib/marketplace-exporter/data';
  local configDir = '/etc/marketplace-exporter';
  local heapMiB = std.ceil(cfg.seriesPerShard * cfg.bytesPerSeries / 1048576)
                  + cfg.fixedHeapMiB + cfg.scrapeHeadroomMiB;
  // Heap is 75% of the container; rounded up to a multiple of 64 MiB.
  local memoryMiB = 64 * std.ceil(heapMiB / 0.75 / 64);
  local peerUrl(i) = std.format('http://%s-%d.%s:%d', [name, i, peersName, cfg.port]);
  local configYaml = std.join('\n', [
    '# Exporter configuration (docs/configuration.md). References like ${NAME} are read from',
    '# the environment, which the StatefulSet fills from the Secret ' + cfg.secretName + ';',
    '# MARKETPLACE_EXPORTER_TOKEN (ingest API token) is read from there without a reference.',
    'web:',
    '  listen_address: ":%d"' % cfg.port,
    'shard:',
    '  # --shard.index (the pod ordinal) and --shard.count override these; peers in shard order.',
    '  count: %d' % cfg.shards,
    '  peers:',
  ] + ['    - "%s"' % peerUrl(i) for i in std.range(0, cfg.shards - 1)] + [
    'relay:',
    '  dingtalk:',
    '    oncall:',
    '      url: ${DINGTALK_ONCALL_URL}',
    '      secret: ${DINGTALK_ONCALL_SECRET}',
    '',
  ]);
  {
    'configmap.json': {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: name + '-config', labels: labels('exporter') },
      data: { 'config.yml': configYaml },
    },

    'service-headless.json': {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: peersName, labels: labels('peers') },
      spec: {
        clusterIP: 'None',
        // Peers resolve each other while starting, before they are ready.
        publishNotReadyAddresses: true,
        selector: selector,
        ports: [{ name: 'http', port: cfg.port, targetPort: 'http' }],
      },
    },

    'service.json': {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: name, labels: labels('metrics') },
      spec: {
        type: 'ClusterIP',
        selector: selector,
        ports: [{ name: 'http', port: cfg.port, targetPort: 'http' }],
      },
    },

    'statefulset.json': {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: name, labels: labels('exporter') },
      spec: {
        serviceName: peersName,
        replicas: cfg.shards,
        // Shards are independent: start and replace them all at once.
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        template: {
          metadata: {
            labels: labels('exporter'),
            annotations: {
              // Roll the pods when the configuration changes.
              'marketplace-exporter/config-hash': std.md5(configYaml),
            },
          },
          spec: {
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 30,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 10001,  // the image's user "exporter"
              runAsGroup: 10001,
              fsGroup: 10001,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [{
              name: 'exporter',
              image: cfg.image,
              imagePullPolicy: cfg.imagePullPolicy,
              args: [
                '--config.file=' + configDir + '/config.yml',
                '--web.listen-address=:%d' % cfg.port,
                '--storage.path=' + dataDir,
                // $(SHARD_INDEX) is expanded by Kubernetes from the env below.
                '--shard.index=$(SHARD_INDEX)',
                '--shard.count=%d' % cfg.shards,
              ],
              env: [
                {
                  // The pod's ordinal (Kubernetes >= 1.28 labels StatefulSet pods with it).
                  name: 'SHARD_INDEX',
                  valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } },
                },
                { name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError' },
              ] + [
                {
                  name: key,
                  valueFrom: { secretKeyRef: { name: cfg.secretName, key: key } },
                }
                for key in cfg.secretEnv
              ],
              ports: [{ name: 'http', containerPort: cfg.port, protocol: 'TCP' }],
              readinessProbe: {
                httpGet: { path: '/-/ready', port: 'http' },
                periodSeconds: 10,
                failureThreshold: 3,
              },
              livenessProbe: {
                httpGet: { path: '/-/healthy', port: 'http' },
                periodSeconds: 20,
                failureThreshold: 3,
              },
              startupProbe: {
                // The queue file and state are read back before the port opens.
                httpGet: { path: '/-/healthy', port: 'http' },
                periodSeconds: 2,
                failureThreshold: 60,
              },
              resources: {
                requests: { cpu: cfg.cpuRequest, memory: '%dMi' % memoryMiB },
                limits: { memory: '%dMi' % memoryMiB },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'config', mountPath: configDir, readOnly: true },
                { name: 'data', mountPath: dataDir },
                // The JVM's and Jetty's temporary files; the root file system is read-only.
                { name: 'tmp', mountPath: '/tmp' },
              ],
            }],
            volumes: [
              { name: 'config', configMap: { name: name + '-config' } },
              { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
            ],
          },
        },
        volumeClaimTemplates: [{
          metadata: { name: 'data', labels: labels('exporter') },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: cfg.storageSize } },
          } + (if cfg.storageClassName == null then {} else { storageClassName: cfg.storageClassName }),
        }],
      },
    },

    'servicemonitor.json': {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: name, labels: labels('metrics') + cfg.monitoringLabels },
      spec: {
        selector: { matchLabels: labels('metrics') },
        endpoints: [{
          port: 'http',
          path: '/metrics',
          interval: cfg.scrapeInterval,
          // The sync metrics' own `job` label (the sync job) stays `job`; see rules/README.md.
          honorLabels: true,
        }],
      },
    },

    'prometheusrule.json': {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: name + '-rules', labels: labels('rules') + cfg.monitoringLabels },
      // Every group of every rule file, files in name order (as rules/*.yml).
      spec: { groups: std.flattenArrays([ruleGroups[f] for f in std.objectFields(ruleGroups)]) },
    },
  }
