#!/usr/bin/env bash
# Checks the operations files of cooplive: the Prometheus configuration and alert rules
# (promtool check + the unit tests of infra/alerts-test.yml), the Grafana dashboards and
# provisioning, infra/compose.yaml, the Kubernetes manifests of infra/k8s and the
# Dockerfile. Installs promtool (Debian package `prometheus`) and PyYAML when missing.
# Needs no Docker, no cluster and no build. Exits non-zero when anything fails.
#
#   bash infra/check.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2

failures=0
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "not root and no sudo: cannot run $*" >&2
		return 1
	fi
}

apt_install() {
	echo "installing $* (apt-get)"
	local install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@")
	as_root "${install[@]}" >/dev/null 2>&1 && return 0
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1
	as_root "${install[@]}" >/dev/null
}

# --- tools -----------------------------------------------------------------------------
if ! command -v promtool >/dev/null 2>&1; then
	apt_install prometheus || { echo "cannot install promtool" >&2; exit 2; }
fi
PY=python3
if ! command -v "$PY" >/dev/null 2>&1 || ! "$PY" -c 'import yaml' 2>/dev/null; then
	if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
		PY=/usr/bin/python3
	else
		apt_install python3 python3-yaml || { echo "cannot install python3-yaml" >&2; exit 2; }
		PY=/usr/bin/python3
	fi
fi
promtool --version 2>&1 | head -n 1

# --- Prometheus --------------------------------------------------------------------------
step "promtool check rules infra/alerts.yml"
promtool check rules infra/alerts.yml || fail "alert rules"

step "promtool check config infra/prometheus.yml"
# rule_files are resolved relative to the directory of prometheus.yml
promtool check config infra/prometheus.yml || fail "prometheus config"

step "promtool test rules infra/alerts-test.yml"
promtool test rules infra/alerts-test.yml || fail "alert rule unit tests"

step "PromQL of the dashboards (promtool check rules on a scratch file)"
# every panel query becomes a recording rule, with Grafana's variables replaced by values
scratch=$(mktemp --suffix=.yml)
trap 'rm -f "$scratch"' EXIT
"$PY" - "$scratch" <<'PY' && promtool check rules "$scratch" || fail "dashboard queries"
import glob, json, sys

import yaml

values = {"$__rate_interval": "1m", "$__interval": "1m", "$__range": "1h", "$session": ".*", "$instance": ".*"}
rules = []
for path in sorted(glob.glob("grafana/dashboards/*.json")):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    panels = list(d.get("panels", []))
    for p in list(panels):
        panels.extend(p.get("panels", []))
    for p in panels:
        for t in p.get("targets", []):
            expr = t.get("expr", "")
            for k, v in values.items():
                expr = expr.replace(k, v)
            rules.append({"record": f"dashboard:{d.get('uid', 'x').replace('-', '_')}:panel{p.get('id')}_{t.get('refId')}",
                          "expr": expr})
with open(sys.argv[1], "w") as f:
    yaml.safe_dump({"groups": [{"name": "dashboard-queries", "rules": rules}]}, f)
print(f"  {len(rules)} queries")
PY

# --- dashboards, rules' metadata, compose, Kubernetes, Dockerfile ------------------------
step "dashboards, provisioning, alert metadata, compose, k8s, Dockerfile (python3)"
"$PY" - <<'PY' || fail "file checks"
import glob, json, os, re, sys

import yaml

errors = []
def err(msg):
    errors.append(msg)
    print("  error:", msg)

DS = {"type": "prometheus", "uid": "prometheus"}

# Prometheus names the service exports (plus Prometheus' own `up`). Dashboards and rules
# may use no other metric.
KNOWN = set("""
up
cooplive_orders_total
cooplive_orders_latency_seconds_bucket cooplive_orders_latency_seconds_count cooplive_orders_latency_seconds_sum
cooplive_reservations_expired_total
cooplive_gate_fallbacks_total
cooplive_rate_limit_refused_total cooplive_rate_limit_unchecked_total
http_server_requests_seconds_bucket http_server_requests_seconds_count http_server_requests_seconds_sum http_server_requests_seconds_max
r2dbc_pool_acquired_connections r2dbc_pool_allocated_connections r2dbc_pool_idle_connections
r2dbc_pool_pending_connections r2dbc_pool_max_allocated_connections r2dbc_pool_max_pending_connections
jvm_memory_used_bytes jvm_memory_max_bytes
jvm_gc_pause_seconds_count jvm_gc_pause_seconds_sum jvm_gc_pause_seconds_max
jvm_threads_live_threads jvm_threads_states_threads
process_cpu_usage system_cpu_usage process_uptime_seconds
cooplive_gmv_fen_total
cooplive_live_item_units_sold cooplive_live_item_units_remaining
cooplive_payment_intents_total
cooplive_webhooks_total
cooplive_webhook_signature_failures_total
cooplive_payment_mismatches_total
cooplive_refunds_total
cooplive_refunded_fen_total
cooplive_stripe_requests_seconds_count cooplive_stripe_requests_seconds_sum cooplive_stripe_requests_seconds_max
cooplive_redis_commands_seconds_count cooplive_redis_commands_seconds_sum cooplive_redis_commands_seconds_max
cooplive_dividend_runs_total
""".split())

