// Renders every rule file of the pack. From the repo root:
//   jsonnet -S -m rules rules/pack.jsonnet
// Link bases can be overridden at render time (see rules/README.md):
//   jsonnet -S -m <out-dir> --tla-str runbookBase=https://wiki.example.com/runbooks/ rules/pack.jsonnet
// The rules themselves are in groups.libsonnet, the thresholds in config.libsonnet.
local defaults = import 'config.libsonnet';
local groups = import 'groups.libsonnet';
local lib = import 'lib.libsonnet';

function(runbookBase=defaults.runbookBase, dashboardBase=defaults.dashboardBase)
  local cfg = defaults { runbookBase: runbookBase, dashboardBase: dashboardBase };
  local files = groups(cfg);
  { [file]: lib.file(cfg, files[file]) for file in std.objectFields(files) }
