-- wrk script for bench/server_bench.py: a proxy's X-Forwarded-Proto (gunicorn trusts it from
-- 127.0.0.1), an optional cookie, optionally a mix of paths (BENCH_PATHS, one per line, taken in
-- turn), and at the end one JSON line with the request count, latency percentiles and errors.
local paths = {}
local cookie = os.getenv("BENCH_COOKIE")
local counter = 0

function init(args)
  for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "[^\n]+") do
    table.insert(paths, path)
  end
  wrk.headers["X-Forwarded-Proto"] = "https"
  if cookie and cookie ~= "" then
    wrk.headers["Cookie"] = cookie
  end
end

function request()
  if #paths == 0 then
    return wrk.format(nil)
  end
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