METRIC = re.compile(r"\b(?:up|(?:cooplive|http_server|r2dbc|jvm|process|system)_[a-z0-9_]+)\b")

def metrics_of(expr):
    names = set()
    for alternatives in re.findall(r'__name__\s*=~?\s*"([^"]*)"', expr):
        names.update(alternatives.split("|"))
    bare = re.sub(r"\{[^}]*\}", " ", expr)   # label matchers hold values, not names
    bare = re.sub(r"\[[^\]]*\]", " ", bare)  # ranges
    names.update(METRIC.findall(bare))
    return names

used = {}
def use(expr, where):
    for name in metrics_of(expr):
        used.setdefault(name, set()).add(where)

# dashboards -------------------------------------------------------------------------------
want = {"cooplive-live-drop", "cooplive-payments", "cooplive-service-health"}
seen_uids = {}
files = sorted(glob.glob("grafana/dashboards/*.json"))
if not files:
    err("no dashboards in grafana/dashboards")
for path in files:
    try:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
    except ValueError as e:
        err(f"{path}: not valid JSON: {e}")
        continue
    for key in ("uid", "title", "schemaVersion", "panels", "tags", "time", "refresh"):
        if key not in d:
            err(f"{path}: no {key}")
    if d.get("schemaVersion") != 39:
        err(f"{path}: schemaVersion {d.get('schemaVersion')}, want 39")
    uid = d.get("uid")
    if uid in seen_uids:
        err(f"{path}: uid {uid} also in {seen_uids[uid]}")
    seen_uids[uid] = path
    for v in d.get("templating", {}).get("list", []):
        if v.get("type") == "query":
            if v.get("datasource") != DS:
                err(f"{path}: variable {v.get('name')}: datasource {v.get('datasource')}")
            q = v.get("query")
            use(q.get("query", "") if isinstance(q, dict) else (q or ""), f"dashboard {uid}")
    panels = list(d.get("panels") or [])
    if not panels:
        err(f"{path}: no panels")
    for p in list(panels):
        panels.extend(p.get("panels", []))  # panels inside collapsed rows
    ids = [p.get("id") for p in panels]
    for i in ids:
        if not isinstance(i, int) or isinstance(i, bool):
            err(f"{path}: panel id {i!r} is not an integer")
    dupes = sorted({i for i in ids if ids.count(i) > 1}, key=str)
    if dupes:
        err(f"{path}: duplicate panel ids {dupes}")
    cells = {}
    for p in panels:
        name = f"{path}: panel {p.get('id')} {p.get('title')!r}"
        g = p.get("gridPos") or {}
        if not all(isinstance(g.get(k), int) for k in ("h", "w", "x", "y")):
            err(f"{name}: gridPos {g}")
        elif g["x"] + g["w"] > 24:
            err(f"{name}: wider than the grid")
        else:
            for x in range(g["x"], g["x"] + g["w"]):
                for y in range(g["y"], g["y"] + g["h"]):
                    if (x, y) in cells:
                        err(f"{name}: overlaps panel {cells[(x, y)]}")
                        break
                    cells[(x, y)] = p.get("id")
                else:
                    continue
                break
        if p.get("datasource") != DS:
            err(f"{name}: datasource {p.get('datasource')}")
        if p.get("type") in ("row", "text"):
            continue
        targets = p.get("targets") or []
        if not targets:
            err(f"{name}: no targets")
        refs = [t.get("refId") for t in targets]
        if len(set(refs)) != len(refs):
            err(f"{name}: duplicate refIds {refs}")
        for t in targets:
            if t.get("datasource") != DS:
                err(f"{name}: target {t.get('refId')}: datasource {t.get('datasource')}")
            if not (t.get("expr") or "").strip():
                err(f"{name}: target {t.get('refId')}: no expr")
            use(t.get("expr") or "", f"dashboard {uid}")
