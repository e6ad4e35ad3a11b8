"""Soak run: gunicorn (sync and gthread workers) serving flaskcompat embedded and hosted under a mixed load.

``python -m bench.soak --seconds 60`` runs, for each app and worker class, one gunicorn worker
(``--workers 1``; gthread with ``--threads 4``) serving ``bench/soak_site``:

* ``flask``: the control, the same app on real Flask 3.1 (``bench.soak_site.flask_app:app``);
* ``embedded``: flaskcompat with no Django project (``gunicorn bench.soak_site.app:app``);
* ``hosted``: the startproject-like project ``bench.soak_site.settings`` mounting the app with
  ``include(mount(app))`` behind Security, Session (database sessions on SQLite), Common, CSRF,
  Auth, Messages and XFrame middleware (``gunicorn bench.soak_site.wsgi:application``).

The load generator is bounded: ``--clients`` processes, each one virtual user with its own
cookies sending one request at a time (a closed loop: the server is never more than that many
requests behind). A user repeats a visit of pages, JSON, a session counter, a form with its CSRF
token (hosted: also one without, which must get 403), flash + redirect + the messages page,
8 kB and 700 kB multipart POSTs, 3 MB multipart PUTs, ``send_file``, a stream, a static file and
404s (the app's, and hosted also Django's). Every status is checked, and every body that can be
(the counter counts the user's own requests, the messages page shows the user's own flash,
uploads come back with their SHA-1).

Per run: a warm-up, then the load in two halves; the worker is measured idle before, between
and after them (RSS, open descriptors, threads from ``/proc``; the Python heap, allocated blocks
after a collection, from the app's ``/__soak``), and every 2 s under load. A run passes with no
unexpected status, wrong body, connection error, server log error or worker restart, descriptors
and threads back to their count, and flat memory over the second half (``FLAT_RSS_KB``,
``FLAT_BLOCKS``).

``--malloc pinned`` (the default) starts gunicorn with ``MALLOC_MMAP_THRESHOLD_=131072``: glibc
then gives every buffer over 128 kB back when it is freed. With glibc's default (``--malloc
glibc``) the threshold follows the largest buffer freed so far, so after the 700 kB and 3 MB
uploads their buffers are carved from the heap and its arenas, and RSS creeps up by 1 MB steps,
on real Flask as on flaskcompat, while the Python heap stays flat; that mode reports RSS without
judging it. ``--malloc both`` runs both.

``--readme`` writes the tables as the ``## Soak run`` section of bench/README.md; the raw data
goes to ``bench/results/soak.json``. Not part of CI.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import http.client
import json
import multiprocessing
import os
import random
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from http.cookies import CookieError, SimpleCookie
from pathlib import Path

from bench.run import _free_port, environment

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
README = BENCH / "README.md"
RESULTS = BENCH / "results" / "soak.json"
SECTION = "## Soak run"

TARGETS = {
    "flask": {"label": "Flask 3.1 (control)", "app": "bench.soak_site.flask_app:app", "prefix": "", "settings": None},
    "embedded": {"label": "flaskcompat embedded", "app": "bench.soak_site.app:app", "prefix": "", "settings": None},
    "hosted": {
        "label": "flaskcompat hosted",
        "app": "bench.soak_site.wsgi:application",
        "prefix": "/app",
        "settings": "bench.soak_site.settings",
    },
}
WORKERS = ("sync", "gthread")
MALLOC = {"pinned": {"MALLOC_MMAP_THRESHOLD_": "131072"}, "glibc": {}}
FILE_SIZE = (BENCH / "soak_site" / "static" / "data.txt").stat().st_size
#: Flat memory: over the second half of the load (idle worker before and after it), RSS grows by
#: at most FLAT_RSS_KB (judged with --malloc pinned only) and the Python heap by at most
#: FLAT_BLOCKS allocated blocks, what the bounded caches that unique request data fills can hold
#: (re's 512 compiled patterns: Werkzeug compiles two per multipart boundary; urlsplit's 128 URLs).
#: A leak of one block per request exceeds it in any run of more than a few thousand requests.
FLAT_RSS_KB = 1024
FLAT_BLOCKS = 3000


# -- the worker process ---------------------------------------------------------------------------


def proc_stats(pid):
    """RSS (kB), thread count and open descriptors (with their kinds) of process ``pid``."""
    stats = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                stats["rss_kb"] = int(line.split()[1])
            elif line.startswith("Threads:"):
                stats["threads"] = int(line.split()[1])
    kinds = Counter()
    fd_dir = f"/proc/{pid}/fd"
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(f"{fd_dir}/{fd}")
        except OSError:  # closed meanwhile
            continue
        kind = target.split(":", 1)[0] if target.startswith(("socket:", "pipe:", "anon_inode:")) else "file"
        kinds[kind + (" (deleted)" if target.endswith("(deleted)") else "")] += 1
    stats["fds"] = sum(kinds.values())
    stats["fd_kinds"] = dict(sorted(kinds.items()))
    return stats


class Gunicorn:
    """A gunicorn master with one worker on 127.0.0.1, stopped by its PID."""

    def __init__(self, target, worker_class, threads, malloc, logdir, db):
        self.target, self.worker_class = target, worker_class
        self.port = _free_port()
        self.log_path = Path(logdir) / f"gunicorn-{target}-{worker_class}-{malloc}.log"
        spec = TARGETS[target]
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH") and not k.startswith("MALLOC_")
        }
        env["PYTHONPATH"] = str(ROOT)
        env.update(MALLOC[malloc])
        if spec["settings"]:
            env.update(DJANGO_SETTINGS_MODULE=spec["settings"], SOAK_DB=db)
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--worker-class",
            worker_class,
            *(["--threads", str(threads)] if worker_class == "gthread" else []),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            "--graceful-timeout",
            "5",
            spec["app"],
        ]
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(self.command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def worker_pids(self):
        try:
            with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children") as f:
                return sorted(int(p) for p in f.read().split())
        except OSError:
            return []

    def get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", TARGETS[self.target]["prefix"] + path, headers={"Connection": "close"})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def wait_ready(self, timeout=60):
        """The worker's PID once it answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn {self.target}/{self.worker_class} exited:\n{self.log_path.read_text()}")
            try:
                if self.get("/api/items?n=1")[0] == 200 and len(pids := self.worker_pids()) == 1:
                    return pids[0]
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn {self.target}/{self.worker_class} did not start:\n{self.log_path.read_text()}")

    def snapshot(self, pid):
        """The idle worker: /proc first, then its Python heap (``/__soak``, which collects first)."""
        if not os.path.exists(f"/proc/{pid}"):
            return None
        stats = proc_stats(pid)
        stats["python_blocks"] = json.loads(self.get("/__soak")[1])["python_blocks"]
        return stats

    def stop(self):
        workers = self.worker_pids()
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        for pid in workers:  # the master reaps its worker; make sure, by PID
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.log.close()

    def log_errors(self):
        """Tracebacks and gunicorn errors (worker timeouts, crashes) in the server's log."""
        text = self.log_path.read_text(errors="replace")
        lines = [
            line
            for line in text.splitlines()
            if line.startswith("Traceback") or "[ERROR]" in line or "[CRITICAL]" in line
        ]
        return len(lines), lines[:5]


