"""One target serving one bench app kind, driven by ``bench.run`` over a pipe (JSON lines).

``python -m bench.worker`` reads ``BENCH_TARGET`` / ``BENCH_APP`` from the environment,
builds the WSGI callable and answers commands on stdin:

``{"op": "check", "scenario": "hello"}``
    one request; answers the normalised response (for the session scenario: a first
    request primes the cookie, the answer is the second one, and later timings send it).
``{"op": "time", "scenario": "hello", "n": 500}``
    ``n`` requests back to back; answers the elapsed seconds.
``{"op": "calls", "scenario": "hello"}``
    function calls per request counted by cProfile (deterministic, unlike time).
``{"op": "rss"}``
    this process's resident memory in kB.

``python -m bench.worker --profile SCENARIO [-n N]`` instead profiles N requests with
cProfile and prints the top functions (``python -m bench.profile`` wraps it).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
import traceback
from io import BytesIO

from .scenarios import BY_NAME, environ_for, normalise


def rss_kb(pid="self"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class Client:
    """Calls a WSGI callable the way a server does (consumes the body, calls ``close()``)."""

    def __init__(self, application):
        self.application = application
        self.cookies = {}

    def call(self, scenario, cookie=None):
        captured = []

        def start_response(status, headers, exc_info=None):
            captured[:] = [status, headers]
            return lambda data: None

        env = environ_for(scenario, cookie)
        result = self.application(env, start_response)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return captured[0], captured[1], body

    def check(self, scenario):
        cookie = None
        if scenario.session:
            status, headers, _ = self.call(scenario)
            cookie = _cookie_header(headers)
            self.cookies[scenario.name] = cookie
        status, headers, body = self.call(scenario, cookie)
        return normalise(status, headers, body.decode("latin-1"))

    def timed(self, scenario, n):
        """Run ``n`` requests; return (wall, CPU) seconds (only the WSGI calls are inside).

        CPU time (``time.process_time``) leaves out the time this process waited for the CPU,
        which on a shared machine is most of the noise; the harness uses it by default.
        """
        application = self.application
        template = environ_for(scenario, self.cookies.get(scenario.name))
        body = scenario.body

        def start_response(status, headers, exc_info=None):
            return _write

        envs = []
        for _ in range(n):
            env = dict(template)
            env["wsgi.input"] = BytesIO(body)
            envs.append(env)
        if n >= 50:  # a real batch: start it without garbage from the previous one (skipped in --smoke)
            gc.collect()
        perf, cpu = time.perf_counter, time.process_time
        start, start_cpu = perf(), cpu()
        for env in envs:
            result = application(env, start_response)
            for _chunk in result:
                pass
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return perf() - start, cpu() - start_cpu

    def calls(self, scenario, n):
        """Function calls per request as cProfile counts them: a deterministic, noise-free proxy."""
        import cProfile
        import pstats

        self.timed(scenario, 2)
        profiler = cProfile.Profile()
        profiler.enable()
        self.timed(scenario, n)
        profiler.disable()
        stats = pstats.Stats(profiler)
        overhead = self._loop_calls(n)
        return (stats.total_calls - overhead) / n

    @staticmethod
    def _loop_calls(n):
        """Calls the timing loop itself makes (profiled with a no-op application)."""
        import cProfile
        import pstats

        from .scenarios import BY_NAME

        def application(environ, start_response):
            return []

        profiler = cProfile.Profile()
        profiler.enable()
        Client(application).timed(BY_NAME["hello"], n)
        profiler.disable()
        return pstats.Stats(profiler).total_calls


def _write(data):
    pass


def _cookie_header(headers):
    from http.cookies import SimpleCookie

    parts = []
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar = SimpleCookie()
            jar.load(value)
            parts.extend(f"{k}={m.value}" for k, m in jar.items())
    return "; ".join(parts) or None


def serve():
    # The protocol owns the real stdout; anything else printed goes to stderr.
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    target, kind = os.environ["BENCH_TARGET"], os.environ["BENCH_APP"]
    from .targets import build, failures

    try:
        client = Client(build(target, kind))
    except Exception as e:
        proto.write(
            json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()}) + "\n"
        )
        return
    flaskcompat = sys.modules.get("flaskcompat")
    proto.write(json.dumps({"ok": True, "rss": rss_kb(), "flaskcompat": getattr(flaskcompat, "__file__", None)}) + "\n")
    for line in sys.stdin:
        cmd = json.loads(line)
        op = cmd["op"]
        try:
            if op == "check":
                failures.take()
                answer = client.check(BY_NAME[cmd["scenario"]])
                exc = failures.take()
                if exc is not None:
                    answer["exception"] = f"{type(exc).__name__}: {exc}"
                    answer["not_implemented"] = isinstance(exc, NotImplementedError)
                reply = {"ok": True, "response": answer}
            elif op == "time":
                wall, cpu = client.timed(BY_NAME[cmd["scenario"]], cmd["n"])
                reply = {"ok": True, "wall": wall, "cpu": cpu}
            elif op == "calls":
                reply = {"ok": True, "calls": client.calls(BY_NAME[cmd["scenario"]], cmd.get("n", 20))}
            elif op == "rss":
                reply = {"ok": True, "rss": rss_kb()}
            elif op == "quit":
                break
            else:
                reply = {"ok": False, "error": f"unknown op {op!r}"}
        except Exception as e:
            reply = {"ok": False, "error": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()}
        proto.write(json.dumps(reply) + "\n")


def profile(scenario_name, n, sort, limit, out=None):
    import cProfile
    import pstats

    from .targets import build

    client = Client(build(os.environ["BENCH_TARGET"], os.environ["BENCH_APP"]))
    scenario = BY_NAME[scenario_name]
    client.check(scenario)
    client.timed(scenario, max(50, n // 10))  # warm up
    per_request = client.timed(scenario, n)[1] / n
    profiler = cProfile.Profile()
    profiler.enable()
    client.timed(scenario, n)
    profiler.disable()
    print(
        f"# {os.environ['BENCH_TARGET']} / {scenario_name}: {per_request * 1e6:.1f} us/request (CPU) "
        f"unprofiled, {n} requests profiled"
    )
    stats = pstats.Stats(profiler)
    if out:
        stats.dump_stats(out)
    stats.strip_dirs().sort_stats(sort).print_stats(limit)


def loop(scenario_name, seconds):
    """Serve ``scenario`` back to back for ``seconds`` (for a sampling profiler such as py-spy)."""
    from .targets import build

    client = Client(build(os.environ["BENCH_TARGET"], os.environ["BENCH_APP"]))
    scenario = BY_NAME[scenario_name]
    client.check(scenario)
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        client.timed(scenario, 200)
        count += 200
    print(f"# {count} requests", file=sys.stderr)


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("--profile", metavar="SCENARIO")
    parser.add_argument("--loop", metavar="SCENARIO")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    if args.loop:
        loop(args.loop, args.seconds)
    elif args.profile:
        profile(args.profile, args.n, args.sort, args.limit, args.out)
    else:
        serve()


if __name__ == "__main__":
    main()
