"""10,000 requests at once on the real serving paths, with no context cross-talk and nothing left behind.

Each simulated client makes two requests: ``/set/<n>`` stores ``n`` in ``g``, the session and a
flash; ``/get/<n>`` comes back with the cookies of the first answer and reads them. Every request
reports what it saw (``g``, session, flashes, path, query, header), which must be its own client's
and nothing else's, and starts with an empty ``g`` and, on the first request, an empty session
and no flashes. The views pause in the middle (a short sleep, or ``await asyncio.sleep``) so that
many requests are inside Flask's cycle at the same moment.

Serving paths (5,000 + 1,000 + 4,000 = 10,000 requests):

* hosted, WSGI: Django's ``WSGIHandler`` of the test project (the app mounted with
  ``include(app.urls)`` under ``/iso/``, the project's middleware: sessions, CSRF, auth, messages)
  and the app's own WSGI callable (``gunicorn module:app`` in a project), from 16 threads;
* hosted, ASGI: Django's ``ASGIHandler`` on one asyncio loop, up to 64 requests in flight;
  sync, ``async def`` and streamed (``stream_with_context``) views;
* embedded (no Django project, in a fresh interpreter): the app's WSGI callable from 16 threads.

After each request the thread (or task) that served it has no app or request context pushed and
no context variable changed, apart from Django's own ``asgiref.local`` storages (script prefix,
URLconf, language). After the run every request's contexts, ``g``, request, session and Django
request are garbage: nothing holds on to a finished request.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import json
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

import pytest
from django.urls import include, path
from flask.globals import _cv_app, _cv_request
from werkzeug.test import EnvironBuilder

from flaskcompat import Flask, flash, g, get_flashed_messages, request, session, stream_with_context
from flaskcompat.wrappers import DJANGO_REQUEST

THREADS = 16
ASGI_IN_FLIGHT = 64
WAIT = 60  # only keeps a broken build from hanging

app = Flask("context_isolation")  # hosted, Django's SECRET_KEY signs the session (embedded: run_embedded)


class Tracker:
    """Requests inside a view right now (the most at once shows the run overlapped), and weak
    references to every request's objects (all must be dead once the run is over)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.inside = self.most = 0
        self.refs = []

    def enter(self):
        with self.lock:
            self.inside += 1
            self.most = max(self.most, self.inside)

    def leave(self):
        with self.lock:
            self.inside -= 1

    def keep(self, *objects):
        self.refs.extend(weakref.ref(o) for o in objects if o is not None)

    def alive(self):
        gc.collect()
        return [type(o).__name__ for o in (ref() for ref in self.refs) if o is not None]


tracker = Tracker()


@app.before_request
def fresh():
    start = sorted(g)  # another request's g would show here
    g.start = start
    ctx = _cv_request.get()
    tracker.keep(
        ctx, _cv_app.get(), g._get_current_object(), ctx.request, ctx.session, ctx.request.environ.get(DJANGO_REQUEST)
    )
    tracker.enter()


@app.teardown_request
def done(exc):
    tracker.leave()


def snapshot(n):
    """What this request sees; every field must be client ``n``'s."""
    return {
        "g": g.n,
        "g_at_start": g.start,
        "path": request.path,
        "arg": request.args.get("a"),
        "header": request.headers.get("X-N"),
        "session": session.get("n"),
        "flashes": get_flashed_messages(with_categories=True),
    }


def set_state(n):
    g.n = n
    first = {"new_session": sorted(session), "flashes_before": get_flashed_messages()}
    session["n"] = n
    flash(f"flash {n}", f"c{n}")
    return first


@app.route("/set/<int:n>")
def set_view(n):
    first = set_state(n)
    time.sleep(0.001)  # other requests run their whole cycle meanwhile
    return {**first, **snapshot(n)}


@app.route("/aset/<int:n>")
async def async_set_view(n):
    first = set_state(n)
    await asyncio.sleep(0.001)
    return {**first, **snapshot(n)}


@app.route("/get/<int:n>")
def get_view(n):
    g.n = n
    time.sleep(0.001)
    seen = snapshot(n)
    seen["flashes_again"] = get_flashed_messages(with_categories=True)  # kept for this request only
    return seen


