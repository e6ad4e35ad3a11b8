"""Isolation: many requests at once, each seeing only its own request, session and ``g``, and no
context left pushed after a request, under a threaded WSGI server, reused worker threads, Django's
ASGIHandler and plain asyncio tasks. Barriers make the requests overlap for real; the timeouts
only keep a broken build from hanging."""

from __future__ import annotations

import asyncio
import http.client
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

import pytest
from asgiref.testing import ApplicationCommunicator
from django.core.asgi import get_asgi_application
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from flask.globals import _cv_app, _cv_request
from flask.testing import EnvironBuilder

from flaskcompat import Flask, copy_current_request_context, g, request, session

N = 24
WAIT = 60


def make_app(barrier):
    app = Flask("isolation")
    app.secret_key = "isolation"

    def snapshot(n):
        return {
            "n": n,
            "g": g.n,
            "path": request.path,
            "arg": request.args["a"],
            "session": session.get("n"),
            "header": request.headers.get("X-N"),
        }

    @app.route("/login/<int:n>")
    def login(n):
        session["n"] = n
        return "in"

    @app.route("/sync/<int:n>")
    def sync_view(n):
        g.n = n
        barrier.wait(WAIT)  # every request is inside its view, with its context pushed, at once
        return snapshot(n)

    @app.route("/async/<int:n>")
    async def async_view(n):
        g.n = n
        await asyncio.to_thread(barrier.wait, WAIT)
        await asyncio.sleep(0)
        return snapshot(n)

    @app.route("/spawn/<int:n>")
    def spawn(n):
        seen = []

        @copy_current_request_context
        def job():
            g.n = n  # the copy runs in an app context of its own, as in Flask
            barrier.wait(WAIT)
            seen.append(snapshot(n))

        worker = threading.Thread(target=job)
        worker.start()
        worker.join()
        return seen[0]

    return app


def expected(n):
    return {"n": n, "g": n, "path": f"/{n}", "arg": str(n), "session": n, "header": str(n)}


def checked(app, leftovers):
    """The app as a WSGI callable that records what is still pushed once a response is sent."""

    def application(environ, start_response):
        result = app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()
        leftovers.append((_cv_app.get(None), _cv_request.get(None)))
        return [body]

    return application


@pytest.fixture
def server():
    """A threaded WSGI server (Django's runserver's) for one app; yields ``serve(app) -> port``."""
    servers = []

    def serve(application):
        httpd = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=True)
        httpd.set_app(application)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return httpd.server_address[1]

    yield serve
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def fetch(port, path, cookie=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    n = path.rsplit("/", 1)[1]
    headers = {"X-N": n, **({"Cookie": cookie} if cookie else {})}
    connection.request("GET", f"{path}?a={n}", headers=headers)
    response = connection.getresponse()
    body = response.read()
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or ():
        cookies.load(header)
    connection.close()
    assert response.status == 200, body
    return body, "; ".join(f"{k}={m.value}" for k, m in cookies.items())


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sync", "async", "spawn"])
def test_threaded_server_isolates_concurrent_requests(server, kind):
    barrier = threading.Barrier(N)
    leftovers = []
    port = server(checked(make_app(barrier), leftovers))
    with ThreadPoolExecutor(N) as pool:
        cookies = list(pool.map(lambda n: fetch(port, f"/login/{n}")[1], range(N)))
        answers = list(pool.map(lambda n: json.loads(fetch(port, f"/{kind}/{n}", cookies[n])[0]), range(N)))
    for n, answer in enumerate(answers):
        assert answer == {**expected(n), "path": f"/{kind}/{n}"}
    assert leftovers == [(None, None)] * (2 * N)


def test_reused_worker_threads_start_every_request_clean():
    """Few threads, many requests: a context left pushed would show in the next request of a thread."""
    app = Flask("reused")
    seen_before = []

    @app.before_request
    def before():
        seen_before.append(_cv_request.get(None).request.path)

    @app.route("/<int:n>")
    def view(n):
        g.setdefault("calls", []).append(n)
        return {"calls": g.calls, "path": request.path}

    def call(n):
        assert _cv_app.get(None) is None and _cv_request.get(None) is None
        environ = EnvironBuilder(app, f"/{n}").get_environ()
        status = []
        body = b"".join(app(environ, lambda s, h, exc_info=None: status.append(s)))
        assert _cv_app.get(None) is None and _cv_request.get(None) is None
        return status[0], json.loads(body)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(call, range(200)))
    assert results == [("200 OK", {"calls": [n], "path": f"/{n}"}) for n in range(200)]
    assert sorted(seen_before) == sorted(f"/{n}" for n in range(200))


async def asgi_get(application, path, query):
    n = path.rsplit("/", 1)[1]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"x-n", n.encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("localhost", 80),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(WAIT)
    body = b""
    while True:
        message = await communicator.receive_output(WAIT)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await communicator.wait(WAIT)
    return start["status"], json.loads(body)


@pytest.mark.urls("tests.urlconfs.concurrency")
@pytest.mark.parametrize("kind", ["sync", "async", "stream"])
def test_asgi_isolates_concurrent_requests(kind):
    """Django's ASGIHandler with the app mounted by include(). The app's dispatch is a sync Django view,
    so Django runs it (and an async view through it) on its thread-sensitive executor while the
    requests interleave in the handler on the event loop. A streamed body is produced chunk by chunk,
    each in another Context, with its request context pushed by stream_with_context."""
    application = get_asgi_application()

    async def main():
        answers = await asyncio.gather(*(asgi_get(application, f"/app/{kind}/{n}", f"a={n}") for n in range(N)))
        return answers, _cv_app.get(None), _cv_request.get(None)

    answers, app_left, request_left = asyncio.run(main())
    assert (app_left, request_left) == (None, None)
    for n, (status, answer) in enumerate(answers):
        answer.pop("end", None)
        assert status == 200 and answer == {**expected(n), "path": f"/{kind}/{n}"}  # below the mount


def test_asyncio_tasks_each_have_their_own_contexts():
    app = Flask("tasks")

    async def task(n):
        with app.test_request_context(f"/{n}", query_string={"a": n}):
            g.n = n
            for _ in range(5):
                await asyncio.sleep(0)
                assert (request.path, request.args["a"], g.n) == (f"/{n}", str(n), n)
        return _cv_request.get(None)

    async def main():
        left = await asyncio.gather(*(task(n) for n in range(N)))
        return left, _cv_request.get(None), _cv_app.get(None)

    assert asyncio.run(main()) == ([None] * N, None, None)
