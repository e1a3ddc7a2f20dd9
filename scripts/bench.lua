-- wrk script for scripts/bench.py: cycles through the paths listed in the file $BENCH_PATHS,
-- asks for compressed answers as browsers do, and prints one line of numbers (latencies in
-- microseconds) for bench.py to read.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if line ~= "" then
    paths[#paths + 1] = line
  end
end
local next_path = 0
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function done(summary, latency)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "errors": %d, "bad_status": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests,
    summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout,
    errors.status,
    latency:percentile(50),
    latency:percentile(95),
    latency:percentile(99)
  ))
end
