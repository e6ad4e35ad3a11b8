"""Run the whole benchmark and write ``bench/README.md``: ``python -m bench`` or ``python bench/run.py``
(``--smoke`` for CI).

1. One worker process per (target, app kind) (``bench.worker``; each target needs its own
   process: embedded mode must see no ``DJANGO_SETTINGS_MODULE``).
2. Check: every scenario once on every target; status, key headers, cookie names and
   attributes, and body must equal Flask's, or the target is not timed on it (reported
   as "differs"; a 500 caused by ``NotImplementedError`` is reported as "n/a").
3. In-process: the WSGI callables are called directly, in batches interleaved across
   targets (a round visits every scenario and every target in shuffled order); the
   table shows the median per-request time over the rounds and ratios to Flask and to
   plain Django.
4. Over HTTP: gunicorn, one sync worker on 127.0.0.1 per (target, kind), wrk (or the
   Python fallback, see ``bench.loadgen``) for a few seconds per scenario, worker RSS
   afterwards; every server is stopped by its PID.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen
from bench.scenarios import (
    BENCH_DIR,
    COMPAT,
    ROOT,
    SCENARIOS,
    TARGETS,
    base_name,
    differences,
    variant_targets,
)

README = BENCH_DIR / "README.md"
RESULTS = BENCH_DIR / "results" / "latest.json"
NOTES_START, NOTES_END = "<!-- notes:start -->", "<!-- notes:end -->"


class HarnessError(RuntimeError):
    pass


_T0 = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - _T0:6.1f}s] {message}", file=sys.stderr, flush=True)


# -- workers ------------------------------------------------------------------------------------


class Worker:
    def __init__(self, target, kind, logdir):
        self.target, self.kind = target, kind
        self.log = open(Path(logdir) / f"worker-{target.name}-{kind}.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.worker"],
            cwd=ROOT,
            env=target.env(kind),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            bufsize=1,
        )
        self.ready = None

    def wait_ready(self):
        line = self.proc.stdout.readline()
        self.ready = json.loads(line) if line else {"ok": False, "error": "worker exited at start"}
        return self.ready

    def ask(self, **cmd):
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise HarnessError(f"worker {self.target.name}/{self.kind} died (see {self.log.name})")
        return json.loads(line)

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def start_workers(targets, kinds, logdir):
    workers = {(t.name, k): Worker(t, k, logdir) for t in targets for k in t.kinds if k in kinds}
    with ThreadPoolExecutor(len(workers)) as pool:
        list(pool.map(Worker.wait_ready, workers.values()))
    return workers


# -- check --------------------------------------------------------------------------------------


def check(workers, scenarios, targets):
    """status[scenario][target] = ("ok"|"n/a"|"differs"|"error", detail); references by scenario."""
    status, references = {}, {}
    for sc in scenarios:
        row = status[sc.name] = {}
        answers = {}
        for t in targets:
            if not t.runs(sc):
                continue
            w = workers.get((t.name, sc.kind))
            if w is None:
                continue
            if not w.ready["ok"]:
                kind = "n/a" if base_name(t.name).split("+")[0] in COMPAT else "error"
                row[t.name] = (kind, f"app does not build: {w.ready['error']}")
                continue
            reply = w.ask(op="check", scenario=sc.name)
            if not reply["ok"]:
                row[t.name] = ("error", reply["error"])
                continue
            answers[t.name] = reply["response"]
        ref = answers.get("flask")
        references[sc.name] = ref
        for name, answer in answers.items():
            if answer.get("not_implemented"):
                row[name] = ("n/a", answer["exception"])
            elif ref is None:
                row[name] = ("error", "no reference response from Flask")
            else:
                diff = differences(answer, ref)
                if answer.get("exception"):
                    diff.insert(0, f"raised {answer['exception']}")
                row[name] = ("differs", "; ".join(diff)) if diff else ("ok", "")
    return status, references


# -- in-process timing ----------------------------------------------------------------------------


def time_in_process(workers, scenarios, targets, status, rounds, batch_s, smoke, rng, clock):
    runnable = {sc.name: [t for t in targets if status[sc.name].get(t.name, ("",))[0] == "ok"] for sc in scenarios}
    sizes = {}
    for sc in scenarios:  # warm up and size the batches from the fastest framework target
        per = []
        for t in runnable[sc.name]:
            w = workers[(t.name, sc.kind)]
            n = 3 if smoke else 20
            _ask_time(w, sc, n, clock)
            per.append(_ask_time(w, sc, n, clock) / n)
        if smoke:
            sizes[sc.name] = 3
        elif per:
            sizes[sc.name] = max(10, min(20000, int(batch_s / statistics.median(per))))
    samples = {sc.name: {t.name: [] for t in runnable[sc.name]} for sc in scenarios}
    for r in range(rounds):
        for sc in scenarios:
            order = list(runnable[sc.name])
            rng.shuffle(order)
            for t in order:
                n = sizes[sc.name]
                samples[sc.name][t.name].append(_ask_time(workers[(t.name, sc.kind)], sc, n, clock) / n)
        if not smoke:
            log(f"round {r + 1}/{rounds}")
    return samples, sizes


def _ask_time(worker, sc, n, clock):
    reply = worker.ask(op="time", scenario=sc.name, n=n)
    if not reply["ok"]:
        raise HarnessError(f"{worker.target.name}/{sc.name}: {reply['error']}")
    return reply[clock]


def count_calls(workers, scenarios, targets, status, n=20):
    out = {}
    for sc in scenarios:
        for t in targets:
            if status[sc.name].get(t.name, ("",))[0] == "ok":
                reply = workers[(t.name, sc.kind)].ask(op="calls", scenario=sc.name, n=n)
                if reply["ok"]:
                    out.setdefault(sc.name, {})[t.name] = round(reply["calls"])
    return out


# -- HTTP ---------------------------------------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn, one sync worker, on 127.0.0.1; stopped by its PID."""

    def __init__(self, target, kind, logdir):
        self.target, self.kind = target, kind
        self.port = _free_port()
        self.log = open(Path(logdir) / f"gunicorn-{target.name}-{kind}.log", "w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                "1",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--graceful-timeout",
                "3",
                "bench.wsgi:application",
            ],
            cwd=ROOT,
            env=target.env(kind),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise HarnessError(f"gunicorn {self.target.name}/{self.kind} exited (see {self.log.name})")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise HarnessError(f"gunicorn {self.target.name}/{self.kind} did not start")

    def request(self, sc, cookie=None):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{sc.path}", data=sc.body or None, method=sc.method)
        if sc.body:
            req.add_header("Content-Type", sc.content_type)
        if cookie:
            req.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def worker_pids(self):
        try:
            with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children") as f:
                return [int(p) for p in f.read().split()]
        except OSError:
            return []

    def stop(self):
        workers = self.worker_pids()
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        for pid in workers:  # the master reaps its worker; make sure, by PID
            try:
                os.kill(pid, 0)
            except OSError:
                continue
            os.kill(pid, signal.SIGKILL)
        self.log.close()


