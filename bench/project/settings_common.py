"""What both bench projects share: the middleware and session setup of flaskcompat's embedded mode."""

from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "bench-secret-key-not-for-production"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
DATABASES = {}
# Flask's session: a signed cookie named "session", browser-session lifetime, no SameSite.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_NAME = "session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = None
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
USE_TZ = True
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# What ``django-admin startproject`` enables, for the "+startproject" targets.
STARTPROJECT_APPS = ["django.contrib.auth", "django.contrib.contenttypes"]
STARTPROJECT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
