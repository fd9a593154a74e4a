#!/usr/bin/env bash
# Times a dividend run over one season of synthetic data: 10,000 member households with
# capital, 1,000,000 stock receipts in the year. Starts cooplive on a fresh database,
# loads the data with SQL, and times the accountant's "compute run" request.
# See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST=${COOPLIVE_DB_HOST:-127.0.0.1} PGPORT=${COOPLIVE_DB_PORT:-5432} PGUSER=${COOPLIVE_DB_USER:-postgres}
DB=${BENCH_DB:-cooplive_dividends_bench}
PORT=${BENCH_PORT:-18081}
MEMBERS=${BENCH_MEMBERS:-10000}
RECEIPTS=${BENCH_RECEIPTS:-1000000}
BASE="http://127.0.0.1:$PORT"
YEAR=$(date +%Y)
LOG=target/bench-dividends-service.log

json() { python3 -c "import sys, json; d = json.load(sys.stdin); print($1)"; }

psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
if ! ls target/cooplive-*.jar >/dev/null 2>&1 || [ -n "$(find src pom.xml -newer "$(ls target/cooplive-*.jar | head -1)" -print -quit)" ]; then
  ./mvnw -q -B package -DskipTests -Dspring-javaformat.skip=true
fi
JAR=$(ls target/cooplive-*.jar | head -1)
SPRING_PROFILES_ACTIVE=dev COOPLIVE_DB_NAME=$DB COOPLIVE_REDIS_KEY_PREFIX="divbench:$(date +%s):" COOPLIVE_DEMO_DATA=true \
  java -Xms512m -Xmx2g -jar "$JAR" --server.port="$PORT" --logging.level.root=warn > "$LOG" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "$BASE/actuator/health/liveness" >/dev/null 2>&1 && break; sleep 1; done

echo "== loading $MEMBERS members with capital and $RECEIPTS stock receipts of $YEAR"
START=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
SET search_path TO cooplive;
WITH v AS (SELECT id FROM village WHERE code = 'AZONG')
INSERT INTO member (id, name, phone, village_id, supplier, host, joined_on, created_at, updated_at)
SELECT gen_random_uuid(), '牧户 Household ' || i, '17' || lpad(i::text, 9, '0'), v.id, true, false,
       DATE '$YEAR-01-01' - 365, now(), now()
FROM generate_series(1, $MEMBERS) AS i, v;
INSERT INTO shareholder (id, kind, member_id, created_at)
SELECT gen_random_uuid(), 'MEMBER', m.id, now() FROM member m
WHERE m.phone LIKE '17%' AND NOT EXISTS (SELECT 1 FROM shareholder s WHERE s.member_id = m.id);
INSERT INTO capital_contribution (id, shareholder_id, amount_fen, contributed_on, source, note, created_at)
SELECT gen_random_uuid(), s.id, 100000 + (abs(hashtext(s.id::text)) % 5000000), DATE '$YEAR-01-01' - 100,
       'OTHER', 'bench', now()
FROM shareholder s JOIN member m ON m.id = s.member_id WHERE m.phone LIKE '17%';
CREATE TEMP TABLE bench_members AS SELECT id, row_number() OVER (ORDER BY number) AS n FROM member WHERE phone LIKE '17%';
WITH sku AS (SELECT id FROM sku WHERE code = 'CORD-1500-PC'), v AS (SELECT id FROM village WHERE code = 'AZONG')
INSERT INTO stock_receipt (id, trace_code, sku_id, supplier_member_id, origin_village_id, quantity,
                           purchase_value_fen, harvest_date, received_at, actor)
SELECT gen_random_uuid(), 'BENCH' || lpad(i::text, 9, '0'), sku.id, bm.id, v.id, 1 + i % 20,
       (1 + i % 20) * 2500, DATE '$YEAR-06-01', TIMESTAMPTZ '$YEAR-06-01 00:00:00+08' + (i % 100000) * INTERVAL '1 minute',
       'bench'
FROM generate_series(1, $RECEIPTS) AS i
JOIN bench_members bm ON bm.n = 1 + (i % $MEMBERS), sku, v;
ANALYZE;
SQL
echo "loaded in $(python3 -c "print(round($(date +%s.%N) - $START, 1))") s"

TOKEN=$(curl -fs -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"accountant","password":"accountant-dev-pass"}' | json 'd["accessToken"]')
api() { curl -fs -X "$1" "$BASE$2" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
PERIOD=$(api POST /api/v1/accounting/periods "{\"year\":$YEAR}" | json 'd["id"]')
api PUT "/api/v1/accounting/periods/$PERIOD/figures" '{"surplusFen":1234567891,"carriedLossFen":0}' >/dev/null
api POST "/api/v1/accounting/periods/$PERIOD/close" >/dev/null

POLICY='{"providentFundRateBp":2000,"patronageRateBp":6000,"patronageBasis":"AMOUNT","providentBasis":"CAPITAL"}'
for ATTEMPT in 1 2 3; do
  curl -fs -o target/bench-dividend-run.json -w "compute run, attempt $ATTEMPT: %{time_total} s\n" \
    -X POST "$BASE/api/v1/accounting/periods/$PERIOD/runs" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "$POLICY"
done
python3 - <<'PY'
import json
run = json.load(open("target/bench-dividend-run.json"))
lines = run["lines"]
print(f"lines: {len(lines)}; R {run['patronagePoolFen']} = sum {sum(l['patronageRefundFen'] for l in lines)}; "
      f"C {run['capitalPoolFen']} = sum {sum(l['capitalShareFen'] for l in lines)}; "
      f"P {run['providentFundFen']} = sum {sum(l['providentShareFen'] for l in lines)}")
PY
