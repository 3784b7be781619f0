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