for uid in sorted(want - set(seen_uids)):
    err(f"no dashboard with uid {uid}")
print(f"  {len(files)} dashboards")

# provisioning -----------------------------------------------------------------------------
with open("grafana/provisioning/datasources/prometheus.yaml") as f:
    sources = yaml.safe_load(f)["datasources"]
if not any(s.get("uid") == "prometheus" and s.get("type") == "prometheus" for s in sources):
    err("grafana/provisioning/datasources: no prometheus data source with uid prometheus")
with open("grafana/provisioning/dashboards/cooplive.yaml") as f:
    providers = yaml.safe_load(f)["providers"]
provider_paths = {p.get("options", {}).get("path") for p in providers}

# alert rules: metadata and runbook anchors ------------------------------------------------
def anchor(heading):
    a = heading.strip().lower()
    a = re.sub(r"[^\w\- ]", "", a)
    return a.replace(" ", "-")

with open("docs/operations.md", encoding="utf-8") as f:
    anchors = {anchor(m) for m in re.findall(r"^#{1,6}\s+(.+?)\s*$", f.read(), re.M)}
with open("infra/alerts.yml") as f:
    rules = yaml.safe_load(f)
alerts = []
for group in rules["groups"]:
    for r in group["rules"]:
        use(r["expr"], "alerts")
        if "alert" not in r:
            continue
        name = r["alert"]
        alerts.append(name)
        ann = r.get("annotations", {})
        if "for" not in r:
            err(f"alert {name}: no for")
        if r.get("labels", {}).get("severity") not in ("critical", "warning", "info"):
            err(f"alert {name}: labels.severity {r.get('labels', {}).get('severity')!r}")
        for key in ("summary", "description", "runbook_url"):
            if not ann.get(key):
                err(f"alert {name}: no annotations.{key}")
        url = ann.get("runbook_url", "")
        page, _, frag = url.partition("#")
        if not page.endswith("docs/operations.md") or frag not in anchors:
            err(f"alert {name}: runbook_url {url!r} is not a heading of docs/operations.md")
print(f"  {len(alerts)} alerts: {', '.join(alerts)}")

# metric names -----------------------------------------------------------------------------
unknown = sorted(set(used) - KNOWN)
for name in unknown:
    err(f"unknown metric {name} (in {', '.join(sorted(used[name]))})")
print("  metrics used by the dashboards and rules:")
for name in sorted(used):
    print("    " + name)

# compose ----------------------------------------------------------------------------------
with open("infra/compose.yaml") as f:
    compose = yaml.safe_load(f)
services = compose.get("services", {})
for s in ("postgres", "redis", "app", "prometheus", "grafana"):
    if s not in services:
        err(f"compose: no service {s}")
app = services.get("app", {})
build = app.get("build", {})
if not os.path.isfile(os.path.join("infra", build.get("context", "."), build.get("dockerfile", "Dockerfile"))):
    err(f"compose: app.build {build} does not name the Dockerfile")
for dep in ("postgres", "redis"):
    if (app.get("depends_on") or {}).get(dep, {}).get("condition") != "service_healthy":
        err(f"compose: app does not wait for {dep} to be healthy")
for name, svc in services.items():
    for v in svc.get("volumes", []):
        src = v.split(":")[0] if isinstance(v, str) else v.get("source", "")
        if src.startswith("."):
            if not os.path.exists(os.path.join("infra", src)):
                err(f"compose: {name} mounts {src}, which does not exist")
mounts = " ".join(v for v in services.get("grafana", {}).get("volumes", []) if isinstance(v, str))
for p in provider_paths:
    if p not in mounts:
        err(f"compose: grafana does not mount the dashboards at {p}")
with open("infra/prometheus.yml") as f:
    prom = yaml.safe_load(f)
targets = [t for sc in prom["scrape_configs"] for c in sc.get("static_configs", []) for t in c["targets"]]
if "app:8080" not in targets:
    err(f"prometheus.yml: does not scrape app:8080 ({targets})")
prom_mounts = " ".join(services.get("prometheus", {}).get("volumes", []))
for rf in prom.get("rule_files", []):
    if f"./{rf}:" not in prom_mounts:
        err(f"compose: prometheus does not mount the rule file {rf}")
