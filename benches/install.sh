#!/usr/bin/env bash
# Install benchmark on the test cluster with injected latency, in one run:
#   odh install  vs  kubectl apply --server-side (retried until accepted) + kubectl wait,
#   on the same rendered objects; odh's wall time vs the critical path of simulated readiness;
#   odh status and odh render times; peak memory of odh.
# Usage: benches/install.sh [LATENCY_MS] [READY_AFTER_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
latency=${1:-20}
ready=${2:-1000}
profiles=core,monitoring,serving,ai-library
values=(--set sparkOperator.enabled=false)   # no remote files: nothing leaves this machine

cargo build --release -q -p odh -p odh-testcluster --bins
target=$(realpath "${CARGO_TARGET_DIR:-target}")
odh=$target/release/odh
tc=$target/release/odh-testcluster
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

start_cluster() { # NAME
  "$tc" --kubeconfig-out "$work/$1.kubeconfig" --latency-ms "$latency" --ready-after-ms "$ready" > "$work/$1.url" &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$work/$1.url" ] && return; sleep 0.05; done
  echo "test cluster $1 did not start" >&2; exit 1
}
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

"$odh" render -p "$profiles" "${values[@]}" > "$work/objects.yaml" 2>/dev/null
objects=$(grep -c '^kind:' "$work/objects.yaml")
waits=$("$odh" render -p "$profiles" "${values[@]}" -o json 2>/dev/null | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
print(sum(1 for o in items if o["kind"] in ("Deployment", "StatefulSet", "Job", "SeldonDeployment", "InferenceService")))')

start_cluster odh
t0=$(now)
/usr/bin/time -f "%M" -o "$work/odh.maxrss" "$odh" --kubeconfig "$work/odh.kubeconfig" install -p "$profiles" "${values[@]}" -q > /dev/null
t1=$(now)
odh_s=$(secs "$t0" "$t1")
t0=$(now); "$odh" --kubeconfig "$work/odh.kubeconfig" status > /dev/null; t1=$(now)
status_s=$(secs "$t0" "$t1")
t0=$(now); "$odh" render -p "$profiles" "${values[@]}" > /dev/null 2>&1; t1=$(now)
render_s=$(secs "$t0" "$t1")

start_cluster kubectl
cache="$work/kubectl-cache"
k() { kubectl --kubeconfig "$work/kubectl.kubeconfig" --cache-dir "$cache" "$@"; }
t0=$(now)
until k apply --server-side -f "$work/objects.yaml" > /dev/null 2>&1; do sleep 0.5; rm -rf "$cache/discovery"; done
for ns in opendatahub odh-monitoring seldon-system; do
  k wait --for=condition=Available deployment --all -n "$ns" --timeout=600s > /dev/null
done
k wait --for=condition=Ready seldondeployment --all -n opendatahub --timeout=600s > /dev/null 2>&1 || \
  k wait --for=jsonpath='{.status.state}'=Available seldondeployment --all -n opendatahub --timeout=600s > /dev/null
t1=$(now)
kubectl_s=$(secs "$t0" "$t1")

# The critical path of simulated readiness: the longest chain of waits the plan has.
levels=$("$odh" --kubeconfig "$work/odh.kubeconfig" install -p "$profiles" "${values[@]}" --dry-run 2>/dev/null | awk '
  /^wave / { if (hit) n++; hit = 0 }
  /(Deployment|StatefulSet|Job|SeldonDeployment|InferenceService|DSCInitialization|DataScienceCluster|Subscription)\/.*wait: ready/ { hit = 1 }
  END { if (hit) n++; print n }')
critical=$(echo "$levels * $ready / 1000" | bc -l)

printf 'objects: %s (%s waited workloads), latency %s ms/request, ready after %s ms\n' "$objects" "$waits" "$latency" "$ready"
printf 'odh install:                      %6.2f s  (peak RSS %s KiB)\n' "$odh_s" "$(cat "$work/odh.maxrss")"
printf 'kubectl apply --server-side+wait: %6.2f s\n' "$kubectl_s"
printf 'ratio odh / kubectl:              %6.2f\n' "$(echo "$odh_s / $kubectl_s" | bc -l)"
printf 'waves with readiness waits: %s; that x ready-after: %.2f s; odh / that: %.2f\n' "$levels" "$critical" "$(echo "$odh_s / $critical" | bc -l)"
printf 'odh status: %.3f s; odh render: %.3f s\n' "$status_s" "$render_s"
