#!/usr/bin/env python3
"""Prints the body of tests/testcluster/src/proto/messages.txt: the protobuf field table of the
messages reachable from ROOTS, read from kubernetes/api and kubernetes/apimachinery at TAG
(generated.proto for numbers, names and types; types.go for Go pointers, inline fields and
the patchStrategy/patchMergeKey of strategic merge patch).

Usage: proto-table.py API_GIT_DIR APIMACHINERY_GIT_DIR TAG > body.txt
"""
import re
import subprocess
import sys

API, MACH, TAG = sys.argv[1], sys.argv[2], sys.argv[3]

API_PKGS = {
    "k8s.io.api.core.v1": "core/v1",
    "k8s.io.api.apps.v1": "apps/v1",
    "k8s.io.api.batch.v1": "batch/v1",
    "k8s.io.api.rbac.v1": "rbac/v1",
    "k8s.io.api.authentication.v1": "authentication/v1",
    "k8s.io.api.authorization.v1": "authorization/v1",
    "k8s.io.api.policy.v1": "policy/v1",
    "k8s.io.api.networking.v1": "networking/v1",
    "k8s.io.api.scheduling.v1": "scheduling/v1",
    "k8s.io.api.autoscaling.v1": "autoscaling/v1",
}
MACH_PKGS = {
    "k8s.io.apimachinery.pkg.apis.meta.v1": "pkg/apis/meta/v1",
    "k8s.io.apimachinery.pkg.runtime": "pkg/runtime",
    "k8s.io.apimachinery.pkg.util.intstr": "pkg/util/intstr",
    "k8s.io.apimachinery.pkg.api.resource": "pkg/api/resource",
}
SPECIAL = {"Time", "MicroTime", "Duration", "IntOrString", "Quantity", "RawExtension", "FieldsV1"}
ROOTS = [
    "core.v1.Namespace", "core.v1.ConfigMap", "core.v1.Secret", "core.v1.ServiceAccount",
    "core.v1.Service", "core.v1.Pod", "core.v1.ResourceQuota", "core.v1.Node",
    "core.v1.Endpoints", "core.v1.PersistentVolumeClaim", "networking.v1.NetworkPolicy",
    "apps.v1.Deployment", "apps.v1.StatefulSet", "apps.v1.DaemonSet", "apps.v1.ReplicaSet",
    "batch.v1.Job", "batch.v1.CronJob",
    "rbac.v1.Role", "rbac.v1.ClusterRole", "rbac.v1.RoleBinding", "rbac.v1.ClusterRoleBinding",
    "authentication.v1.TokenRequest", "authentication.v1.SelfSubjectReview",
    "authorization.v1.SelfSubjectAccessReview", "authorization.v1.SelfSubjectRulesReview",
    "policy.v1.PodDisruptionBudget", "policy.v1.Eviction",
    "networking.v1.Ingress", "scheduling.v1.PriorityClass", "autoscaling.v1.Scale",
    "meta.v1.DeleteOptions",
]
SCALARS = {"string": "s", "bool": "b", "int32": "i", "int64": "i", "double": "f", "bytes": "y"}