# -- the load generator: one virtual user per process ------------------------------------------

TOKEN_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class User:
    """A browser-like user: its own cookies, one keep-alive connection, every answer checked."""

    def __init__(self, port, target, uid, seed):
        self.port, self.uid = port, uid
        self.prefix = TARGETS[target]["prefix"]
        self.hosted = target == "hosted"
        self.rng = random.Random(seed)
        self.connection = None
        self.cookies = {}
        self.count = 0
        self.token = ""
        self.statuses = Counter()
        self.requests = self.connection_errors = self.unexpected = self.wrong = 0
        self.samples = []  # the first few failures, for the report
        self.payloads = {size: self.rng.randbytes(size) for size in (8 * 1024, 700 * 1024, 3 * 1024 * 1024)}

    # HTTP ---------------------------------------------------------------------------------------

    def send(self, method, path, body=b"", headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request(method, self.prefix + path, body=body or None, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as e:
            self.connection_errors += 1
            self._sample(f"{method} {path}: {type(e).__name__}: {e}")
            self.close()
            return None, None, b""
        if response.will_close:
            self.close()
        self.requests += 1
        self.statuses[response.status] += 1
        for header in response.headers.get_all("Set-Cookie") or ():
            self._store_cookie(header)
        return response.status, response.headers, data

    def _store_cookie(self, header):
        jar = SimpleCookie()
        try:
            jar.load(header)
        except CookieError:
            self._sample(f"unparsable Set-Cookie {header!r}")
            return
        for name, morsel in jar.items():
            if morsel.value == "" or morsel["max-age"] == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.coded_value

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _sample(self, text):
        if len(self.samples) < 5:
            self.samples.append(f"user {self.uid}: {text}")

    def check(self, method, path, status, body_ok=None, body=b"", headers=None):
        """One request; counts an unexpected status or a wrong body. Returns the answer's body."""
        got, response_headers, data = self.send(method, path, body, headers)
        if got is None:
            return None
        if got != status:
            self.unexpected += 1
            self._sample(f"{method} {path}: {got}, expected {status}: {data[:200]!r}")
            return None
        if body_ok is not None:
            try:
                ok = body_ok(data, response_headers)
            except Exception as e:  # a body that does not even parse is a wrong body
                ok = False
                data += f" ({type(e).__name__}: {e})".encode()
            if not ok:
                self.wrong += 1
                self._sample(f"{method} {path}: wrong body {data[:200]!r}")
                return None
        return data

    # the visit ------------------------------------------------------------------------------

    def form_body(self, fields):
        if self.hosted:
            fields = {**fields, "csrfmiddlewaretoken": self.token}
        return "&".join(f"{k}={v}" for k, v in fields.items()).encode()

    def multipart(self, size, note, token=True):
        boundary = f"soak{self.rng.getrandbits(64):016x}"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n{note}\r\n'.encode()]
        if self.hosted and token:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f"{self.token}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="f{size}.bin"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        parts.append(self.payloads[size])
        parts.append(f"\r\n--{boundary}--\r\n".encode())
        return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}

    def upload(self, method, size, i):
        note = f"u{self.uid}-{i}"
        body, headers = self.multipart(size, note, token=method == "POST")
        if self.hosted and method != "POST":
            headers["X-CSRFToken"] = self.token  # Django reads a PUT's token from the header
        digest = hashlib.sha1(self.payloads[size]).hexdigest()
        self.check(
            method,
            "/upload",
            200,
            lambda b, h: json.loads(b) == {"name": f"f{size}.bin", "size": size, "sha1": digest, "note": note},
            body,
            headers,
        )

    def visit(self, i):
        form_type = {"Content-Type": "application/x-www-form-urlencoded"}
        self.check("GET", "/", 200, lambda b, h: b"<h1>Rows</h1>" in b and b"&lt;row 19&gt; &amp; friends" in b)
        n = i % 50
        self.check("GET", f"/api/items?n={n}", 200, lambda b, h: len(json.loads(b)["items"]) == n)
        item = self.rng.randrange(120)
        self.check("GET", f"/api/item/{item}", 200 if item < 100 else 404)
        self.count += 1
        self.check("GET", "/counter", 200, lambda b, h: json.loads(b) == {"count": self.count})
        page = self.check("GET", "/form", 200, lambda b, h: b"<form" in b and (not self.hosted or TOKEN_RE.search(b)))
        if page is not None and self.hosted:
            self.token = TOKEN_RE.search(page).group(1).decode()
        fields = {"title": f"t{self.uid}-{i}", "body": "a+%26+b"}
        self.check(
            "POST",
            "/form",
            200,
            lambda b, h: json.loads(b) == {"fields": {"title": f"t{self.uid}-{i}", "body": "a & b"}},
            self.form_body(fields),
            form_type,
        )
        if self.hosted:  # no token: Django's CSRF check refuses it
            self.check("POST", "/form", 403, None, b"title=x", form_type)
        message = f"m{self.uid}-{i}"
        self.check(
            "POST",
            "/flash",
            302,
            lambda b, h: h["Location"].endswith(f"{self.prefix}/messages"),
            self.form_body({"message": message}),
            form_type,
        )
        self.check(
            "GET",
            "/messages",
            200,
            lambda b, h: f'<li class="info">{message}</li>'.encode() in b and b.count(b"<li ") == 1,
        )
        self.upload("POST", 8 * 1024, i)
        if i % 10 == 0:
            self.upload("POST", 700 * 1024, i)  # spooled to a temporary file by the parser
        if i % 25 == 0:
            self.upload("PUT", 3 * 1024 * 1024, i)
        self.check("GET", "/file", 200, lambda b, h: len(b) == FILE_SIZE)
        self.check("GET", "/stream?n=5", 200, lambda b, h: b.count(b"chunk") == 5)
        self.check("GET", "/static/style.css", 200, lambda b, h: b.startswith(b"body"))
        self.check("GET", f"/missing/{i}", 404)
        if self.hosted:
            self.send_outside_app(i)
        self.check("GET", "/whoami", 200, lambda b, h: json.loads(b) == {"authenticated": False})

    def send_outside_app(self, i):
        prefix, self.prefix = self.prefix, ""
        try:
            self.check("GET", f"/nowhere/{i}", 404)  # Django's own 404, outside the mounted app
        finally:
            self.prefix = prefix

    def report(self):
        return {
            "requests": self.requests,
            "statuses": dict(self.statuses),
            "unexpected": self.unexpected,
            "wrong": self.wrong,
            "connection_errors": self.connection_errors,
            "samples": self.samples,
        }


def _user_process(port, target, uid, seed, deadline, queue):
    user = User(port, target, uid, seed)
    i = 0
    while time.time() < deadline:
        user.visit(i)
        i += 1
    user.close()
    queue.put(user.report())


def start_load(port, target, clients, seconds, seed):
    """Start ``clients`` users for ``seconds``; returns a function that waits and sums their reports."""
    queue = multiprocessing.Queue()
    deadline = time.time() + seconds
    procs = [
        multiprocessing.Process(target=_user_process, args=(port, target, uid, seed * 1000 + uid, deadline, queue))
        for uid in range(clients)
    ]
    for p in procs:
        p.start()

    def finish():
        reports = [queue.get(timeout=seconds + 120) for _ in procs]
        for p in procs:
            p.join()
        total = {
            "requests": 0,
            "statuses": Counter(),
            "unexpected": 0,
            "wrong": 0,
            "connection_errors": 0,
            "samples": [],
        }
        for r in reports:
            for key in ("requests", "unexpected", "wrong", "connection_errors"):
                total[key] += r[key]
            total["statuses"].update({int(k): v for k, v in r["statuses"].items()})
            total["samples"] += r["samples"]
        total["statuses"] = dict(sorted(total["statuses"].items()))
        return total

    return finish


# -- one run -------------------------------------------------------------------------------------


def log(message):
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load_phase(server, pid, args, seconds, seed, samples, t0):
    """``seconds`` of load, sampling the worker every 2 s into ``samples``; returns the users' totals."""
    finish = start_load(server.port, server.target, args.clients, seconds, seed)
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(2.0, left))
        if os.path.exists(f"/proc/{pid}"):
            samples.append({"t": round(time.monotonic() - t0, 1), **proc_stats(pid)})
    return finish()


