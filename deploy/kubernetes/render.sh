#!/usr/bin/env bash
# Renders the Kubernetes manifests (deploy/kubernetes/manifests/*.json) from
# deploy/kubernetes/config.libsonnet and the rule pack's Jsonnet sources (rules/). Needs jsonnet
# (Debian's package). Usage, from anywhere:
#   bash deploy/kubernetes/render.sh [output-dir]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$here/manifests}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The rule pack as data: its sources, with lib.libsonnet's file() returning the groups instead of
# their YAML text. Everything else (thresholds, runbook and dashboard links) is the pack's own.
cp "$root"/rules/*.jsonnet "$root"/rules/*.libsonnet "$tmp"/
mv "$tmp/lib.libsonnet" "$tmp/lib-yaml.libsonnet"
printf '%s\n' "(import 'lib-yaml.libsonnet') + { file(cfg, groups):: groups }" >"$tmp/lib.libsonnet"
jsonnet "$tmp/pack.jsonnet" >"$tmp/rule-groups.json"

mkdir -p "$out"
rm -f "$out"/*.json
jsonnet -m "$out" --tla-code-file "ruleGroups=$tmp/rule-groups.json" "$here/manifests.jsonnet" >/dev/null