def show(repo, path):
    return subprocess.run(["git", "-C", repo, "show", f"{TAG}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def parse_proto(text, pkg):
    msgs = {}
    cur = None
    depth = 0
    for raw in text.splitlines():
        line = raw.split("//")[0].strip()
        if not line:
            continue
        m = re.match(r"message (\w+) \{", line)
        if m and depth == 0:
            cur = f"{pkg}.{m.group(1)}"
            msgs[cur] = []
            depth = 1
            continue
        if line.startswith("message ") or line.startswith("enum "):
            depth += 1
            continue
        if line == "}":
            depth -= 1
            if depth == 0:
                cur = None
            continue
        if cur is None or depth != 1:
            continue
        m = re.match(r"map<(\S+), (\S+)> (\w+) = (\d+);", line)
        if m:
            msgs[cur].append((int(m.group(4)), m.group(3), "map", m.group(2)))
            continue
        m = re.match(r"(optional|repeated) (\S+) (\w+) = (\d+);", line)
        if m:
            msgs[cur].append((int(m.group(4)), m.group(3), m.group(1), m.group(2)))
    return msgs


def go_fields(text):
    """struct name -> {proto field name: (is_pointer, inline, patch strategy)}"""
    out = {}
    for m in re.finditer(r"^type (\w+) struct \{\n(.*?)^\}", text, re.S | re.M):
        fields = {}
        for line in m.group(2).splitlines():
            line = line.strip()
            t = re.search(r'protobuf:"[^"]*name=(\w+)', line)
            if not t:
                continue
            inline = 'json:",inline"' in line
            parts = line.split("`")[0].split()
            gotype = parts[-1] if parts else ""
            strategy = re.search(r'patchStrategy:"([^"]*)"', line)
            key = re.search(r'patchMergeKey:"([^"]*)"', line)
            patch = ""
            if strategy:
                patch = strategy.group(1) + (":" + key.group(1) if key else "")
            fields[t.group(1)] = (gotype.startswith("*") and not inline, inline, patch)
        out[m.group(1)] = fields
    return out


msgs, go = {}, {}
for pkg, path in API_PKGS.items():
    msgs.update(parse_proto(show(API, f"{path}/generated.proto"), pkg))
    go[pkg] = go_fields(show(API, f"{path}/types.go"))
for pkg, path in MACH_PKGS.items():
    msgs.update(parse_proto(show(MACH, f"{path}/generated.proto"), pkg))
    names = {"pkg/apis/meta/v1": ["types.go", "meta.go"], "pkg/runtime": ["types.go"],
             "pkg/util/intstr": ["intstr.go"], "pkg/api/resource": ["quantity.go"]}[path]
    go[pkg] = {}
    for n in names:
        try:
            go[pkg].update(go_fields(show(MACH, f"{path}/{n}")))
        except subprocess.CalledProcessError:
            pass


def skipped(t):
    """Status messages: requests create objects without status, so they are left out."""
    return t.rsplit(".", 1)[-1].endswith("Status")


def resolve(t, pkg):
    if t.startswith("."):
        return t[1:]
    if f"{pkg}.{t}" in msgs:
        return f"{pkg}.{t}"
    for q in msgs:
        if q.endswith("." + t):
            return q
    raise SystemExit(f"unresolved {t} in {pkg}")


def qualify(root):
    for q in msgs:
        if q.endswith("." + root) and (q.startswith("k8s.io.api.") or "meta.v1" in q):
            return q
    raise SystemExit(root)


seen, order = set(), []
stack = [qualify(r) for r in ROOTS]
while stack:
    q = stack.pop(0)
    if q in seen:
        continue
    seen.add(q)
    short = q.rsplit(".", 1)[1]
    if short in SPECIAL:
        continue
    order.append(q)
    pkg = q.rsplit(".", 1)[0]
    for num, name, label, typ in msgs[q]:
        if typ not in SCALARS and not skipped(typ):
            stack.append(resolve(typ, pkg))

shorts = {}
for q in order:
    s = q.rsplit(".", 1)[1]
    if s in shorts:
        raise SystemExit(f"name clash {s}: {shorts[s]} {q}")
    shorts[s] = q

for q in sorted(order, key=lambda q: q.rsplit(".", 1)[1]):
    pkg, short = q.rsplit(".", 1)
    gof = go.get(pkg, {}).get(short, {})
    parts = []
    for num, name, label, typ in sorted(msgs[q]):
        if typ not in SCALARS and skipped(typ):
            continue
        ptr, inline, patch = gof.get(name, (False, False, ""))
        t = SCALARS.get(typ) or resolve(typ, pkg).rsplit(".", 1)[1]
        if label == "repeated":
            t = "[" + t
        elif label == "map":
            t = "{" + t
        flag = "^" if inline else ("?" if ptr else "")
        parts.append(f"{num} {flag}{name} {t}" + (f" {patch}" if patch else ""))
    print(f"{short}: {'; '.join(parts)}")
print(f"# {len(order)} messages", file=sys.stderr)
