"""The demo project's URLconf: Django views and Flask-style apps side by side."""

from django.contrib import admin
from django.urls import include, path
from taskboard import create_app as create_taskboard

import flaskcompat
from demo_site import views
from demo_site.quickstart import app as quickstart_app
from demo_site.taskboard_auth import use_django_accounts

urlpatterns = [
    path("", views.home, name="home"),
    path("django-flash/", views.django_flash, name="django_flash"),
    path("admin/", admin.site.urls),
    # Every rule of the Flask-style app becomes a named Django URL pattern. The namespace defaults
    # to the app's name ("demo_site.quickstart" here); include() can give it a shorter one.
    path("quickstart/", include(quickstart_app.urls, namespace="quickstart")),
    # A legacy Flask project, its code unmodified (demo_site/legacy: a plain flask.Flask app factory).
    # Its users moved into Django's auth (manage.py import_flask_users), and use_django_accounts()
    # points its login, logout and registration at Django's: one login for it and the admin.
    # mount() serves it through Django; its forms predate Django's CSRF tokens: exempt until
    # they render {{ csrf_input }}.
    path("legacy/", include(flaskcompat.mount(flaskcompat.csrf_exempt(use_django_accounts(create_taskboard()))))),
]
