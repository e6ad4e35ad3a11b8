"""System checks: misconfigurations are reported by ``manage.py check`` with the fix to apply."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def check_middleware(app_configs=None, **kwargs):
    errors = []
    middleware = list(getattr(settings, "MIDDLEWARE", []) or [])
    if "django.contrib.sessions.middleware.SessionMiddleware" not in middleware:
        errors.append(checks.Error(
            "flaskcompat needs Django's SessionMiddleware for Flask's `session`.",
            hint="Add 'django.contrib.sessions.middleware.SessionMiddleware' to MIDDLEWARE.",
            id="flaskcompat.E001",
        ))
    if "django.contrib.messages.middleware.MessageMiddleware" not in middleware:
        errors.append(checks.Warning(
            "flaskcompat's flash() rides on django.contrib.messages, whose middleware is missing.",
            hint="Add 'django.contrib.messages.middleware.MessageMiddleware' to MIDDLEWARE "
                 "(after SessionMiddleware) and 'django.contrib.messages' to INSTALLED_APPS.",
            id="flaskcompat.W001",
        ))
    return errors
