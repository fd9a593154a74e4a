#!/usr/bin/env bash
# A live drop with and without a storm of wrong passwords on the same instance: accepted
# orders per second on the hot item alone, then with wrk sending wrong sign-ins at the
# same time (about 1,000 guesses a second from one address), and what the storm was
# answered. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk psql curl python3; do command -v $tool >/dev/null || { echo "needs $tool (bash bench/run.sh installs it)"; exit 1; }; done
export PGHOST=${COOPLIVE_DB_HOST:-127.0.0.1} PGPORT=${COOPLIVE_DB_PORT:-5432} PGUSER=${COOPLIVE_DB_USER:-postgres}
DB=cooplive_storm PORT=${BENCH_PORT:-18082} BASE="http://127.0.0.1:${BENCH_PORT:-18082}"
SECONDS_MEASURED=${BENCH_SECONDS:-20}
METRICS="-u prometheus:cooplive-metrics-development-password"
json() { python3 -c "import sys, json; d = json.load(sys.stdin); print($1)"; }

psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
if ! ls target/cooplive-*.jar >/dev/null 2>&1 || [ -n "$(find src pom.xml -newer "$(ls target/cooplive-*.jar | head -1)" -print -quit)" ]; then
  ./mvnw -q -B package -DskipTests -Dspring-javaformat.skip=true
fi
JAR=$(ls target/cooplive-*.jar | grep -v plain | head -1)
# the drop's orders all come from 127.0.0.1: a per-address bucket it never empties (the
# limit stays on, as in production; sign-ins are not storefront writes). 127.0.0.1 is a
# trusted proxy, so each storm names its own attacker's address in X-Forwarded-For
SPRING_PROFILES_ACTIVE=dev COOPLIVE_TRUSTED_PROXIES=127.0.0.1/32 COOPLIVE_DB_NAME=$DB COOPLIVE_REDIS_KEY_PREFIX="storm:$(date +%s):" \
  COOPLIVE_RATE_LIMITS_PER_ADDRESS_CAPACITY=1000000000 COOPLIVE_RATE_LIMITS_PER_ADDRESS_REFILL=1000000000 \
  COOPLIVE_RATE_LIMITS_PER_ADDRESS_PERIOD=1s \
  java -Xms512m -Xmx1g -jar "$JAR" --server.port="$PORT" --logging.level.root=warn > target/bench-storm.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "$BASE/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done

