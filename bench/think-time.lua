-- wrk script: each connection is an independent client that waits a random think time before every request
-- (exponential, mean THINK_MS, default 100 ms: 64 connections ~ 640 requests/s). Unlike a fixed rate per
-- client started in lock step (hey -q), arrivals are spread as a population of independent callers sends them.
local mean = tonumber(os.getenv("THINK_MS") or "100")

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function delay()
  return -mean * math.log(1 - math.random())
end

-- finer percentiles than wrk's --latency table (p99 alone moves by milliseconds between runs here)
function done(summary, latency, requests)
  local out = {}
  for _, p in ipairs({50, 90, 99, 99.9}) do
    out[#out + 1] = string.format("p%s %.2f ms", p, latency:percentile(p) / 1000)
  end
  io.write("  percentiles: " .. table.concat(out, ", ") .. string.format(", %d requests\n", summary.requests))
end
