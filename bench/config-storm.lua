-- wrk script: every POST /api/config is a new device (a serial never sent before), as in a venue's boot storm.
-- Usage (docs/benchmarks/boot-storm.md): wrk -t2 -c200 -d5s --latency -s bench/config-storm.lua http://127.0.0.1:PORT
-- Each wrk thread numbers its own serials from a distinct prefix, so threads never repeat each other's devices.
local counter = 0
local prefix = 0
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("prefix", threads)
end

function init(args)
    counter = 0
end

function request()
    counter = counter + 1
    local serial = string.format("4%03x%012x", prefix, counter)
    local body = '{"serial_number":"' .. serial .. '","product_type":"KXP2","venue_code":"CORO"}'
    return wrk.format("POST", "/api/config", {["Content-Type"] = "application/json"}, body)
end

local non200 = 0
function response(status, headers, body)
    if status ~= 200 then
        non200 = non200 + 1
    end
end

function done(summary, latency, requests)
    io.write(string.format("requests %d, non-2xx/3xx %d, socket errors %d/%d/%d/%d\n", summary.requests,
        summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
        summary.errors.timeout))
    for _, p in pairs({50, 90, 99, 99.9}) do
        io.write(string.format("p%g %.1f ms\n", p, latency:percentile(p) / 1000))
    end
    io.write(string.format("max %.1f ms\n", latency.max / 1000))
end
