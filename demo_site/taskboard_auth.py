"""Taskboard's accounts are Django's: one login for the legacy pages, the admin and Django views.

taskboard keeps its own accounts: a ``user`` table with Werkzeug-format password hashes, a login
view that checks them and writes ``session["user_id"]``, and a ``before_app_request`` hook that
loads that row into ``g.user``. Its code stays as it is, because it still runs on plain Flask
with its own test suite. The users moved into Django's ``auth_user``
(``manage.py import_flask_users``: ids and hashes kept, see demo_site/legacy/README.md), and
:func:`use_django_accounts` adapts the one instance that ``demo_site/urls.py`` mounts. It uses
only Flask's public API, and other instances of taskboard stay as they are:

- ``g.user`` comes from Django's ``request.user``, which is set by ``AuthenticationMiddleware``
  from the session that the admin and every Django view share. An app-level ``before_request``
  hook, registered after taskboard's own, replaces the row that taskboard loaded. It gives the
  mapping taskboard's code reads (``g.user["id"]``, ``g.user["username"]``) or ``None``. The ids
  were kept, so ``task.owner_id`` still names the owner.
- The ``auth.login``, ``auth.logout`` and ``auth.register`` endpoints are served by the views
  below (``app.view_functions``). They keep the URLs, templates, flashes and redirects, but use
  Django's auth. ``authenticate()`` checks the password and upgrades an imported Werkzeug
  hash to the preferred hasher, ``login()`` / ``logout()`` are the admin's own, and a new
  account is a Django user.
- ``flask auth create-user`` (``manage.py flask auth create-user NAME``) creates a Django user.
  That replaces the command in this app's ``cli`` only. The blueprint's group is not changed.

Nothing writes taskboard's ``user`` table any more. From here on, Django owns the users.
Everything that is not an account (tasks, the API, the pages) runs as taskboard wrote it.

Why this adapter:

- Not Django views routed before the ``include()``. The pages are taskboard's Jinja templates,
  which need ``url_for``, ``g`` and ``get_flashed_messages``, so a Flask-side view renders them.
- Not ``flaskcompat.contrib.login``, because taskboard does not use Flask-Login.
- Registration cannot stay in taskboard's table with an import after it. That table and
  ``auth_user`` would both assign ids, and an import that keeps ids would collide with users
  Django created (``createsuperuser``).
"""

import click
from django.contrib import auth
from django.db import IntegrityError, transaction
from django.utils.http import url_has_allowed_host_and_scheme
from flask import flash, g, redirect, render_template, request, session, url_for


def use_django_accounts(app):
    """Adapt the mounted taskboard ``app`` to Django's auth (see the module); returns ``app``."""
    app.before_request(load_django_user)
    app.view_functions["auth.login"] = login
    app.view_functions["auth.logout"] = logout
    app.view_functions["auth.register"] = register
    app.cli.add_command(auth_cli, "auth")
    return app


def load_django_user():
    user = request.django_request.user
    g.user = {"id": user.pk, "username": user.get_username()} if user.is_authenticated else None


def create_user(username, password):
    """Create a Django user; returns an error message when the name is taken (as taskboard's)."""
    try:
        with transaction.atomic():
            auth.get_user_model()._default_manager.create_user(username=username, password=password)
    except IntegrityError:
        return f"User {username} is already registered."
    return None


def register():
    if request.method == "POST":
        username = request.form["username"].strip()
        password = request.form["password"]
        error = None
        if not username:
            error = "Username is required."
        elif len(password) < 4:
            error = "Password must have at least 4 characters."
        else:
            error = create_user(username, password)
        if error is None:
            flash("Registered. You can log in now.", "success")
            return redirect(url_for("auth.login"))
        flash(error, "error")
    return render_template("auth/register.html")


def login():
    if request.method == "POST":
        django_request = request.django_request
        user = auth.authenticate(django_request, username=request.form["username"], password=request.form["password"])
        if user is None:
            flash("Incorrect username or password.", "error")
        else:
            session.clear()  # a login starts a new session, as taskboard's did
            auth.login(django_request, user)
            flash(f"Welcome back, {user.get_username()}!", "success")
            target = request.args.get("next", "")
            safe = url_has_allowed_host_and_scheme(target, {request.host}, require_https=request.is_secure)
            return redirect(target if safe else url_for("index"))
    return render_template("auth/login.html")


def logout():
    auth.logout(request.django_request)  # the session is flushed: the admin is logged out too
    flash("You have been logged out.")
    return redirect(url_for("index"))


@click.group("auth", help="Taskboard's accounts, which are Django users.")
def auth_cli():
    pass


@auth_cli.command("create-user")
@click.argument("username")
@click.password_option()
def create_user_command(username, password):
    """Create a user account (a Django user)."""
    error = create_user(username, password)
    if error:
        raise click.ClickException(error)
    click.echo(f"Created user {username}.")