@app.route("/aget/<int:n>")
async def async_get_view(n):
    g.n = n
    for _ in range(3):
        await asyncio.sleep(0)
    seen = snapshot(n)
    seen["flashes_again"] = get_flashed_messages(with_categories=True)
    return seen


@app.route("/sget/<int:n>")
def stream_get_view(n):
    """Streamed: under ASGI each chunk is made in its own executor call, with the request context
    pushed again by stream_with_context, while other requests run in between."""
    g.n = n

    def generate():
        yield "{"
        for key, value in snapshot(n).items():
            yield f"{json.dumps(key)}: {json.dumps(value)}, "
        yield f'"flashes_again": {json.dumps(get_flashed_messages(with_categories=True))}}}'

    return stream_with_context(generate())


urlpatterns = [path("iso/", include(app.urls))]  # the URLconf of the hosted tests (pytest.mark.urls)

PREFIX = {"project": "/iso", "app": ""}


def expected_set(n, kind):
    # "flashes": this request's own flash is not among them: it read its (empty) flashes before
    return {
        "new_session": [],
        "flashes_before": [],
        "g": n,
        "g_at_start": [],
        "path": f"/{kind}/{n}",
        "arg": str(n),
        "header": str(n),
        "session": n,
        "flashes": [],
    }


def expected_get(n, kind):
    return {
        "g": n,
        "g_at_start": [],
        "path": f"/{kind}/{n}",
        "arg": str(n),
        "header": str(n),
        "session": n,
        "flashes": [[f"c{n}", f"flash {n}"]],
        "flashes_again": [[f"c{n}", f"flash {n}"]],
    }


def cookie_header(set_cookies):
    jar = SimpleCookie()
    for header in set_cookies:
        jar.load(header)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items() if morsel.value)


def context_changes(before, after):
    """Context variables a request left set or changed in the thread or task that served it
    (Django's asgiref.local storages aside: they hold Django's own per-thread state)."""
    return sorted(
        {
            var.name
            for var in {*before, *after}
            if before.get(var, before) is not after.get(var, after) and var.name != "asgiref.local"
        }
    )


class WSGIClients:
    """Clients over WSGI callables, from a thread pool: ``run(count)`` -> list of problems."""

    def __init__(self, handlers):
        self.handlers = handlers  # name -> (WSGI callable, path prefix)

    def call(self, handler, prefix, path, n, cookie=None):
        if _cv_app.get(None) is not None or _cv_request.get(None) is not None:
            return None, [], [f"{path}: a context was pushed before the request"]
        before = contextvars.copy_context()
        headers = {"X-N": str(n), **({"Cookie": cookie} if cookie else {})}
        environ = EnvironBuilder(path=prefix + path, query_string={"a": n}, headers=headers).get_environ()
        started = []
        result = handler(environ, lambda status, headers, exc_info=None: started.append((status, headers)))
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        problems = []
        if _cv_app.get(None) is not None or _cv_request.get(None) is not None:
            problems.append(f"{path}: a context stayed pushed after the request")
        if changed := context_changes(before, contextvars.copy_context()):
            problems.append(f"{path}: context variables left changed: {changed}")
        status, headers = started[0]
        if not status.startswith("200"):
            problems.append(f"{path}: {status} {body[:300]!r}")
            return None, [], problems
        return json.loads(body), [v for k, v in headers if k.lower() == "set-cookie"], problems

    def client(self, n):
        name = list(self.handlers)[n % len(self.handlers)]
        handler, prefix = self.handlers[name]
        set_kind, get_kind = ("set", "get") if n % 4 < 2 else ("aset", "aget")
        seen, cookies, problems = self.call(handler, prefix, f"/{set_kind}/{n}", n)
        if seen is not None and seen != expected_set(n, set_kind):
            problems.append(f"{name} /{set_kind}/{n} saw {seen}")
        seen, _, more = self.call(handler, prefix, f"/{get_kind}/{n}", n, cookie_header(cookies))
        if seen is not None and seen != expected_get(n, get_kind):
            more.append(f"{name} /{get_kind}/{n} saw {seen}")
        return problems + more

    def run(self, clients):
        with ThreadPoolExecutor(THREADS) as pool:
            return [problem for problems in pool.map(self.client, range(clients)) for problem in problems]