def add_loads(a, b):
    total = {key: a[key] + b[key] for key in ("requests", "unexpected", "wrong", "connection_errors")}
    total["statuses"] = dict(sorted((Counter(a["statuses"]) + Counter(b["statuses"])).items()))
    total["samples"] = (a["samples"] + b["samples"])[:10]
    return total


def soak(target, worker_class, malloc, args, logdir, db):
    server = Gunicorn(target, worker_class, args.threads, malloc, logdir, db)
    try:
        pid = server.wait_ready()
        started = proc_stats(pid)
        log(f"{target}/{worker_class}/{malloc}: worker {pid} on port {server.port}; warm-up {args.warmup:g} s")
        warm = start_load(server.port, target, args.clients, args.warmup, args.seed)()
        time.sleep(args.idle)  # keep-alive connections closed, the worker idle
        before = server.snapshot(pid)
        log(f"{target}/{worker_class}/{malloc}: load 2 x {args.seconds / 2:g} s, {args.clients} users")
        samples, t0 = [], time.monotonic()
        first = load_phase(server, pid, args, args.seconds / 2, args.seed + 1, samples, t0)
        time.sleep(args.idle)
        middle = server.snapshot(pid)
        second = load_phase(server, pid, args, args.seconds / 2, args.seed + 2, samples, t0)
        time.sleep(args.idle)
        after = server.snapshot(pid)
        restarts = len(set(server.worker_pids()) - {pid})
    finally:
        server.stop()
    log_count, log_lines = server.log_errors()
    run = {
        "target": target,
        "worker": worker_class,
        "malloc": malloc,
        "command": shlex.join(server.command[2:]),
        "malloc_env": MALLOC[malloc],
        "seconds": args.seconds,
        "warmup": warm,
        "load": add_loads(first, second),
        "first_half": first,
        "second_half": second,
        "worker_pid": pid,
        "started": started,
        "before": before,
        "middle": middle,
        "after": after,
        "samples": samples,
        "worker_restarts": restarts,
        "log_errors": log_count,
        "log_samples": log_lines,
        "log": str(server.log_path),
    }
    run["verdict"] = verdict(run)
    return run


