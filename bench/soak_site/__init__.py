"""The soak run's site (``python -m bench.soak``): one Flask app, served two ways by gunicorn.

* embedded: ``gunicorn bench.soak_site.app:app`` (no Django project: flaskcompat configures Django);
* hosted: ``DJANGO_SETTINGS_MODULE=bench.soak_site.settings gunicorn bench.soak_site.wsgi:application``,
  a startproject-like Django project mounting the app with ``include(mount(app))`` at ``/app/``
  behind SessionMiddleware (database sessions, SQLite), CSRF, authentication and messages.
"""
