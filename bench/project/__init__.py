"""Minimal Django projects for the bench: SessionMiddleware + MessageMiddleware only.

``settings_hosted`` mounts a bench app with ``include(app.urls)``; ``settings_django`` serves
the same scenarios as plain Django views. Both pick the bench app kind from ``BENCH_APP``.
"""
