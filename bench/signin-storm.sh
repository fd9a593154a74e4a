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
# limit stays on, as in production; sign-ins are not storefront writes)
SPRING_PROFILES_ACTIVE=dev COOPLIVE_DB_NAME=$DB COOPLIVE_REDIS_KEY_PREFIX="storm:$(date +%s):" \
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

echo "== warm-up 40 s"
drive 40 13000000000 warmup
A0=$(accepted); drive "$SECONDS_MEASURED" 14000000000 alone; A1=$(accepted)
echo "accepted orders/s, drop alone:      $(( (A1 - A0) / SECONDS_MEASURED ))"
wrk -t1 -c32 -d"$((SECONDS_MEASURED + 2))"s -s bench/signin.lua "$BASE" > target/bench-storm-signins.txt &
STORM=$!
sleep 1
A2=$(accepted); drive "$SECONDS_MEASURED" 15000000000 storm; A3=$(accepted)
wait $STORM
echo "accepted orders/s, with the storm:  $(( (A3 - A2) / SECONDS_MEASURED ))"
# alone once more: the drop slows down as its tables grow, whatever else runs, so the
# storm is compared with the phases before and after it
sleep 2
A4=$(accepted); drive "$SECONDS_MEASURED" 16000000000 after; A5=$(accepted)
echo "accepted orders/s, alone again:     $(( (A5 - A4) / SECONDS_MEASURED ))"
python3 -c "import sys; a, s, b = map(int, sys.argv[1:]); print(f'the storm kept {100 * s / ((a + b) / 2):.0f}% of the rate alone (mean of before and after)')" \
  $(( (A1 - A0) / SECONDS_MEASURED )) $(( (A3 - A2) / SECONDS_MEASURED )) $(( (A5 - A4) / SECONDS_MEASURED ))
echo "sign-in storm: $(awk '/^Requests\/sec/ {print $2}' target/bench-storm-signins.txt) requests/s"
# answers that reached the web framework (the refusals before it are counted below)
curl -fs $METRICS "$BASE/actuator/prometheus" | awk '$1 ~ /^http_server_requests_seconds_count\{/ && $1 ~ /uri="\/api\/v1\/auth\/token"/ { match($1, /status="[0-9]+"/); s[substr($1, RSTART + 8, 3)] += $2 } END { for (k in s) printf "sign-in answers %s: %d\n", k, s[k] }'
echo "sign-ins refused 429 SIGN_IN_THROTTLED (before or in the web framework): $(curl -fs $METRICS "$BASE/actuator/prometheus" | awk '$1 ~ /^cooplive_signin_throttled_total/ {print int($2)}')"
echo "accepted latency alone ms:  $(awk '/^ +(50|99)%/ {printf "p%s %s  ", $1, $2}' target/bench-storm-alone.txt)"
echo "accepted latency storm ms:  $(awk '/^ +(50|99)%/ {printf "p%s %s  ", $1, $2}' target/bench-storm-storm.txt)"