def time_http(scenarios, targets, status, references, seconds, rounds, logdir, smoke):
    from bench.worker import rss_kb

    results, memory, notes = {}, {}, []
    kinds = []
    for sc in scenarios:
        if sc.kind not in kinds:
            kinds.append(sc.kind)
    for kind in kinds:
        kind_scenarios = [sc for sc in scenarios if sc.kind == kind]
        wanted = [t for t in targets if any(status[sc.name].get(t.name, ("",))[0] == "ok" for sc in kind_scenarios)]
        servers = {}
        try:
            log(f"HTTP: starting gunicorn for {kind}: {', '.join(t.name for t in wanted)}")
            for t in wanted:
                servers[t.name] = Server(t, kind, logdir)
            for name, server in list(servers.items()):
                try:
                    server.wait_ready()
                except HarnessError as e:
                    notes.append(str(e))
                    server.stop()
                    del servers[name]
            cookies = {}
            for sc in kind_scenarios:  # verify over the wire, prime cookies, warm up
                for name, server in servers.items():
                    if status[sc.name].get(name, ("",))[0] != "ok":
                        continue
                    cookie = None
                    if sc.session:
                        _, headers, _ = server.request(sc)
                        cookie = "; ".join(c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") or [])
                        cookies[(sc.name, name)] = cookie
                    code, _, body = server.request(sc, cookie)
                    ref = references[sc.name]
                    if code != ref["status"] or body.decode("latin-1") != ref["body"]:
                        notes.append(f"HTTP {name}/{sc.name}: answer differs from the in-process one")
                    for _ in range(3 if smoke else 50):
                        server.request(sc, cookie)
            for sc in kind_scenarios:
                names = [n for n in servers if status[sc.name].get(n, ("",))[0] == "ok"]
                runs = {name: [] for name in names}
                for r in range(rounds):  # short runs interleaved across targets, rotating the order
                    for name in names[r % len(names) :] + names[: r % len(names)]:
                        runs[name].append(
                            loadgen.run(servers[name].port, sc, seconds, cookie=cookies.get((sc.name, name)))
                        )
                for name, rs in runs.items():
                    good = [x["rps"] for x in rs if x["rps"] is not None]
                    results.setdefault(sc.name, {})[name] = {
                        "tool": rs[0]["tool"],
                        "rps": statistics.median(good) if good else None,
                        "rps_runs": [x["rps"] for x in rs],
                        "latency_ms": _median([x["latency_ms"] for x in rs if x["latency_ms"] is not None]),
                        "non2xx": sum(x["non2xx"] for x in rs),
                        "errors": sum(x["errors"] for x in rs),
                    }
                    if not good:
                        notes.append(f"HTTP {name}/{sc.name}: no result ({(rs[0].get('raw') or '').strip()[:120]!r})")
                    if results[sc.name][name]["non2xx"] and references[sc.name]["status"] < 400:
                        notes.append(f"HTTP {name}/{sc.name}: {results[sc.name][name]['non2xx']} non-2xx answers")
            for name, server in servers.items():
                pids = server.worker_pids()
                if pids:
                    memory.setdefault(kind, {})[name] = rss_kb(pids[0])
        finally:
            for server in servers.values():
                server.stop()
    return results, memory, notes


# -- report -------------------------------------------------------------------------------------


def _median(xs):
    return statistics.median(xs) if xs else None


def summarise(samples):
    out = {}
    for sc, per_target in samples.items():
        out[sc] = {}
        for t, xs in per_target.items():
            if xs:
                med = _median(xs)
                q = statistics.quantiles(xs, n=4) if len(xs) >= 4 else [med, med, med]
                out[sc][t] = {
                    "median_us": med * 1e6,
                    "spread": (q[2] - q[0]) / med if med else 0,
                    "rounds_us": [x * 1e6 for x in xs],
                }
    return out


def paired(summary, sc_a, t_a, sc_b, t_b):
    """Median over the rounds of (a's time ÷ b's time) in the same round, robust to machine drift."""
    a = summary.get(sc_a, {}).get(t_a)
    b = summary.get(sc_b, {}).get(t_b)
    if not a or not b:
        return None
    ratios = [x / y for x, y in zip(a["rounds_us"], b["rounds_us"], strict=False) if y]
    return _median(ratios)


def _ratio(a, b):
    return a / b if a is not None and b else None


def _fmt_ratio(r):
    return "" if r is None else f"{r:.2f}×"


def _cell(summary, status, sc, t, ref="flask"):
    st = status.get(sc, {}).get(t)
    if st is None:
        return "–"
    if st[0] != "ok":
        return st[0]
    s = summary.get(sc, {}).get(t)
    if s is None:
        return "–"
    ratio = paired(summary, sc, t, sc, ref) if t != ref else None
    return f"{s['median_us']:.1f}" + (f" ({_fmt_ratio(ratio)})" if ratio is not None else "")


def targets_check(summary, status, memory, compat=COMPAT):
    """Issue 14's speed targets: list of (target, measured, verdict)."""
    rows = []

    def ratio(sc_a, t_a, sc_b, t_b):
        return paired(summary, sc_a, t_a, sc_b, t_b)

    def worst_of(pairs, limit):
        measured = [(sc, r) for sc, r in pairs if r is not None]
        if not measured:
            return "–", "–"
        worst = max(r for _, r in measured)
        misses = [f"{sc} {r:.2f}×" for sc, r in measured if r > limit]
        return f"worst {worst:.2f}×", "met" if not misses else "miss: " + ", ".join(misses)

    for t, ref, label in (
        ("hosted", "django", "Session + Messages middleware"),
        ("hosted+startproject", "django+startproject", "startproject middleware"),
    ):
        pairs = [(sc.name, ratio(sc.name, t, sc.name, ref)) for sc in SCENARIOS]
        rows.append((f"hosted ≤ 1.1× plain Django, {label}", *worst_of(pairs, 1.1)))
    if "embedded" in compat:
        pairs = [(name, ratio(name, "embedded", name, "flask")) for name in ("hello", "json", "url_for")]
        rows.append(("embedded ≤ 1.1× Flask on hello, json, url_for", *worst_of(pairs, 1.1)))
    for t in compat:
        for hit in ("rules1000", "rules1000_404"):
            rs = ratio(hit, t, hit.replace("1000", "10"), t)
            rows.append(
                (
                    f"{t} {hit} ≤ 1.1× its 10-rule app",
                    _fmt_ratio(rs) or "–",
                    "–" if rs is None else ("met" if rs <= 1.1 else "miss"),
                )
            )
    mem = memory.get("rules1000", {})
    for t in compat:
        if t in mem and "flask" in mem:
            delta = (mem[t] - mem["flask"]) / 1024
            rows.append((f"{t} worker RSS (1000 rules), vs Flask", f"{delta:+.1f} MB", "–"))
    return rows


def render(report):
    summary, status = report["summary"], report["status"]
    names = [name for name, _ in report["targets"]]
    labels = dict(report["targets"])
    compat = [n for n in names if base_name(n) in COMPAT]
    lines = []
    if report.get("smoke"):
        lines.append(
            "**Smoke pass: one tiny round, so the timings below mean nothing; it checks that the "
            "harness, every target and every scenario still work.**\n"
        )
    lines.append(
        "## In-process: µs per request (median of the rounds; × = time ratio to Flask, the median "
        "of the per-round ratios)\n"
    )
    lines.append(
        "| scenario | " + " | ".join(labels[n] for n in names) + "".join(f" | {n} ÷ Django" for n in compat) + " |"
    )
    lines.append("|---" * (len(names) + len(compat) + 1) + "|")
    for sc in SCENARIOS:
        if sc.name not in status:
            continue
        cells = [_cell(summary, status, sc.name, n) for n in names]
        vs = []
        for t in compat:
            vs.append(_fmt_ratio(paired(summary, sc.name, t, sc.name, "django")) or "–")
        lines.append(f"| {sc.name}: {sc.label} | " + " | ".join(cells) + " | " + " | ".join(vs) + " |")
    spreads = []
    for per in summary.values():
        ref = per.get("flask")
        for t, cell in per.items():
            if t == "flask" or not ref or len(cell["rounds_us"]) < 4:
                continue
            ratios = [x / y for x, y in zip(cell["rounds_us"], ref["rounds_us"], strict=False)]
            q = statistics.quantiles(ratios, n=4)
            spreads.append((q[2] - q[0]) / statistics.median(ratios))
    if spreads:
        lines.append(
            f"\nNoise: the per-round ratios to Flask have an interquartile range of "
            f"{100 * statistics.median(spreads):.1f}% of their median in a typical cell (worst "
            f"{100 * max(spreads):.1f}%); differences of a few percent are within it."
        )
    calls = report.get("calls")
    if calls:
        lines.append("\n## Function calls per request (counted by cProfile: deterministic, unlike time)\n")
        lines.append(
            "| scenario | " + " | ".join(labels[n] for n in names) + "".join(f" | {n} − Django" for n in compat) + " |"
        )
        lines.append("|---" * (len(names) + len(compat) + 1) + "|")
        for sc in SCENARIOS:
            per = calls.get(sc.name)
            if not per:
                continue
            cells = []
            for n in names:
                v = per.get(n)
                if v is None:
                    st = status.get(sc.name, {}).get(n)
                    cells.append(st[0] if st is not None and st[0] != "ok" else "–")
                else:
                    f = per.get("flask")
                    cells.append(f"{v}" + (f" ({v / f:.2f}×)" if f and n != "flask" else ""))
            deltas = [f"{per[t] - per['django']:+d}" if t in per and "django" in per else "–" for t in compat]
            lines.append(f"| {sc.name} | " + " | ".join(cells) + " | " + " | ".join(deltas) + " |")
    if not report.get("smoke"):
        lines.append("\n## Targets (issue 14)\n")
        lines.append("| target | measured | verdict |")
        lines.append("|---|---|---|")
        for row in targets_check(summary, status, report.get("memory", {}), compat):
            lines.append("| " + " | ".join(row) + " |")
    http = report.get("http")
    if http:
        tools = {r["tool"] for per in http.values() for r in per.values()}
        lines.append(
            f"\n## Over HTTP: requests/s (gunicorn, 1 sync worker; median of {report.get('http_rounds', 1)} "
            f"interleaved {report['http_seconds']}-s runs of {' / '.join(sorted(tools))} with 2 connections; "
            f"× = Flask's req/s ÷ this one's, i.e. a time ratio)\n"
        )
        lines.append("| scenario | " + " | ".join(labels[n] for n in names) + " |")
        lines.append("|---" * (len(names) + 1) + "|")
        for sc in SCENARIOS:
            per = http.get(sc.name)
            if not per:
                continue
            cells = []
            for n in names:
                r = per.get(n)
                if r is None or r["rps"] is None:
                    st = status.get(sc.name, {}).get(n)
                    cells.append(st[0] if st is not None and st[0] != "ok" else "–")
                    continue
                f = per.get("flask")
                ratio = _ratio(f["rps"], r["rps"]) if f and f["rps"] and n != "flask" else None
                cells.append(f"{r['rps']:.0f}" + (f" ({_fmt_ratio(ratio)})" if ratio else ""))
            lines.append(f"| {sc.name} | " + " | ".join(cells) + " |")
        if "python" in tools:
            lines.append(
                "\n`wrk` was not installed: figures come from the Python load generator "
                "(`bench/loadgen.py`), which is slower than the servers; read the ratios only."
            )
    memory = report.get("memory")
    if memory:
        lines.append("\n## gunicorn worker RSS after the HTTP run (MB)\n")
        lines.append("| app | " + " | ".join(labels[n] for n in names) + " |")
        lines.append("|---" * (len(names) + 1) + "|")
        for kind, per in memory.items():
            cells = []
            for n in names:
                v = per.get(n)
                if v is None:
                    cells.append("–")
                    continue
                d = (v - per["flask"]) / 1024 if "flask" in per and n != "flask" else None
                cells.append(f"{v / 1024:.1f}" + (f" ({d:+.1f})" if d is not None else ""))
            lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    problems = [(sc, t, st) for sc, per in status.items() for t, st in per.items() if st[0] != "ok"]
    if problems or report.get("notes"):
        lines.append("\n## Not timed, and notes\n")
        for sc, t, (kind, detail) in problems:
            lines.append(f"- **{t} / {sc}: {kind}** — {detail[:400]}")
        for note in report.get("notes", []):
            lines.append(f"- {note}")
    return "\n".join(lines) + "\n"


SOAK_HEADING = "## Soak run"


def write_readme(report, body):
    notes = soak = ""
    if README.exists():
        text = README.read_text()
        if NOTES_START in text and NOTES_END in text:
            notes = text[text.index(NOTES_START) : text.index(NOTES_END) + len(NOTES_END)]
        if SOAK_HEADING in text:  # written by `python -m bench.soak --readme`, kept across runs
            soak = "\n" + text[text.index(SOAK_HEADING) :]
    if not notes:
        notes = f"{NOTES_START}\n## Analysis\n\n(Profile the misses with `python -m bench.profile`.)\n{NOTES_END}"
    env = report["environment"]
    cpu_clock = report["clock"] == "cpu"
    clock = "CPU time (what the process itself spent: other processes on a shared machine mostly drop out)"
    head = f"""# Benchmarks: flaskcompat vs Flask 3.1 vs plain Django 5.2

Made by `{report["command"]}` on {report["date"]}, commit {env["commit"]}
({env["python"]}, Django {env["django"]}, Flask {env["flask"]}, {env["cpus"]} CPUs, {env["machine"]}).
In-process: {report["rounds"]} rounds of batches interleaved across targets (~{report["batch_ms"]:.0f} ms each),
timed by the worker's {clock if cpu_clock else "wall-clock time"}.
Every figure is one run on one machine, so read ratios, not absolute numbers. Raw data:
`bench/results/latest.json`.

Targets: **Flask 3.1** (the app of `bench/app.py` on real Flask); **flaskcompat embedded** (the same
app on flaskcompat, its own WSGI callable, no Django project); **flaskcompat hosted** (the same app
mounted with `include(app.urls)` in `bench/project`, SessionMiddleware + MessageMiddleware only,
and again behind startproject's seven middleware);
**plain Django** (the same scenarios as function views in `bench/django_views.py`, same middleware, both ways);
**raw WSGI** (`bench/raw.py`, the floor); for the rule sets, hosted and plain Django again **+ APPEND_SLASH**
(CommonMiddleware added). Every response is checked equal to Flask's (status, key headers, cookie
names and attributes, body) before anything is timed.

Rerun everything: `python -m bench` (about 6 minutes; `--no-http` for in-process only, `--smoke`
for the CI pass, `--help` for the rest). Profile one cell: `python -m bench.profile embedded hello`
(`--sampler py-spy` for sampling). A/B a change without touching the checkout:
`python -m bench --variant /tmp/copy-with-change --targets flask,django --no-http`.

"""
    README.write_text(head + body + "\n" + notes + "\n" + soak)


def environment():
    def version(mod):
        try:
            from importlib.metadata import version as v

            return v(mod)
        except Exception:
            return "?"

    try:
        commit = (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip()
            or "?"
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        if dirty:
            commit += " + uncommitted changes"
    except OSError:
        commit = "?"
    return {
        "python": f"Python {platform.python_version()}",
        "django": version("django"),
        "flask": version("flask"),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "commit": commit,
    }


# -- main ---------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny pass in seconds (CI); writes no README")
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--batch-ms", type=float, default=25.0)
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="time the batches by the worker's CPU time (default) or wall-clock time",
    )
    parser.add_argument("--http-seconds", type=int, default=1, help="seconds of one load run (wrk needs whole seconds)")
    parser.add_argument("--http-rounds", type=int, default=3, help="load runs per target and scenario, interleaved")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--scenarios", help="comma-separated subset")
    parser.add_argument("--targets", help="comma-separated subset (flask is always included)")
    parser.add_argument("--no-readme", action="store_true", help="print the tables, do not write README.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a response differs from Flask's")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--render-only", action="store_true", help="rewrite README.md from bench/results/latest.json without measuring"
    )
    parser.add_argument(
        "--variant",
        metavar="DIR",
        action="append",
        default=[],
        help="also measure the flaskcompat package in DIR (targets embedded@DIR and hosted@DIR), "
        "to A/B a change; repeatable; implies --no-readme",
    )
    args = parser.parse_args(argv)

    if args.render_only:
        report = json.loads(RESULTS.read_text())
        write_readme(report, render(report))
        log(f"wrote {README.relative_to(ROOT)} from {RESULTS.relative_to(ROOT)}")
        return 0
    scenarios = SCENARIOS
    if args.scenarios:
        wanted = set(args.scenarios.split(","))
        scenarios = [s for s in SCENARIOS if s.name in wanted]
    targets = TARGETS
    if args.targets:
        wanted = set(args.targets.split(",")) | {"flask"}
        targets = [t for t in TARGETS if t.name in wanted]
    if args.variant:
        for directory in args.variant:
            targets = [*targets, *variant_targets(directory)]
        args.no_readme = True
    rounds = 1 if args.smoke else args.rounds
    http_seconds = 1 if args.smoke else args.http_seconds
    http_rounds = 1 if args.smoke else args.http_rounds
    rng = random.Random(args.seed)
    kinds = {s.kind for s in scenarios}
    command = "python -m bench" + (
        "" if argv is None and len(sys.argv) == 1 else " " + shlex.join(argv if argv is not None else sys.argv[1:])
    )

    logdir = tempfile.mkdtemp(prefix="flaskcompat-bench-")
    workers = {}
    try:
        log(f"starting workers (logs in {logdir})")
        workers = start_workers(targets, kinds, logdir)
        broken = [
            f"{t}/{k}: {w.ready['error']}"
            for (t, k), w in workers.items()
            if not w.ready["ok"] and base_name(t).split("+")[0] not in COMPAT
        ]
        if broken:
            raise HarnessError("workers failed to start: " + "; ".join(broken))
        for (t, k), w in workers.items():
            expected = next(x.pythonpath for x in targets if x.name == t) or str(ROOT)
            found = w.ready.get("flaskcompat")
            if found and not found.startswith(expected):
                raise HarnessError(f"{t}/{k} imported {found}, not the flaskcompat of {expected}")
        log("checking responses")
        status, references = check(workers, scenarios, targets)
        log("timing in-process")
        samples, sizes = time_in_process(
            workers, scenarios, targets, status, rounds, args.batch_ms / 1000, args.smoke, rng, args.clock
        )
        log("counting function calls")
        calls = count_calls(workers, scenarios, targets, status, n=3 if args.smoke else 20)
        rss = {f"{t}/{k}": w.ask(op="rss").get("rss") for (t, k), w in workers.items() if w.ready["ok"]}
    finally:
        for w in workers.values():
            w.stop()
    report = {
        "command": command,
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "environment": environment(),
        "rounds": rounds,
        "batch_ms": args.batch_ms,
        "sizes": sizes,
        "clock": args.clock,
        "status": status,
        "samples": samples,
        "summary": summarise(samples),
        "inprocess_rss_kb": rss,
        "calls": calls,
        "targets": [(t.name, t.label) for t in targets],
        "http_seconds": http_seconds,
        "http_rounds": http_rounds,
        "notes": [],
        "smoke": args.smoke,
    }
    if not args.no_http:
        http_scenarios = scenarios
        http_targets = targets
        if args.smoke:
            http_scenarios = [s for s in scenarios if s.name == "hello"]
            http_targets = [t for t in targets if t.name in ("flask", "embedded")]
        log(f"timing over HTTP ({'wrk' if loadgen.have_wrk() else 'python load generator'})")
        http, memory, notes = time_http(
            http_scenarios, http_targets, status, references, http_seconds, http_rounds, logdir, args.smoke
        )
        report.update(http=http, memory=memory)
        report["notes"].extend(notes)
    body = render(report)
    print(body)
    if not (args.smoke or args.no_readme):
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=1, default=str))
        write_readme(report, body)
        log(f"wrote {README.relative_to(ROOT)}")
    log("done")
    differs = [(sc, t) for sc, per in status.items() for t, st in per.items() if st[0] in ("differs", "error")]
    if args.strict and differs:
        return 1
    errors = [
        (sc, t)
        for sc, per in status.items()
        for t, st in per.items()
        if st[0] == "error" and base_name(t).split("+")[0] not in COMPAT
    ]
    return 1 if errors else 0


def cli():
    try:
        return main()
    except HarnessError as e:
        print(f"bench: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(cli())