def verdict(run):
    """What failed (an empty list: the run passes)."""
    problems = []
    load, warm = run["load"], run["warmup"]
    for key, label in (
        ("unexpected", "unexpected statuses"),
        ("wrong", "wrong bodies"),
        ("connection_errors", "connection errors"),
    ):
        if load[key] or warm[key]:
            problems.append(f"{load[key] + warm[key]} {label}")
    if run["log_errors"]:
        problems.append(f"{run['log_errors']} errors in the server log")
    if run["worker_restarts"]:
        problems.append(f"{run['worker_restarts']} worker restarts")
    before, middle, after = run["before"], run["middle"], run["after"]
    if after is None or middle is None:
        return problems + ["the worker died"]
    for key in ("fds", "threads"):
        if not before[key] == middle[key] == after[key]:
            problems.append(
                f"{key} {before[key]} -> {middle[key]} -> {after[key]}"
                + (f" ({before['fd_kinds']} -> {after['fd_kinds']})" if key == "fds" else "")
            )
    if after["python_blocks"] - middle["python_blocks"] > FLAT_BLOCKS:
        problems.append(
            f"Python heap grew by {after['python_blocks'] - middle['python_blocks']} blocks over the second half"
        )
    if run["malloc"] == "pinned" and after["rss_kb"] - middle["rss_kb"] > FLAT_RSS_KB:
        problems.append(f"RSS grew by {(after['rss_kb'] - middle['rss_kb']) / 1024:.1f} MB over the second half")
    return problems


