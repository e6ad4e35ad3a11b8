"""The demo project: a normal Django project that mounts Flask-style apps beside Django views."""

import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# The legacy Flask project (its own checkout, demo_site/legacy, importable as `taskboard`) runs
# unmodified on real Flask; demo_site/urls.py mounts it with flaskcompat.mount().
sys.path.insert(0, str(BASE_DIR / "demo_site" / "legacy"))

SECRET_KEY = "demo-only-insecure-key-change-me"
# The unmodified legacy app still sets its own SECRET_KEY ("dev"); mounted, its session is Django's,
# signed with Django's key. flaskcompat.W002 says so; silenced until the legacy config is cleaned up.
SILENCED_SYSTEM_CHECKS = ["flaskcompat.W002"]
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
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

ROOT_URLCONF = "demo_site.urls"

TEMPLATES = [
    {
        # Jinja2 for Flask-style apps (and any Django view that wants it).
        "BACKEND": "flaskcompat.templating.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "demo_site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "demo_site.wsgi.application"

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}

# Django's hashers, then the one for the taskboard users imported with their Werkzeug hashes
# (manage.py import_flask_users). It only verifies: at a user's first login Django rehashes the
# password with the first hasher.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "flaskcompat.contrib.hashers.WerkzeugPasswordHasher",
]

# Flask's session round-trips tuples, bytes, Markup, UUIDs and datetimes; so does this serializer.
SESSION_SERIALIZER = "flaskcompat.serializers.FlaskSessionSerializer"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # collectstatic also gathers the static folders of the mounted Flask-style apps.
    "flaskcompat.finders.FlaskStaticFinder",
]

TIME_ZONE = "UTC"  # Django's default is America/Chicago: the logs and the admin would show that
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
