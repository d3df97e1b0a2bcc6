-- wrk script for scripts/bench (b): DELETE+PUT cycles. Run it with as many threads as connections
-- (wrk -tN -cN): each thread then has one connection and its own id, so its requests go strictly
-- one after another, PUT then DELETE of the same id, and a DELETE never overtakes its PUT.
-- Environment: BENCH_RUN and BENCH_PHASE (id prefix), BENCH_AUTH ("Basic ..." header value).
-- At the end prints "WRK_JSON {...}": requests/s, cycles/s, latency percentiles (microseconds)
-- over every request, and the count of answers that were not a 200 (with "acknowledged":true
-- for a DELETE).
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  unacked = 0
  put_next = true
  local run = os.getenv("BENCH_RUN") or "bench"
  -- a warm-up run may stop between a PUT and its DELETE: the measured run uses other ids
  id = string.format("%s-%s-c%d", run, os.getenv("BENCH_PHASE") or "run", tid)
  auth = os.getenv("BENCH_AUTH") or ""
  put_request = wrk.format("PUT", "/_inference/sparse_embedding/" .. id,
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" },
    '{"service":"hugging_face","service_settings":{"api_key":"bench-secret","url":"https://hf.example"}}')
  delete_request = wrk.format("DELETE", "/_inference/" .. id, { ["Authorization"] = auth })
end

-- The next request flips in response(), not here: wrk calls request() once more than it sends
-- (to check the script on the first thread), so flipping here would send a DELETE first.
function request()
  return put_next and put_request or delete_request
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 3 then
      io.stderr:write(string.format("NON200 %s %s %d %s\n", put_next and "PUT" or "DELETE", id, status,
        string.sub(body or "", 1, 300)))
    end
  elseif not put_next and not string.find(body, '"acknowledged":true', 1, true) then
    unacked = unacked + 1
  end
  put_next = not put_next
end

function done(summary, latency, requests)
  local not_ok, not_acked = 0, 0
  for _, t in ipairs(threads) do
    not_ok = not_ok + t:get("bad")
    not_acked = not_acked + t:get("unacked")
  end
  local e = summary.errors
  local rps = summary.requests / (summary.duration / 1e6)
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"rps":%.1f,"cycles_per_s":%.1f,"p50_us":%d,"p90_us":%d,' ..
    '"p99_us":%d,"p999_us":%d,"max_us":%d,"not_200":%d,"delete_not_acknowledged":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, rps, rps / 2, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max, not_ok, not_acked,
    e.connect + e.read + e.write + e.timeout))
end
