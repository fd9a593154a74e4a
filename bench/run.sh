#!/usr/bin/env bash
# A live-drop benchmark on this machine: starts cooplive on a fresh database, sets up a
# live session with one hot item, drives it over HTTP with wrk, checks for oversell in
# PostgreSQL, and measures the naive hot-row transaction with pgbench on the same server.
# See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# a new machine lacks some of the tools: install them from Debian packages, as .ci/run does
need() { # command package
  command -v "$1" >/dev/null && return
  echo "== installing $2 (for $1)"
  local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
}
need wrk wrk
need psql postgresql-client
need pgbench postgresql-client
need curl curl
need python3 python3

PGHOST=${COOPLIVE_DB_HOST:-127.0.0.1}
PGPORT=${COOPLIVE_DB_PORT:-5432}
PGUSER=${COOPLIVE_DB_USER:-postgres}
export PGHOST PGPORT PGUSER
DB=${BENCH_DB:-cooplive_bench}
PORT=${BENCH_PORT:-18080}
CONCURRENCY=${BENCH_CONCURRENCY:-256}
SECONDS_MEASURED=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP:-40}
REFUSAL_WARMUP=${BENCH_REFUSAL_WARMUP:-10}
BASE="http://127.0.0.1:$PORT"
LOG=target/bench-service.log

json() { python3 -c "import sys, json; d = json.load(sys.stdin); print($1)"; }

echo "== preparing database $DB and the service"
psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
if ! ls target/cooplive-*.jar >/dev/null 2>&1 || [ -n "$(find src pom.xml -newer "$(ls target/cooplive-*.jar | head -1)" -print -quit)" ]; then
  ./mvnw -q -B package -DskipTests -Dspring-javaformat.skip=true