# -- report --------------------------------------------------------------------------------------


def _mb(kb):
    return f"{kb / 1024:.1f}"


def _row(run):
    load, before, middle, after = run["load"], run["before"], run["middle"] or {}, run["after"] or {}
    statuses = ", ".join(f"{code}: {count}" for code, count in load["statuses"].items())
    failures = (
        f"{load['unexpected']} / {load['wrong']} / {load['connection_errors']} / {run['log_errors']} / "
        f"{run['worker_restarts']}"
    )
    rss = (
        f"{_mb(before['rss_kb'])} → {_mb(middle.get('rss_kb', 0))} → {_mb(after.get('rss_kb', 0))} "
        f"({(after.get('rss_kb', 0) - middle.get('rss_kb', 0)) / 1024:+.1f})"
    )
    blocks = (
        f"{before['python_blocks']} → {middle.get('python_blocks', '–')} → {after.get('python_blocks', '–')} "
        f"({after.get('python_blocks', 0) - middle.get('python_blocks', 0):+d})"
    )
    peak = max((s["rss_kb"] for s in run["samples"]), default=0)
    result = "pass" if not run["verdict"] else "FAIL: " + "; ".join(run["verdict"])
    return (
        f"| {TARGETS[run['target']]['label']} | {run['worker']} | {load['requests']} "
        f"({load['requests'] / run['seconds']:.0f}/s) | {statuses} | {failures} | {rss} | {_mb(peak)} | "
        f"{blocks} | {before['fds']} → {middle.get('fds', '–')} → {after.get('fds', '–')} | "
        f"{before['threads']} → {middle.get('threads', '–')} → {after.get('threads', '–')} | {result} |"
    )


