-- wrk script for benchmarks/bench_submissions.py: an open-loop schedule of survey submissions.
--
--   wrk -t THREADS -c CONNECTIONS -d SECONDS --timeout 60s -s benchmarks/submissions.lua http://127.0.0.1:PORT \
--       -- TOKENS_FILE BODY_FILE COOKIE RATE START OUT_PREFIX THREADS [close]
--
-- Request i (over all threads) is due at START + i / RATE on CLOCK_MONOTONIC (START is Python's
-- time.monotonic()); each thread takes every THREADS-th token of TOKENS_FILE, one POST per personal link. A
-- connection waits with delay() until the next request is due, so the schedule does not depend on the server's
-- speed except when every connection is busy: then requests leave late, and their latency is still measured
-- from the moment they were due (the 302's Location names the token). When its last request is answered, a
-- thread creates OUT_PREFIX.<thread>.done, so the driver can stop wrk early (SIGINT); done() then writes one
-- "due_seconds_after_start latency_from_due_seconds status" line per answer to OUT_PREFIX ("ok" for a 302 to the
-- thank-you page; "nan" times when the answer names no token).

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } tanlu_timespec;
int clock_gettime(int clock_id, tanlu_timespec *tp);
]])
local ts = ffi.new("tanlu_timespec")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC, as Python's time.monotonic()
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local tokens, due_of, queue = {}, {}, {}
local body, cookie, rate, start
local headers
results, out_prefix = {}, nil -- globals: done() reads them with thread:get()
local next_index, answered, expected = 1, 0, 0
local queue_head, queue_tail = 1, 0

function init(args)
  local tokens_file = args[1]
  local body_file = args[2]
  cookie, rate, start, out_prefix = args[3], tonumber(args[4]), tonumber(args[5]), args[6]
  local nthreads = tonumber(args[7])
  -- "close": one connection per submission, as distinct respondents (or a proxy without upstream keep-alive)
  headers = { ["Host"] = "127.0.0.1", ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie }
  if args[8] == "close" then
    headers["Connection"] = "close"
  end
  local handle = assert(io.open(body_file, "rb"))
  body = handle:read("*a")
  handle:close()
  local position = 0
  for line in io.lines(tokens_file) do
    if line ~= "" then
      if position % nthreads == id then
        -- global index of this request in the whole schedule
        table.insert(tokens, { token = line, due = start + position / rate })
      end
      position = position + 1
    end
  end
  expected = #tokens
end

function delay()
  if next_index > expected then
    return 3600 * 1000 -- nothing left to send on this connection
  end
  -- reserve the next request for the connection that asked; request() takes them in the same order
  local item = tokens[next_index]
  next_index = next_index + 1
  queue_tail = queue_tail + 1
  queue[queue_tail] = item
  local wait = (item.due - now()) * 1000
  if wait < 0 then
    return 0
  end
  return math.floor(wait)
end

function request()
  local item = queue[queue_head]
  if item == nil then
    -- should not happen (delay() always runs first); send nothing useful
    return wrk.format("GET", "/healthz")
  end
  queue[queue_head] = nil
  queue_head = queue_head + 1
  due_of[item.token] = item.due
  return wrk.format("POST", "/s/" .. item.token .. "/", headers, body)
end

function response(status, headers, _body)
  local location = headers["Location"] or headers["location"] or ""
  local token = string.match(location, "/s/([^/?]+)/")
  local due = token and due_of[token]
  answered = answered + 1
  if due == nil then
    table.insert(results, "nan nan " .. tostring(status))
  else
    due_of[token] = nil
    local acknowledged = status == 302 and string.find(location, "thanks=1", 1, true) ~= nil
    local status_text = acknowledged and "ok" or tostring(status)
    table.insert(results, string.format("%.6f %.6f %s", due - start, now() - due, status_text))
  end
  if answered == expected then
    local handle = assert(io.open(out_prefix .. "." .. id .. ".done", "w"))
    handle:close()
  end
end

function done(summary, _latency, _requests)
  local handle = assert(io.open(threads[1]:get("out_prefix"), "w")) -- done() runs where init() did not
  for _, thread in ipairs(threads) do
    for _, line in ipairs(thread:get("results")) do
      handle:write(line, "\n")
    end
  end
  local errors = summary.errors
  handle:write(string.format("# errors connect %d read %d write %d status %d timeout %d\n",
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
  handle:close()
end
