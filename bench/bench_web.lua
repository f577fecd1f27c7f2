-- bench_web.lua: the request of bench_web.py for wrk: one conversion of the
-- length converter, 1 mi in km, POSTed to the root endpoint (the model's
-- dispatch), asking for the value alone. Each response whose body has no
-- "return" member is counted; done() prints the count as
-- "bad bodies: N" for bench_web.py to read.
--
-- SPDX-License-Identifier: EUPL-1.2

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kwargs": {"inputs": {"mi": 1.0}, "outputs": ["km"], ' ..
           '"select_output_kw": {"keys": ["km"], "output_type": "values"}}}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

function response(status, headers, body)
  if not string.find(body, '"return"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("bad")
  end
  io.write(string.format("bad bodies: %d\n", total))
end