def render(report):
    env = report["environment"]
    lines = [
        SECTION,
        "",
        f"Made by `{report['command']}` on {report['date']}, commit {env['commit']} ({env['python']}, "
        f"Django {env['django']}, Flask {env['flask']}, gunicorn {report['gunicorn']}, {env['cpus']} CPUs, "
        "a machine shared with other jobs: read the request counts as load, not speed).",
        "",
        "Each run: one gunicorn worker (gthread: `--threads "
        f"{report['threads']}`), a {report['warmup']:g}-s warm-up, then {report['seconds']:g} s of load in two "
        f"halves, from {report['clients']} virtual users, each in its own process with its own cookies and one "
        "request in flight (a closed loop: the server is never more than that many requests behind). A "
        "user's visit: a template page, JSON, a 404 raised by `abort()`, a session counter, a form page and "
        "its POST with the CSRF token (hosted: also one without, which must get 403), flash + redirect + the "
        "messages page, an 8 kB multipart POST, every 10th visit a 700 kB one (spooled to a temporary "
        "file), every 25th a 3 MB multipart PUT, `send_file`, a `stream_with_context` stream, a static "
        "file and the app's 404 (hosted: also Django's, outside the mount). Every status is checked, and "
        "every body that can be: the counter counts the user's own requests, the messages page shows the "
        "user's own flash and nothing else, forms and uploads come back as sent (SHA-1).",
        "",
        "**Flask 3.1 (control)**: the same app (`bench/soak_site/views.py`) on real Flask. **flaskcompat "
        "embedded**: `gunicorn bench.soak_site.app:app`, no Django project. **flaskcompat hosted**: "
        "`bench/soak_site`, a startproject-like project (Security, Session with database sessions on "
        "SQLite, Common, CSRF, Auth, Messages, XFrame middleware) mounting the app with "
        "`include(mount(app))` at `/app/`. The worker is measured idle before the load, between its halves "
        "and after it (before → middle → after): RSS, open descriptors and threads from `/proc`, and the "
        "Python heap (`sys.getallocatedblocks()` after `gc.collect()`, from the app's `/__soak`); the "
        "change over the second half is in parentheses; *peak* is the highest RSS sampled under load "
        "(every 2 s). Failures: unexpected statuses / wrong bodies / connection errors / server log errors "
        "/ worker restarts, warm-up included.",
        "",
    ]
    header = (
        "| app | worker | requests | statuses | failures | RSS MB | peak RSS MB | Python heap (blocks) | "
        "FDs | threads | result |\n|---|---|---|---|---|---|---|---|---|---|---|"
    )
    titles = {
        "pinned": "### glibc with a fixed mmap threshold (`MALLOC_MMAP_THRESHOLD_=131072`, the default run)",
        "glibc": "### glibc's default allocator settings",
    }
    for malloc in ("pinned", "glibc"):
        runs = [run for run in report["runs"] if run["malloc"] == malloc]
        if not runs:
            continue
        lines += [titles[malloc], "", header, *map(_row, runs), ""]
    lines += [
        f"A run passes when nothing failed, descriptors and threads are the same at the three idle "
        f"points, and memory is flat over the second half: the Python heap within {FLAT_BLOCKS} blocks "
        "(what the bounded caches that unique request data fills can hold: `re`'s 512 compiled patterns, "
        "two per multipart boundary in Werkzeug's parser, and `urlsplit`'s 128 URLs; a leak of one block "
        f"per request is larger) and, with the fixed mmap threshold, RSS within {FLAT_RSS_KB // 1024} MB.",
        "",
        "Why two allocator settings: with glibc's defaults the mmap threshold rises to the largest buffer "
        "freed so far, so after the first 700 kB and 3 MB uploads their buffers come from the heap and the "
        "threads' arenas instead of `mmap`, and freed memory is not returned: RSS creeps up in 1 MB steps "
        "under uploads, on real Flask as on flaskcompat, while the Python heap stays flat (no object is "
        "kept). With the threshold fixed at 128 kB, large buffers are unmapped when freed and RSS is a "
        "leak signal again. A deployment that takes large uploads may want the same setting (or "
        "`MALLOC_ARENA_MAX=2`).",
        "",
        "Rerun: `python -m bench.soak --seconds 60 --malloc both --readme` (about "
        f"{round(len(report['runs']) * (report['seconds'] + report['warmup'] + 3 * report['idle'] + 8) / 60)} "
        "minutes; `--malloc pinned`, the default, halves it; `--help` for the rest). Raw data, with the "
        "samples: `bench/results/soak.json`. Not run in CI.",
    ]
    return "\n".join(lines) + "\n"


