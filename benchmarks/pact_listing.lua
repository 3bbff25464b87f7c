-- wrk script for benchmarks/bench_pact_listing.py --server: PACT clients paging ListFootprints concurrently.
--
--   wrk -t N -c N -d SECONDS --latency -s benchmarks/pact_listing.lua http://127.0.0.1:PORT -- STARTS_FILE TOKEN
--
-- Thread k (one connection each) starts at line k of STARTS_FILE, a ListFootprints URL path with a signed cursor
-- at its share of the listing, and follows each answer's `Link: <...>; rel="next"`, as a PACT client pages; at
-- the last page (no Link) it starts its share again. Every request carries the bearer TOKEN and
-- `X-Forwarded-Proto: https` (the server runs behind this loopback "proxy", as in a TLS deployment). A request
-- that does not answer 200 is counted by wrk as a non-2xx answer; the driver fails the run on any.

local threads, counter = {}, 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local start, path, headers

function init(args)
  local line = 0
  for text in io.lines(args[1]) do
    if line == id then
      start = text
    end
    line = line + 1
  end
  path = start
  headers = { ["Authorization"] = "Bearer " .. args[2], ["X-Forwarded-Proto"] = "https", ["Host"] = "127.0.0.1" }
end

function request()
  return wrk.format("GET", path, headers)
end

function response(status, response_headers, body)
  local link = response_headers["Link"] or response_headers["link"]
  if status == 200 and link then
    -- the absolute next URL; wrk sends a path
    path = string.match(link, "^<https?://[^/]+([^>]+)>") or start
  else
    path = start
  end
end
