"""gunicorn entry point: ``BENCH_TARGET=flask BENCH_APP=main gunicorn bench.wsgi:application``."""

import os

from bench.targets import build

application = build(os.environ["BENCH_TARGET"], os.environ.get("BENCH_APP", "main"))
