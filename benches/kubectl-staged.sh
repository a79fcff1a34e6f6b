#!/usr/bin/env bash
# What a careful user would script with kubectl to install the same objects:
# stage by stage in dependency order, each applied with server-side apply
# (retried while a webhook's service or a new CRD is not served yet, as it
# must be by hand too), then `kubectl wait` on the conditions the stage must
# reach before the next one starts.
# Usage: benches/kubectl-staged.sh KUBECONFIG STAGES_DIR
#   STAGES_DIR/NN/objects.yaml  the objects of stage NN
#   STAGES_DIR/NN/waits         one `kubectl wait` argument list per line
set -euo pipefail
kubeconfig=$1
stages=$2
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
k() { kubectl --kubeconfig "$kubeconfig" --cache-dir "$cache" "$@"; }

for stage in "$stages"/*/; do
  deadline=$((SECONDS + 180))
  until k apply --server-side --force-conflicts -f "$stage/objects.yaml" > /dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      k apply --server-side --force-conflicts -f "$stage/objects.yaml" > /dev/null
    fi
    rm -rf "$cache/discovery" # a CRD applied just before may be served now
    sleep 0.2
  done
  while read -r line; do
    [ -n "$line" ] || continue
    # shellcheck disable=SC2086 # the line is an argument list
    k wait $line --timeout=180s > /dev/null
  done < "$stage/waits"
done