fi
JAR=$(ls target/cooplive-*.jar | grep -v plain | head -1)
# the dev profile: development secrets, the demo users and the scraper's password. wrk
# sends every request from 127.0.0.1, tens of thousands a second: the per-address rate
# limit (200 at once, 600 a minute) would refuse nearly all of them, so the bench sets a
# bucket it never empties. The limit stays on: each storefront write still pays for its
# Redis round trip (shared with the requests arriving meanwhile), as in production.
# The buyers are a pool of verified phones (BENCH_BUYERS) that each place thousands of
# orders: their per-buyer rate limit and unpaid-orders cap are lifted the same way (each
# order still takes from its buyer's bucket and counts in buyer_hold; they never refuse)
SPRING_PROFILES_ACTIVE=dev COOPLIVE_DB_NAME=$DB COOPLIVE_REDIS_KEY_PREFIX="bench:$(date +%s):" COOPLIVE_DEMO_DATA=true \
  COOPLIVE_RATE_LIMITS_PER_ADDRESS_CAPACITY=1000000000 COOPLIVE_RATE_LIMITS_PER_ADDRESS_REFILL=1000000000 \
  COOPLIVE_RATE_LIMITS_PER_ADDRESS_PERIOD=1s \
  COOPLIVE_RATE_LIMITS_PER_BUYER_CAPACITY=1000000000 COOPLIVE_RATE_LIMITS_PER_BUYER_REFILL=1000000000 \
  COOPLIVE_RATE_LIMITS_PER_BUYER_PERIOD=1s COOPLIVE_UNPAID_ORDERS_PER_BUYER=2000000000 \
  java -Xms512m -Xmx1g ${BENCH_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --logging.level.root=warn > "$LOG" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs "$BASE/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$BASE/actuator/health/readiness" >/dev/null || { echo "service did not start, see $LOG"; exit 1; }

token() {
  curl -fs -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" | json 'd["accessToken"]'
}
ADMIN=$(token admin admin-dev-pass)
HOST=$(token host host-dev-pass)
api() { # method path token [body]
  curl -fs -X "$1" "$BASE$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+-d "$4"}
}

SUPPLIER=$(api GET '/api/v1/admin/members?q=Drolma' "$ADMIN" | json 'd["items"][0]["id"]')
VILLAGE=$(api GET '/api/v1/admin/members?q=Drolma' "$ADMIN" | json 'd["items"][0]["villageId"]')
HOT_SKU=$(api POST /api/v1/admin/products "$ADMIN" '{"code":"BENCH","nameZh":"压测虫草","nameEn":"Bench cordyceps","skus":[{"code":"BENCH-HOT","unit":"PIECE","listPriceFen":5800},{"code":"BENCH-GONE","unit":"PIECE","listPriceFen":5800}]}' | json '[s["id"] for s in d["skus"] if s["code"]=="BENCH-HOT"][0]')
GONE_SKU=$(api GET /api/v1/storefront/products/BENCH "$ADMIN" | json '[s["id"] for s in d["skus"] if s["code"]=="BENCH-GONE"][0]')
for SKU in $HOT_SKU $GONE_SKU; do
  api POST /api/v1/admin/stock-receipts "$ADMIN" "{\"skuId\":\"$SKU\",\"supplierMemberId\":\"$SUPPLIER\",\"originVillageId\":\"$VILLAGE\",\"quantity\":5000000,\"purchaseValueFen\":100000000,\"harvestDate\":\"2026-06-01\"}" >/dev/null
done
SESSION=$(api POST /api/v1/host/sessions "$HOST" '{"title":"Bench drop","channel":"DOUYIN","scheduledStart":"2026-12-01T12:00:00Z"}' | json 'd["id"]')
api POST "/api/v1/host/sessions/$SESSION/lineup" "$HOST" "{\"skuId\":\"$HOT_SKU\",\"sessionPriceFen\":5000,\"quota\":4000000,\"perBuyerLimit\":4000000}" >/dev/null
api POST "/api/v1/host/sessions/$SESSION/lineup" "$HOST" "{\"skuId\":\"$GONE_SKU\",\"sessionPriceFen\":5000,\"quota\":100,\"perBuyerLimit\":1}" >/dev/null
api POST "/api/v1/host/sessions/$SESSION/start" "$HOST" >/dev/null
echo "session $SESSION is live: BENCH-HOT quota 4,000,000, BENCH-GONE quota 100, both for verified buyers"

# the buyers verify their phones as a buyer's app does: a code by SMS (the dev profile
# writes it to the service's log), sent back for a buyer token
BUYERS=${BENCH_BUYERS:-1000}
TOKENS=target/bench-buyers.txt
echo "== $BUYERS buyers verify their phones"
python3 - "$BASE" "$LOG" "$BUYERS" "$TOKENS" <<'PY'
import http.client, json, re, sys, time, urllib.parse
base, log, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
url = urllib.parse.urlparse(base)
http_ = http.client.HTTPConnection(url.hostname, url.port)
def post(path, body):
    http_.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    answer = http_.getresponse()
    return answer.status, json.loads(answer.read() or b"{}")
logged = open(log, encoding="utf-8", errors="replace")
logged.seek(0, 2)
codes = {}
def code_for(masked):
    deadline = time.time() + 10
    while masked not in codes:
        line = logged.readline()
        if not line:
            if time.time() > deadline:
                sys.exit("no verification code in the log for " + masked)
            time.sleep(0.01)
            continue
        found = re.search(r"verification code for (\S+) is (\d{6})", line)
        if found:
            codes[found.group(1)] = found.group(2)
    return codes.pop(masked)
with open(out, "w") as tokens:
    for i in range(count):
        # 139 0000 xxxx: masked as 139****xxxx, so each log line names one buyer
        phone = "1390000%04d" % i
        status, sent = post("/api/v1/storefront/buyers/verification", {"phone": phone})
        if status != 202:
            sys.exit(f"verification of {phone}: {status} {sent}")
        status, confirmed = post("/api/v1/storefront/buyers/verification/confirm",
                                 {"phone": phone, "code": code_for(sent["phone"])})
        if status != 200:
            sys.exit(f"confirmation of {phone}: {status} {confirmed}")
        tokens.write(f"{phone} {confirmed['buyerToken']}\n")
PY
echo "$(wc -l < "$TOKENS") buyer tokens in $TOKENS"

orders() { # outcome -> cooplive_orders_total for session orders
  curl -fs -u prometheus:cooplive-metrics-development-password "$BASE/actuator/prometheus" | awk -v o="$1" '$1 ~ /^cooplive_orders_total\{/ && $1 ~ "channel=\"session\"" && $1 ~ "outcome=\""o"\"" {s += $2} END {printf "%d\n", s}'
}
cpu_ticks() { # CPU ticks so far of the service's JVM, of PostgreSQL's processes, of Redis's
  python3 - "$SERVICE" <<'PY'
import os, sys
totals = {"service": 0, "postgres": 0, "redis": 0}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except OSError:
        continue
    name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
    ticks = int(fields[11]) + int(fields[12])
    if pid == sys.argv[1]:
        totals["service"] += ticks
    elif name.startswith("postgres"):
        totals["postgres"] += ticks
    elif name.startswith("redis"):
        totals["redis"] += ticks
print(totals["service"], totals["postgres"], totals["redis"])
PY
}

drive() { # label sku seconds phone-base [base-url]
  BENCH_SESSION=$SESSION BENCH_SKU=$2 BENCH_PHONE_BASE=$4 BENCH_TOKENS=$TOKENS \
    wrk -t2 -c"$CONCURRENCY" -d"$3"s --latency -s bench/order.lua "${5:-$BASE}" > "target/bench-$1.txt"
}

echo
echo "== CPU before the run (other processes share these cores)"
top -bn1 | sed -n '7,14p'
echo "== warm-up: ${WARMUP} s on the hot item (the JIT compiler needs it on 2 cores)"
drive warmup BENCH-HOT "$WARMUP" 13000000000
sleep 2

A0=$(orders accepted)
drive hot BENCH-HOT "$SECONDS_MEASURED" 14000000000
A1=$(orders accepted)
ACCEPTED=$(( (A1 - A0) / SECONDS_MEASURED ))
echo
echo "== hot item, stock to spare: $CONCURRENCY concurrent buyers, $SECONDS_MEASURED s"
grep -E "Requests/sec|Non-2xx|Socket errors" "target/bench-hot.txt" || true
echo "accepted orders/s: $ACCEPTED"
echo "accepted latency ms: $(awk '/^ +(50|90|99)%/ {printf "p%s %s  ", $1, $2}' target/bench-hot.txt)"

echo
echo "== warm-up: ${REFUSAL_WARMUP} s on the sold-out item (sells its 100 units; compiles the refusal path)"
drive gone-warmup BENCH-GONE "$REFUSAL_WARMUP" 15500000000
sleep 2
declare -A BEFORE
for CODE in quota_exceeded buyer_limit_exceeded sold_out session_not_live error; do BEFORE[$CODE]=$(orders $CODE); done
CPU_BEFORE=$(cpu_ticks)
drive gone BENCH-GONE "$SECONDS_MEASURED" 15000000000
CPU_AFTER=$(cpu_ticks)
echo
echo "== sold-out item (quota 100): $CONCURRENCY concurrent buyers, $SECONDS_MEASURED s"
grep -E "Requests/sec|Non-2xx|Socket errors" "target/bench-gone.txt" || true
REFUSED=0
for CODE in quota_exceeded buyer_limit_exceeded sold_out session_not_live error; do
  N=$(( $(orders $CODE) - BEFORE[$CODE] ))
  [ "$N" -gt 0 ] && echo "refused $CODE: $N"
  [ "$CODE" != error ] && REFUSED=$(( REFUSED + N ))
done
REFUSED=$(( REFUSED / SECONDS_MEASURED ))
echo "refused answers/s: $REFUSED"
echo "refused latency ms: $(awk '/^ +(50|90|99)%/ {printf "p%s %s  ", $1, $2}' target/bench-gone.txt)"
# CPU time per refusal: the service's JVM, PostgreSQL's processes and Redis's, from /proc
REFUSAL_CPU=$(python3 - "$CPU_BEFORE" "$CPU_AFTER" "$REFUSED" "$SECONDS_MEASURED" "$(getconf CLK_TCK)" <<'PY'
import sys
before, after = ([int(x) for x in arg.split()] for arg in sys.argv[1:3])
refusals = int(sys.argv[3]) * int(sys.argv[4])
tick = 1e6 / int(sys.argv[5])
service, pg, redis = ((a - b) * tick / max(refusals, 1) for a, b in zip(after, before))
print(f"service {service:.1f} µs, PostgreSQL {pg:.1f} µs, Redis {redis:.1f} µs")
PY
)
echo "CPU per refusal: $REFUSAL_CPU"

echo
echo "== oversell check (PostgreSQL)"
psql -d "$DB" -At -F ' ' <<SQL
SET search_path TO cooplive;
SELECT 'item ' || sku_code || ': quota ' || quota || ', sold ' || sold || ', ordered units '
       || (SELECT coalesce(sum(l.quantity), 0) FROM order_line l JOIN orders o ON o.id = l.order_id
           WHERE l.lineup_item_id = i.id AND o.status IN ('PENDING_PAYMENT','PAID','SHIPPED','DELIVERED'))
       || CASE WHEN sold <= quota THEN '  OK' ELSE '  OVERSOLD' END
FROM lineup_item i WHERE session_id = '$SESSION';
SELECT 'buyers over the limit: ' || count(*) FROM buyer_claim WHERE units > per_buyer_limit;
SELECT 'unpaid orders counted per buyer: ' || (SELECT coalesce(sum(unpaid_orders), 0) FROM buyer_hold)
       || ' of ' || (SELECT count(*) FROM orders WHERE status = 'PENDING_PAYMENT' AND host_member_id IS NULL)
       || CASE WHEN (SELECT coalesce(sum(unpaid_orders), 0) FROM buyer_hold)
                  = (SELECT count(*) FROM orders WHERE status = 'PENDING_PAYMENT' AND host_member_id IS NULL)
               THEN '  OK' ELSE '  COUNT DIFFERS' END;
SELECT 'stock ' || s.sku_id || ': on hand ' || s.on_hand || ', reserved ' || s.reserved
       || CASE WHEN s.on_hand = l.on_hand AND s.reserved = l.reserved AND s.reserved <= s.on_hand
               THEN '  ledger agrees' ELSE '  LEDGER DIFFERS' END
FROM stock_level s JOIN LATERAL (
  SELECT coalesce(sum(CASE kind WHEN 'RECEIPT' THEN quantity WHEN 'ADJUSTMENT' THEN quantity
         WHEN 'RETURN' THEN quantity WHEN 'SALE' THEN -quantity ELSE 0 END), 0) AS on_hand,
         coalesce(sum(CASE kind WHEN 'RESERVE' THEN quantity WHEN 'RELEASE' THEN -quantity
         WHEN 'SALE' THEN -quantity ELSE 0 END), 0) AS reserved
  FROM stock_movement m WHERE m.sku_id = s.sku_id) l ON true;
SQL

kill $SERVICE 2>/dev/null || true
wait $SERVICE 2>/dev/null || true
trap - EXIT

echo
echo "== the naive hot-row transaction with pgbench on the same server (service stopped)"
psql -q -d "$DB" -f bench/naive-setup.sql
BEST=0
for CLIENTS in 1 8 16 32; do
  TPS=$(pgbench -n -d "$DB" -f bench/naive.sql -c "$CLIENTS" -j 2 -T 10 2>/dev/null | awk '/^tps/ {print int($3); exit}')
  echo "pgbench naive, $CLIENTS clients: $TPS tps"
  [ "$TPS" -gt "$BEST" ] && BEST=$TPS
done
echo
echo "== the HTTP ceiling: Reactor Netty alone, answering every order with a fixed 409 (same wrk script)"
LIBS=target/bench-libs
rm -rf "$LIBS" && mkdir -p "$LIBS"
python3 - "$JAR" "$LIBS" <<'PY'
import os, sys, zipfile
jar, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(jar) as z:
    for name in z.namelist():
        if name.startswith('BOOT-INF/lib/') and name.endswith('.jar'):
            with open(os.path.join(out, os.path.basename(name)), 'wb') as f:
                f.write(z.read(name))
PY
CEILING_URL="http://127.0.0.1:$((PORT + 1))"
java -Xms512m -Xmx1g -cp "$LIBS/*" bench/Ceiling.java $((PORT + 1)) > target/bench-ceiling.log 2>&1 &
CEILING=$!
trap 'kill $CEILING 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -s -o /dev/null -X POST "$CEILING_URL/api/v1/storefront/orders" -d '{}' && break
  sleep 1
done
drive ceiling-warmup BENCH-GONE 10 16000000000 "$CEILING_URL"
drive ceiling BENCH-GONE "$SECONDS_MEASURED" 16000000000 "$CEILING_URL"
kill $CEILING 2>/dev/null || true
wait $CEILING 2>/dev/null || true
trap - EXIT
CEILING_RATE=$(awk '/^Requests\/sec/ {print int($2)}' target/bench-ceiling.txt)
echo "fixed answers/s: $CEILING_RATE"
echo "fixed answer latency ms: $(awk '/^ +(50|90|99)%/ {printf "p%s %s  ", $1, $2}' target/bench-ceiling.txt)"

echo
echo "== summary"
echo "accepted orders/s (hot item):        $ACCEPTED"
echo "best naive hot-row transactions/s:   $BEST"
python3 - "$ACCEPTED" "$BEST" "$REFUSED" "$CEILING_RATE" <<'PY'
import sys
accepted, best, refused, ceiling = (float(x) for x in sys.argv[1:5])
print(f"ratio accepted / naive:              {accepted / best:.2f}x (target 2x)")
print(f"sold-out answers/s:                  {refused:.0f} ({refused / accepted:.1f}x the accepted rate, target 10x)")
print(f"HTTP ceiling, fixed answers/s:       {ceiling:.0f} (sold-out answers are {100 * refused / ceiling:.0f}% of it)")
PY
echo "CPU per sold-out answer:             $REFUSAL_CPU"