def write_readme(section):
    """Put ``section`` in bench/README.md in place of its ``## Soak run`` section (else at the end)."""
    text = README.read_text() if README.exists() else ""
    start = text.find("\n" + SECTION + "\n")
    if start == -1:
        README.write_text(text.rstrip("\n") + "\n\n" + section)
        return
    end = text.find("\n## ", start + 1)
    README.write_text(text[: start + 1] + section + ("" if end == -1 else text[end:]))


def gunicorn_version():
    try:
        from importlib.metadata import version

        return version("gunicorn")
    except Exception:
        return "?"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="load per run, in two halves (default 60)")
    parser.add_argument("--warmup", type=float, default=10, help="load before the first snapshot (default 10)")
    parser.add_argument("--idle", type=float, default=3, help="idle wait before each snapshot (default 3)")
    parser.add_argument("--clients", type=int, default=4, help="virtual users, one process each (default 4)")
    parser.add_argument("--threads", type=int, default=4, help="threads of the gthread worker (default 4)")
    parser.add_argument("--targets", default=",".join(TARGETS), help="default: " + ",".join(TARGETS))
    parser.add_argument("--worker-classes", default=",".join(WORKERS), help="default: " + ",".join(WORKERS))
    parser.add_argument(
        "--malloc",
        choices=("pinned", "glibc", "both"),
        default="pinned",
        help="glibc mmap threshold: fixed at 128 kB (default), glibc's default, or both",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--readme", action="store_true", help="write the tables into bench/README.md")
    args = parser.parse_args(argv)
    targets, worker_classes = args.targets.split(","), args.worker_classes.split(",")
    mallocs = ("pinned", "glibc") if args.malloc == "both" else (args.malloc,)

    runs, started = [], environment()
    with tempfile.TemporaryDirectory(prefix="flaskcompat-soak-") as tmp:
        db = str(Path(tmp) / "soak.sqlite3")
        if "hosted" in targets:
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "DJANGO_SETTINGS_MODULE": "bench.soak_site.settings",
                "SOAK_DB": db,
            }
            subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        for malloc in mallocs:
            for target in targets:
                for worker_class in worker_classes:
                    run = soak(target, worker_class, malloc, args, tmp, db)
                    log(
                        f"{target}/{worker_class}/{malloc}: {run['load']['requests']} requests, "
                        f"{'pass' if not run['verdict'] else 'FAIL: ' + '; '.join(run['verdict'])}"
                    )
                    for line in run["load"]["samples"] + run["warmup"]["samples"] + run["log_samples"]:
                        log(f"  {line}")
                    runs.append(run)
    env = environment()
    if env["commit"] != started["commit"]:  # the checkout changed during the run
        env["commit"] = f"{started['commit']} at the start, {env['commit']} at the end"
    report = {
        "command": shlex.join(["python", "-m", "bench.soak", *(sys.argv[1:] if argv is None else argv)]),
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "environment": env,
        "gunicorn": gunicorn_version(),
        "seconds": args.seconds,
        "warmup": args.warmup,
        "idle": args.idle,
        "clients": args.clients,
        "threads": args.threads,
        "runs": runs,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1, default=str) + "\n")
    section = render(report)
    print(section)
    if args.readme:
        write_readme(section)
    return 0 if all(not run["verdict"] for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
