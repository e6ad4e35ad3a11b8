"""The Django app config: ``INSTALLED_APPS = [..., "flaskcompat"]``."""

from django.apps import AppConfig


class FlaskcompatConfig(AppConfig):
    name = "flaskcompat"
    verbose_name = "Flask compatibility"

    def ready(self):
        from django.conf import settings

        from . import checks  # noqa: F401  (registers the system checks)

        if getattr(settings, "FLASKCOMPAT_FLASK_ALIAS", False):
            from . import alias

            alias.install()
