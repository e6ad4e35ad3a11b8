"""The Django app config: ``INSTALLED_APPS = [..., "flaskcompat"]``."""

from django.apps import AppConfig


class FlaskcompatConfig(AppConfig):
    name = "flaskcompat"
    verbose_name = "Flask compatibility"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
