"""A startproject-like Django project around the soak app (``python -m bench.soak`` runs it).

Database sessions on SQLite (the file ``$SOAK_DB``, migrated by the soak run), CSRF, auth and
messages, as ``django-admin startproject`` sets them up.
"""

import os
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = "soak-secret-key-not-for-production"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "flaskcompat",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "bench.soak_site.urls"
WSGI_APPLICATION = "bench.soak_site.wsgi.application"

TEMPLATES = [{"BACKEND": "flaskcompat.templating.Jinja2", "DIRS": [], "APP_DIRS": True, "OPTIONS": {}}]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SOAK_DB", os.path.join(tempfile.gettempdir(), "flaskcompat-soak.sqlite3")),
        # gthread workers write sessions from several threads: take the write lock up front
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
SESSION_SERIALIZER = "flaskcompat.serializers.FlaskSessionSerializer"

# Errors reach gunicorn's log (the soak run counts tracebacks there); 4xx warnings stay quiet.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["stderr"], "level": "ERROR"}},
}

USE_TZ = True
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
