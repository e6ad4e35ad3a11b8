"""HTTP load: ``wrk`` when it is installed, else a small Python load generator.

Both answer ``{"rps": requests per second, "latency_ms": mean latency, "errors": n,
"non2xx": n, "tool": "wrk" | "python"}``. The Python fallback (one process per
connection, ``http.client``, a new connection per request as gunicorn's sync worker
closes each one) is itself slower than wrk, so its figures are lower bounds and only
its ratios are worth reading.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
import time


def have_wrk():
    """wrk is used when installed (Debian: apt-get install wrk); BENCH_NO_WRK=1 forces the fallback."""
    return shutil.which("wrk") is not None and not os.environ.get("BENCH_NO_WRK")


def run(port, scenario, seconds, connections=2, cookie=None):
    if have_wrk():
        return _wrk(port, scenario, seconds, connections, cookie)
    return _python(port, scenario, seconds, connections, cookie)


def _lua_string(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrk(port, scenario, seconds, connections, cookie):
    lines = [f"wrk.method = {_lua_string(scenario.method)}"]
    if scenario.body:
        lines.append(f"wrk.body = {_lua_string(scenario.body.decode())}")
        lines.append(f'wrk.headers["Content-Type"] = {_lua_string(scenario.content_type)}')
    if cookie:
        lines.append(f'wrk.headers["Cookie"] = {_lua_string(cookie)}')
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        script = f.name
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "-s",
                script,
                f"http://127.0.0.1:{port}{scenario.path}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
        ).stdout
    finally:
        os.unlink(script)
    return _parse_wrk(out)


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _parse_wrk(out):
    rps = re.search(r"Requests/sec:\s*([\d.]+)", out)
    lat = re.search(r"Latency\s+([\d.]+)(us|ms|s|m)\b", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "tool": "wrk",
        "rps": float(rps.group(1)) if rps else None,
        "latency_ms": float(lat.group(1)) * _UNITS[lat.group(2)] if lat else None,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        # gunicorn's sync worker closes every connection; wrk counts some closes as read errors
        "errors": sum(int(g) for g in errors.groups()) if errors else 0,
        "raw": out if rps is None else None,
    }


def _client(port, method, path, body, headers, deadline, queue):
    import http.client

    count = non2xx = errors = 0
    latency = 0.0
    while True:
        start = time.perf_counter()
        if start >= deadline:
            break
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
        except OSError:
            errors += 1
            continue
        latency += time.perf_counter() - start
        count += 1
        if not 200 <= response.status < 400:
            non2xx += 1
    queue.put((count, latency, non2xx, errors))


def _python(port, scenario, seconds, connections, cookie):
    headers = {}
    if scenario.body:
        headers["Content-Type"] = scenario.content_type
    if cookie:
        headers["Cookie"] = cookie
    queue = multiprocessing.Queue()
    start = time.perf_counter()
    deadline = start + seconds
    procs = [
        multiprocessing.Process(
            target=_client, args=(port, scenario.method, scenario.path, scenario.body, headers, deadline, queue)
        )
        for _ in range(connections)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    count = sum(r[0] for r in results)
    return {
        "tool": "python",
        "rps": count / elapsed if elapsed else None,
        "latency_ms": 1e3 * sum(r[1] for r in results) / count if count else None,
        "non2xx": sum(r[2] for r in results),
        "errors": sum(r[3] for r in results),
        "raw": None,
    }
