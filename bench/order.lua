-- wrk script: each request is a new buyer (phone) with a new idempotency key, ordering one
-- unit of the SKU in the session given by the environment (BENCH_SESSION, BENCH_SKU).
local counter = 0
local thread_id = 0
local session = os.getenv("BENCH_SESSION")
local sku = os.getenv("BENCH_SKU")
local phone_base = tonumber(os.getenv("BENCH_PHONE_BASE") or "13000000000")

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() + tid)
end

function request()
  counter = counter + 1
  local n = tid * 10000000 + counter
  local body = string.format(
    '{"sessionId":"%s","buyer":{"name":"bench %d","phone":"%d","address":"Litang"},"lines":[{"sku":"%s","quantity":1}]}',
    session, n, phone_base + (n % 900000000), sku)
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Idempotency-Key"] = string.format("wrk-%d-%d-%d", os.time(), tid, counter)
  return wrk.format("POST", "/api/v1/storefront/orders", headers, body)
end
