"""Django project settings for run.sh's optional hosted run (HOSTED=1): the suites' apps served
inside a project with Django's sessions (signed cookies, Flask's serializer), messages, CSRF and
auth middleware, as in the repository's own tests/settings.py. Django then owns the session
cookie, so Flask's SESSION_COOKIE_* settings and SESSION_REFRESH_EACH_REQUEST don't apply."""

SECRET_KEY = "ext-suites-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = __name__
urlpatterns: list = []
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "flaskcompat",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_SERIALIZER = "flaskcompat.serializers.FlaskSessionSerializer"
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"
TEMPLATES = [{"BACKEND": "flaskcompat.templating.Jinja2", "DIRS": [], "APP_DIRS": True, "OPTIONS": {}}]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
