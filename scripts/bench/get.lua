-- wrk script for scripts/benchmark (a), (d), (e): GET of one path with the headers given by -H, or
-- a POST of the JSON in BENCH_BODY when it is set; at the end prints one line "WRK_JSON {...}" with
-- requests/s and latency percentiles in microseconds.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- BENCH_DELAY_MS paces each connection (a pause before each request): latency at a set load rather
-- than at saturation, where on two cores every process would wait for a CPU in turn.
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if pause > 0 then
  function delay()
    return pause
  end
end

function init(args)
  bad = 0
  local body = os.getenv("BENCH_BODY")
  if body then
    wrk.method = "POST"
    wrk.body = body
    wrk.headers["Content-Type"] = "application/json"
  end
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 3 then
      io.stderr:write(string.format("NON200 %d %s\n", status, string.sub(body or "", 1, 300)))
    end
  end
end

function done(summary, latency, requests)
  local not_ok = 0
  for _, t in ipairs(threads) do
    not_ok = not_ok + t:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"not_200":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    not_ok, e.connect + e.read + e.write + e.timeout))
end
