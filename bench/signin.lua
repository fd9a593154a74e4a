-- wrk script: wrong passwords for a handful of usernames, as a credential-stuffing script
-- would send them
local counter = 0

function request()
  counter = counter + 1
  local body = string.format('{"username":"admin%d","password":"guess-%d"}', counter % 50, counter)
  local headers = {}
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/api/v1/auth/token", headers, body)
end

-- about 33 requests a second on each connection: with 32 connections, ~1,000 guesses/s
function delay()
  return 30
end
