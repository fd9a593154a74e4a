-- wrk script: each request has a new idempotency key and orders one unit of the SKU in the
-- session given by the environment (BENCH_SESSION, BENCH_SKU). With BENCH_TOKENS (lines
-- of "phone token", verified before the run) the buyers are that pool, each sending its
-- buyer token; without, each request is a new buyer (phone) from BENCH_PHONE_BASE.
local counter = 0
local thread_id = 0
local session = os.getenv("BENCH_SESSION")
local sku = os.getenv("BENCH_SKU")
local phone_base = tonumber(os.getenv("BENCH_PHONE_BASE") or "13000000000")
local tokens_file = os.getenv("BENCH_TOKENS")
local phones = {}
local tokens = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() + tid)
  if tokens_file and tokens_file ~= "" then
    for line in io.lines(tokens_file) do
      local phone, token = line:match("^(%d+) (%S+)$")
      if phone then
        phones[#phones + 1] = phone
        tokens[#tokens + 1] = token
      end
    end
  end
end

function request()
  counter = counter + 1
  local n = tid * 10000000 + counter
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Idempotency-Key"] = string.format("wrk-%d-%d-%d", os.time(), tid, counter)
  local phone
  if #phones > 0 then
    -- the threads walk the pool from different places
    local i = (counter * 7 + tid * 7919) % #phones + 1
    phone = phones[i]
    headers["X-Buyer-Token"] = tokens[i]
  else
    phone = string.format("%d", phone_base + (n % 900000000))
  end
  local body = string.format(
    '{"sessionId":"%s","buyer":{"name":"bench %d","phone":"%s","address":"Litang"},"lines":[{"sku":"%s","quantity":1}]}',
    session, n, phone, sku)
  return wrk.format("POST", "/api/v1/storefront/orders", headers, body)
end
