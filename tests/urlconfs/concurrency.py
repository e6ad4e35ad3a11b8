"""A Django URLconf mounting the app of tests/test_concurrency.py (served through ASGIHandler)."""

import asyncio
import json

from django.urls import include, path

from flaskcompat import Flask, g, request, session, stream_with_context

app = Flask("concurrency")


def snapshot(n):
    """What this request sees; each field must be its own request's."""
    return {
        "n": n,
        "g": g.n,
        "path": request.path,
        "arg": request.args.get("a"),
        "session": session.get("n"),
        "header": request.headers.get("X-N"),
    }


@app.route("/sync/<int:n>")
def sync_view(n):
    g.n = n
    session["n"] = n
    return snapshot(n)


@app.route("/async/<int:n>")
async def async_view(n):
    g.n = n
    session["n"] = n
    for _ in range(3):
        await asyncio.sleep(0)  # let other requests' coroutines run in between
    return snapshot(n)


@app.route("/stream/<int:n>")
def stream_view(n):
    g.n = n
    session["n"] = n

    def generate():  # each chunk is produced in its own executor call under ASGI
        yield "{"
        for key, value in snapshot(n).items():
            yield f'"{key}": {json.dumps(value)}, '
        yield '"end": true}'

    return stream_with_context(generate())


urlpatterns = [path("app/", include(app.urls))]