token() { curl -fs -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" | json 'd["accessToken"]'; }
ADMIN=$(token admin admin-dev-pass); HOST=$(token host host-dev-pass)
api() { curl -fs -X "$1" "$BASE$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+-d "$4"}; }
SUPPLIER=$(api GET '/api/v1/admin/members?q=Drolma' "$ADMIN" | json 'd["items"][0]["id"]')
VILLAGE=$(api GET '/api/v1/admin/members?q=Drolma' "$ADMIN" | json 'd["items"][0]["villageId"]')
SKU=$(api POST /api/v1/admin/products "$ADMIN" '{"code":"STORM","nameZh":"压测虫草","nameEn":"Storm cordyceps","skus":[{"code":"STORM-HOT","unit":"PIECE","listPriceFen":5800}]}' | json 'd["skus"][0]["id"]')
api POST /api/v1/admin/stock-receipts "$ADMIN" "{\"skuId\":\"$SKU\",\"supplierMemberId\":\"$SUPPLIER\",\"originVillageId\":\"$VILLAGE\",\"quantity\":5000000,\"purchaseValueFen\":100000000,\"harvestDate\":\"2026-06-01\"}" >/dev/null
SESSION=$(api POST /api/v1/host/sessions "$HOST" '{"title":"Storm drop","channel":"DOUYIN","scheduledStart":"2026-12-01T12:00:00Z"}' | json 'd["id"]')
api POST "/api/v1/host/sessions/$SESSION/lineup" "$HOST" "{\"skuId\":\"$SKU\",\"sessionPriceFen\":5000,\"quota\":4000000,\"perBuyerLimit\":1,\"verifiedBuyers\":false}" >/dev/null
api POST "/api/v1/host/sessions/$SESSION/start" "$HOST" >/dev/null

accepted() { curl -fs $METRICS "$BASE/actuator/prometheus" | awk '$1 ~ /^cooplive_orders_total\{/ && $1 ~ "outcome=\"accepted\"" {s += $2} END {printf "%d\n", s}'; }
drive() { BENCH_SESSION=$SESSION BENCH_SKU=STORM-HOT BENCH_PHONE_BASE=$2 wrk -t2 -c256 -d"$1"s --latency -s bench/order.lua "$BASE" > "target/bench-storm-$3.txt"; }

# CPU ticks (user + system) of a process, from /proc
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
HZ=$(getconf CLK_TCK)
storm() { # seconds attacker-address usernames name
  STORM_ADDRESS=$2 STORM_USERS=$3 exec wrk -t1 -c32 -d"$1"s -s bench/signin.lua "$BASE" > "target/bench-storm-signins-$4.txt"
}
# passwords hashed so far: sign-ins answered 401 (or 200) by the web framework
hashed() { curl -fs $METRICS "$BASE/actuator/prometheus" | awk '$1 ~ /^http_server_requests_seconds_count\{/ && $1 ~ /uri="\/api\/v1\/auth\/token"/ && $1 ~ /status="(200|401)"/ {s += $2} END {printf "%d\n", s}'; }
# one measured phase: the drop for SECONDS_MEASURED, with a storm when $1 is storm1 or
# storm2 (from attacker address $3 with usernames $4); prints "name rate service-cores
# storm-client-cores hashed"
phase() { # name phone-base [address usernames]
  local storm= s0 s1 w0=0 w1=0 a0 a1 h0 h1
  if [ "${1%[0-9]}" = storm ]; then
    storm "$((SECONDS_MEASURED + 2))" "$3" "$4" "$1" &
    storm=$!; sleep 1; w0=$(ticks $storm)
  fi
  s0=$(ticks $SERVICE); a0=$(accepted); h0=$(hashed)
  drive "$SECONDS_MEASURED" "$2" "$1"
  a1=$(accepted); s1=$(ticks $SERVICE); h1=$(hashed)
  if [ -n "$storm" ]; then w1=$(ticks $storm); wait $storm; fi
  python3 -c "import sys; n, a0, a1, s0, s1, w0, w1, t, hz, h0, h1 = sys.argv[1:]; t = int(t); hz = int(hz); print(n, (int(a1) - int(a0)) // t, round((int(s1) - int(s0)) / hz / t, 2), round((int(w1) - int(w0)) / hz / t, 3), int(h1) - int(h0))" \
    "$1" "$a0" "$a1" "$s0" "$s1" "$w0" "$w1" "$SECONDS_MEASURED" "$HZ" "$h0" "$h1" | tee -a target/bench-storm-phases.txt
}
WARMUP=${BENCH_WARMUP:-120}
# the JIT compiler is still at work on the order path after 40 s on two cores, and a drop
# measured then speeds up through the run; the first storm a service sees has the
# compiler at work on the sign-in paths for some seconds too (BENCH_COLD_STORM=1 skips
# this part of the warm-up to see it). A long warm-up with a storm of another attacker in
# its second half, then the drop alone and with a storm in turns: storm1 a new attacker
# (new address, new usernames: every guess goes through the throttle's counting, the
# first ones are hashed), storm2 the same attacker going on (its address locked, answered
# before the web framework); each compared with the phases alone on either side
echo "== warm-up $WARMUP s"
if [ "${BENCH_COLD_STORM:-0}" = 1 ]; then
  drive "$WARMUP" 13000000000 warmup
else
  ( sleep $((WARMUP / 2)); storm $((WARMUP / 2 - 10)) 198.51.100.1 warmup warmup ) &
  WARMUP_STORM=$!
  drive "$WARMUP" 13000000000 warmup
  wait $WARMUP_STORM
fi
: > target/bench-storm-phases.txt
echo "phase accepted/s service-cores storm-client-cores hashed"
phase alone1 14000000000; phase storm1 15000000000 198.51.100.2 attacker; phase alone2 16000000000
phase storm2 17000000000 198.51.100.2 attacker; phase alone3 18000000000
python3 - target/bench-storm-phases.txt <<'PY'
import sys
rate = {line.split()[0]: int(line.split()[1]) for line in open(sys.argv[1])}
for storm, (before, after) in (("storm1", ("alone1", "alone2")), ("storm2", ("alone2", "alone3"))):
    alone = (rate[before] + rate[after]) / 2
    print(f"{storm} kept {100 * rate[storm] / alone:.0f}% of the rate alone on either side ({rate[storm]} against {alone:.0f})")
PY
echo "sign-in storm: $(awk '/^Requests\/sec/ {print $2}' target/bench-storm-signins-storm1.txt) and $(awk '/^Requests\/sec/ {print $2}' target/bench-storm-signins-storm2.txt) requests/s"
# answers that reached the web framework (the refusals before it are counted below)
curl -fs $METRICS "$BASE/actuator/prometheus" | awk '$1 ~ /^http_server_requests_seconds_count\{/ && $1 ~ /uri="\/api\/v1\/auth\/token"/ { match($1, /status="[0-9]+"/); s[substr($1, RSTART + 8, 3)] += $2 } END { for (k in s) printf "sign-in answers %s: %d\n", k, s[k] }'
echo "sign-ins refused 429 SIGN_IN_THROTTLED (before or in the web framework): $(curl -fs $METRICS "$BASE/actuator/prometheus" | awk '$1 ~ /^cooplive_signin_throttled_total/ {print int($2)}')"
for p in alone1 storm1 alone2 storm2 alone3; do
  echo "accepted latency $p ms: $(awk '/^ +(50|99)%/ {printf "p%s %s  ", $1, $2}' target/bench-storm-$p.txt)"
done
