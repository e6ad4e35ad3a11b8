"""The soak app: pages, JSON, the session, flash + redirect, forms, uploads, files, streams, 404s.

Written against a ``flask``-shaped module: ``create_app(flaskcompat)`` is the app under test
(``app`` here), ``create_app(flask)`` the control on real Flask 3.1 (:mod:`bench.soak_site.flask_app`).
Every answer can be checked by the load generator (``bench/soak.py``): the counter counts the
client's own requests, the messages page shows the client's own flash, the form and upload
views echo what they received. ``/__soak`` reports the worker's Python heap (allocated blocks
after a collection) for the soak run's before/after snapshots.
"""

from __future__ import annotations

import gc
import hashlib
import sys
from pathlib import Path

ROWS = [{"id": i, "name": f"<row {i}> & friends"} for i in range(20)]
DATA_FILE = Path(__file__).resolve().parent / "static" / "data.txt"


def create_app(flask, secret_key=None):
    app = flask.Flask(__name__)
    if secret_key:
        app.secret_key = secret_key
    request, session = flask.request, flask.session

    @app.route("/")
    def index():
        return flask.render_template("page.html", rows=ROWS)

    @app.route("/api/items")
    def items():
        n = request.args.get("n", 10, type=int)
        return {"n": n, "items": [{"id": i, "name": f"item {i}"} for i in range(n)]}

    @app.route("/api/item/<int:item_id>")
    def item(item_id):
        if item_id >= 100:
            flask.abort(404)  # an error raised through Flask's exception handling
        return {"id": item_id}

    @app.route("/counter")
    def counter():
        session["count"] = session.get("count", 0) + 1
        return {"count": session["count"]}

    @app.post("/flash")
    def do_flash():
        flask.flash(request.form["message"], "info")
        return flask.redirect(flask.url_for("messages"))

    @app.route("/messages")
    def messages():
        return flask.render_template("messages.html", messages=flask.get_flashed_messages(with_categories=True))

    @app.route("/form", methods=["GET", "POST"])
    def form():
        if request.method == "GET":
            return flask.render_template("form.html")
        return {"fields": {k: v for k, v in request.form.items() if k != "csrfmiddlewaretoken"}}

    @app.route("/upload", methods=["POST", "PUT"])
    def upload():
        upload = request.files["file"]
        data = upload.read()
        return {
            "name": upload.filename,
            "size": len(data),
            "sha1": hashlib.sha1(data).hexdigest(),
            "note": request.form.get("note"),
        }

    @app.route("/file")
    def file():
        return flask.send_file(DATA_FILE, mimetype="text/plain")

    @app.route("/stream")
    def stream():
        n = request.args.get("n", 5, type=int)

        def generate():
            for i in range(n):
                yield f"{request.path} chunk {i}\n"

        return flask.stream_with_context(generate())

    @app.route("/whoami")
    def whoami():
        django_request = getattr(request, "django_request", None)  # flaskcompat's
        user = getattr(django_request, "user", None)  # AuthenticationMiddleware's, when hosted
        return {"authenticated": bool(user and user.is_authenticated)}

    @app.route("/__soak")
    def soak_stats():
        gc.collect()
        return {"python_blocks": sys.getallocatedblocks(), "gc_objects": len(gc.get_objects())}

    return app