def check_run(problems, requests):
    """The common verdict: no problem, requests overlapped, nothing of any request alive."""
    assert problems == []
    assert tracker.most > 1, "the requests never overlapped: the run proves nothing"
    assert len(tracker.refs) >= 5 * requests  # each request registered its objects
    assert tracker.alive() == []


@pytest.fixture
def fresh_tracker():
    tracker.__init__()
    yield tracker
    tracker.__init__()


@pytest.mark.urls(__name__)
def test_hosted_wsgi_threads(fresh_tracker):
    from django.core.wsgi import get_wsgi_application

    clients = WSGIClients({"project": (get_wsgi_application(), PREFIX["project"]), "app": (app, PREFIX["app"])})
    problems = clients.run(2500)
    check_run(problems, 5000)


async def asgi_call(application, path, n, cookie=None):
    headers = [(b"host", b"localhost"), (b"x-n", str(n).encode())]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": f"a={n}".encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("localhost", 80),
    }
    received = asyncio.Queue()
    await received.put({"type": "http.request", "body": b""})
    sent = []

    async def send(message):
        sent.append(message)

    await asyncio.wait_for(application(scope, received.get, send), WAIT)
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    cookies = [v.decode("latin-1") for k, v in start["headers"] if k.lower() == b"set-cookie"]
    return start["status"], body, cookies


async def asgi_client(application, n, limit):
    set_kind, get_kind = ("set", "get") if n % 3 == 0 else ("aset", "aget") if n % 3 == 1 else ("set", "sget")
    problems: list[str] = []
    cookies: list[str] = []
    async with limit:
        for step, kind in enumerate((set_kind, get_kind)):
            cookie = cookie_header(cookies) if step else None
            before = contextvars.copy_context()
            status, body, cookies = await asgi_call(application, f"/iso/{kind}/{n}", n, cookie)
            if _cv_app.get(None) is not None or _cv_request.get(None) is not None:
                problems.append(f"/{kind}/{n}: a context is pushed in the task after the request")
            if changed := context_changes(before, contextvars.copy_context()):
                problems.append(f"/{kind}/{n}: context variables left changed: {changed}")
            if status != 200:
                problems.append(f"/{kind}/{n}: {status} {body[:300]!r}")
                break
            expected = expected_get(n, kind) if step else expected_set(n, kind)
            if (seen := json.loads(body)) != expected:
                problems.append(f"/{kind}/{n} saw {seen}")
    return problems


@pytest.mark.urls(__name__)
def test_hosted_asgi_asyncio(fresh_tracker):
    from django.core.asgi import get_asgi_application

    application = get_asgi_application()

    async def main():
        limit = asyncio.Semaphore(ASGI_IN_FLIGHT)
        results = await asyncio.gather(*(asgi_client(application, n, limit) for n in range(500)))
        left = (_cv_app.get(None), _cv_request.get(None))
        return [p for problems in results for p in problems], left

    problems, left = asyncio.run(main())
    assert left == (None, None)
    check_run(problems, 1000)


def run_embedded(clients):
    """Entry point of the embedded run (a fresh interpreter without a Django project)."""
    from flaskcompat import embedded

    assert embedded.is_embedded()
    app.secret_key = "context-isolation"  # Flask's own cookie session
    tracker.__init__()
    problems = WSGIClients({"app": (app, PREFIX["app"])}).run(clients)
    return {"problems": problems, "most": tracker.most, "refs": len(tracker.refs), "alive": tracker.alive()}


def test_embedded_threads():
    from .subprocesses import run_python

    out = run_python("""
        import json
        from tests.test_context_isolation import run_embedded
        print(json.dumps(run_embedded(2000)))
    """)
    result = json.loads(out.strip().splitlines()[-1])
    assert result["problems"] == []
    assert result["most"] > 1, "the requests never overlapped: the run proves nothing"
    assert result["refs"] >= 4 * 4000  # embedded: no Django request behind the Flask one
    assert result["alive"] == []