print(f"  compose services: {', '.join(services)}")

# Kubernetes -------------------------------------------------------------------------------
k8s = "infra/k8s"
with open(f"{k8s}/kustomization.yaml") as f:
    kust = yaml.safe_load(f)
docs = {}
for res in kust.get("resources", []) + ["secret.template.yaml"]:
    path = os.path.join(k8s, res)
    if not os.path.isfile(path):
        err(f"k8s: {res} listed but missing")
        continue
    with open(path) as f:
        for doc in yaml.safe_load_all(f):
            if not doc:
                continue
            for key in ("apiVersion", "kind", "metadata"):
                if key not in doc:
                    err(f"k8s: {res}: no {key}")
            if "namespace" in doc.get("metadata", {}):
                err(f"k8s: {res}: has a namespace")
            docs[doc["kind"]] = doc
if "secret.template.yaml" in kust.get("resources", []):
    err("k8s: the secret template must not be applied by kustomize")
for kind in ("Deployment", "Service", "ConfigMap", "Secret", "HorizontalPodAutoscaler"):
    if kind not in docs:
        err(f"k8s: no {kind}")
dep = docs.get("Deployment", {})
pod = dep.get("spec", {}).get("template", {})
container = (pod.get("spec", {}).get("containers") or [{}])[0]
probes = {k: container.get(k, {}).get("httpGet", {}).get("path") for k in ("readinessProbe", "livenessProbe", "startupProbe")}
if probes["readinessProbe"] != "/actuator/health/readiness" or probes["livenessProbe"] != "/actuator/health/liveness" or not probes["startupProbe"]:
    err(f"k8s: probes {probes}")
refs = {(e.get("configMapRef") or e.get("secretRef") or {}).get("name") for e in container.get("envFrom", [])}
for kind in ("ConfigMap", "Secret"):
    if docs.get(kind, {}).get("metadata", {}).get("name") not in refs:
        err(f"k8s: the Deployment does not take its environment from the {kind}")
env = {e["name"]: e.get("value") for e in container.get("env", [])}
env.update(docs.get("ConfigMap", {}).get("data", {}))
if env.get("SPRING_PROFILES_ACTIVE") != "prod":
    err("k8s: SPRING_PROFILES_ACTIVE is not prod")
secret_keys = set(docs.get("Secret", {}).get("stringData", {}))
for key in ("COOPLIVE_JWT_SECRET", "COOPLIVE_ORDER_TOKEN_SECRET", "COOPLIVE_BUYER_TOKEN_SECRET", "COOPLIVE_STRIPE_SECRET_KEY",
            "COOPLIVE_STRIPE_WEBHOOK_SECRET", "COOPLIVE_DB_PASSWORD"):
    if key not in secret_keys:
        err(f"k8s: secret template has no {key}")
labels = pod.get("metadata", {}).get("labels", {})
selector = docs.get("Service", {}).get("spec", {}).get("selector", {})
if not selector or any(labels.get(k) != v for k, v in selector.items()):
    err(f"k8s: Service selector {selector} does not match the pod labels {labels}")
hpa = docs.get("HorizontalPodAutoscaler", {}).get("spec", {})
if hpa.get("scaleTargetRef", {}).get("name") != dep.get("metadata", {}).get("name"):
    err("k8s: the HorizontalPodAutoscaler does not scale the Deployment")
print(f"  k8s kinds: {', '.join(sorted(docs))}")

# Dockerfile -------------------------------------------------------------------------------
with open("Dockerfile") as f:
    dockerfile = f.read()
for needle in ("FROM eclipse-temurin:17-jdk", "FROM eclipse-temurin:17-jre", "dependency:go-offline",
               "package -DskipTests", "USER ", "EXPOSE 8080", 'ENTRYPOINT ["java","-jar","/app/cooplive.jar"]',
               "MaxRAMPercentage"):
    if needle not in dockerfile:
        err(f"Dockerfile: no {needle!r}")
with open(".dockerignore") as f:
    ignored = f.read().split()
for p in ("target", ".git"):
    if not any(i.strip("/") == p for i in ignored):
        err(f".dockerignore: does not ignore {p}")

sys.exit(1 if errors else 0)
PY

echo
if [ "$failures" -gt 0 ]; then
	echo "infra/check.sh: $failures check(s) failed"
	exit 1
fi
echo "infra/check.sh: all checks passed"
