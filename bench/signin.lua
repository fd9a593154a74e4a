-- wrk script: wrong passwords for a handful of usernames, as a credential-stuffing script
-- would send them. STORM_USERS names the usernames (default admin0..admin49), and
-- STORM_ADDRESS, when set, is the client address the service sees (X-Forwarded-For, which
-- signin-storm.sh has the service believe from 127.0.0.1): each storm of the bench is then
-- a new attacker
local counter = 0
local users = os.getenv("STORM_USERS") or "admin"
local address = os.getenv("STORM_ADDRESS")

function request()
  counter = counter + 1
  local body = string.format('{"username":"%s%d","password":"guess-%d"}', users, counter % 50, counter)
  local headers = {}
  headers["Content-Type"] = "application/json"
  if address then
    headers["X-Forwarded-For"] = address
  end
  return wrk.format("POST", "/api/v1/auth/token", headers, body)
end

-- about 33 requests a second on each connection: with 32 connections, ~1,000 guesses/s
function delay()
  return 30
end
