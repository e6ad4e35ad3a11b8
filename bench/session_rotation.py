"""What rotating the session id on a Flask-style write costs, on Django's db session engine.

``python -m bench.session_rotation`` mounts a Flask-style app in a Django project (SQLite file
database, SessionMiddleware, ``django.contrib.sessions.backends.db``) and times, with
``FLASKCOMPAT_ROTATE_SESSION_ON_WRITE`` on and off: a request that writes the session (a counter
incremented: the session arrived with a stored id), and one that only reads it. It prints the
time per request (median of rounds) and the rows the session table gained per request.
``python -m bench.session_rotation /dev/shm`` puts the database on tmpfs (no disk sync).
Numbers go to the README (Mounting ... > Sessions and session fixation).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import django
from django.conf import settings

ROUNDS, PER_ROUND = 15, 200


def configure(database: Path) -> None:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        USE_TZ=True,
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions", "flaskcompat"],
        MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)}},
        SESSION_ENGINE="django.contrib.sessions.backends.db",
        SESSION_SERIALIZER="flaskcompat.serializers.FlaskSessionSerializer",
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    django.setup()


urlpatterns: list = []


def main() -> None:
    with tempfile.TemporaryDirectory(dir=sys.argv[1] if len(sys.argv) > 1 else None) as folder:
        configure(Path(folder) / "sessions.sqlite3")
        from django.contrib.sessions.models import Session
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import include, path

        import flaskcompat

        call_command("migrate", verbosity=0)
        app = flaskcompat.Flask("rotation")

        @app.route("/write")
        def write():
            flaskcompat.session["n"] = flaskcompat.session.get("n", 0) + 1
            return "ok"

        @app.route("/read")
        def read():
            return str(flaskcompat.session.get("n"))

        urlpatterns.append(path("", include(app.urls)))
        cells = [(rotate, url) for rotate in (False, True) for url in ("/write", "/read")]
        clients, wall, cpu, rows, queries = {}, {c: [] for c in cells}, {c: [] for c in cells}, {}, {}
        for cell in cells:
            settings.FLASKCOMPAT_ROTATE_SESSION_ON_WRITE = cell[0]
            clients[cell] = client = Client()
            client.get("/write")  # a stored session to arrive with
            with CaptureQueriesContext(connection) as captured:
                client.get(cell[1])
            queries[cell] = [q["sql"].split()[0] for q in captured.captured_queries]
            rows[cell] = 0
        for _ in range(ROUNDS):  # interleaved: drift on a shared machine hits every cell alike
            for cell in cells:
                settings.FLASKCOMPAT_ROTATE_SESSION_ON_WRITE = cell[0]
                before, start, start_cpu = Session.objects.count(), time.perf_counter(), time.process_time()
                for _ in range(PER_ROUND):
                    clients[cell].get(cell[1])
                wall[cell].append((time.perf_counter() - start) / PER_ROUND * 1e6)
                cpu[cell].append((time.process_time() - start_cpu) / PER_ROUND * 1e6)
                rows[cell] += Session.objects.count() - before
        print(f"db session engine, SQLite file in {folder}; {ROUNDS} rounds x {PER_ROUND} requests, medians")
        print(
            "| rotate on write | request | µs per request (wall) | µs CPU | session rows added per request "
            "| SQL per request |"
        )
        print("|---|---|---|---|---|---|")
        for cell in cells:
            print(
                f"| {cell[0]} | {cell[1][1:]} | {statistics.median(wall[cell]):.0f} "
                f"| {statistics.median(cpu[cell]):.0f} | {rows[cell] / (ROUNDS * PER_ROUND):.2f} "
                f"| {', '.join(queries[cell])} |"
            )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
