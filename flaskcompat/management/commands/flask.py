"""``python manage.py flask <command>``: the ``flask`` command line of a Django project.

It runs what ``flask <command>`` runs for a Flask project, for every Flask-style app the
project has:

- ``manage.py flask routes`` lists the rules of every app with endpoint, methods, rule
  and the URL where the project mounts it (``--app NAME`` for one app; ``--sort``,
  ``--all-methods`` as in Flask);
- ``manage.py flask <name> [ARGS]`` runs a command registered with
  ``@app.cli.command()`` or ``app.cli.add_command()`` inside its app's context; when
  several apps define ``<name>``, choose with ``manage.py flask --app NAME <name>``;
- ``manage.py flask shell`` opens a Python shell in an app's context.

The apps are found by walking the project's URLconf for ``include(app.urls)``, then in the
setting ``FLASKCOMPAT_APPS``: import paths in Flask's ``--app`` spelling for apps the URLconf
does not mount (``"worker"``, ``"worker:app"``, ``"worker:create_app"``). ``--app`` takes an
app's name or a URL namespace it is mounted under. Needs click: ``pip install flaskcompat[cli]``.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import redirect_stderr, redirect_stdout

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

try:
    import click
except ImportError as e:  # click is the optional "cli" extra
    raise ImportError("`manage.py flask` needs click: pip install 'flaskcompat[cli]'") from e

from flaskcompat.cli import FlaskGroup, NoAppException, ScriptInfo, locate_app
from flaskcompat.urls import iter_mounted_apps


def find_apps():
    """``[(app, [mount prefixes], {names})]``: apps mounted in ROOT_URLCONF, then FLASKCOMPAT_APPS.

    An app's names are its ``name`` and the URL namespaces it is mounted under.
    """
    found = {}
    for app, prefix, namespace in iter_mounted_apps():
        _, prefixes, names = found.setdefault(id(app), (app, [], {app.name}))
        prefixes.append(prefix)
        names.add(namespace)
    for import_path in getattr(settings, "FLASKCOMPAT_APPS", ()):
        app = locate_app(import_path)
        found.setdefault(id(app), (app, [], {app.name}))
    return list(found.values())


class ProjectScriptInfo(ScriptInfo):
    """The project's apps, narrowed to one by ``--app NAME``; the project's settings rule (no FLASK_DEBUG)."""

    def __init__(self):
        super().__init__(set_debug_flag=False)
        self.app_name = None
        self._found = None

    def _apps(self):
        if self._found is None:
            self._found = find_apps()
        return self._found

    def load_apps(self):
        apps = [app for app, _, _ in self._apps()]
        if not apps:
            raise NoAppException("The project mounts no Flask-style app (include(app.urls)) "
                                 "and FLASKCOMPAT_APPS lists none.")
        if self.app_name is None:
            return apps
        chosen = [app for app, _, names in self._apps() if self.app_name in names]
        if not chosen:
            raise NoAppException(f"No app named {self.app_name!r}; the project has: "
                                 f"{', '.join(app.name for app in apps)}.")
        return chosen

    def load_app(self):
        if self._loaded_app is None:
            apps = self.load_apps()
            if len(apps) > 1:
                raise NoAppException(f"Several apps ({', '.join(app.name for app in apps)}): "
                                     "choose one with --app NAME.")
            self._loaded_app = apps[0]
        return self._loaded_app

    def mounts(self, app):
        return next(prefixes for found, prefixes, _ in self._apps() if found is app)

    def select(self, app):
        self._loaded_app = app


def _ambiguous(name, apps):
    """A stand-in for a command several apps define: listed by --help, asks for --app when run."""
    names = ", ".join(app.name for app in apps)
    message = f"Several apps define {name!r} ({names}): choose one with --app NAME."

    def fail():
        raise click.UsageError(message)

    return click.Command(name, callback=fail, help=message, short_help=f"Defined by {names}: needs --app.",
                         add_help_option=False,
                         context_settings={"ignore_unknown_options": True, "allow_extra_args": True})


def _set_app_name(ctx, param, value):
    ctx.ensure_object(ProjectScriptInfo).app_name = value


class ProjectGroup(FlaskGroup):
    """``flask`` over every app of the project: built-ins, then the one app defining a command."""

    def __init__(self, **extra):
        params = [
            click.Option(["--app", "-A"], metavar="NAME", expose_value=False, is_eager=True,
                         callback=_set_app_name, help="The app to use: its name or URL namespace."),
            # Django's generic options, already applied by manage.py.
            click.Option(["--settings"], hidden=True, expose_value=False),
            click.Option(["--pythonpath"], hidden=True, expose_value=False),
        ]
        super().__init__(params=params, **extra)

    def make_context(self, info_name, args, parent=None, **extra):
        extra.setdefault("obj", ProjectScriptInfo())
        return super().make_context(info_name, args, parent=parent, **extra)

    def get_command(self, ctx, name):
        rv = click.Group.get_command(self, ctx, name)
        if rv is not None:
            return rv
        info = ctx.ensure_object(ProjectScriptInfo)
        try:
            apps = info.load_apps()
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
            return None
        owners = [app for app in apps if app.cli.get_command(ctx, name) is not None]
        if len(owners) > 1:
            return _ambiguous(name, owners)
        if not owners:
            return None
        info.select(owners[0])
        ctx.with_resource(owners[0].app_context())
        return owners[0].cli.get_command(ctx, name)

    def list_commands(self, ctx):
        rv = set(click.Group.list_commands(self, ctx))
        try:
            for app in ctx.ensure_object(ProjectScriptInfo).load_apps():
                rv.update(app.cli.list_commands(ctx))
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
        return sorted(rv)


class Command(BaseCommand):
    help = ("Runs the click commands of the project's Flask-style apps: routes, shell and every "
            "@app.cli.command(). `manage.py flask --help` lists them.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("args", nargs=argparse.REMAINDER, help="A command and its arguments.")

    def run_from_argv(self, argv):
        """click, not argparse, parses everything after ``flask`` (and exits with its status)."""
        try:
            ProjectGroup(name="flask").main(args=argv[2:], prog_name=f"{os.path.basename(argv[0])} {argv[1]}")
        finally:
            connections.close_all()

    def handle(self, *args, **options):
        """``call_command("flask", "routes")``: click's output goes to the command's stdout/stderr."""
        with redirect_stdout(options.get("stdout") or sys.stdout), redirect_stderr(options.get("stderr") or sys.stderr):
            try:
                ProjectGroup(name="flask").main(args=list(args), prog_name="flask", standalone_mode=False)
            except click.ClickException as e:
                raise CommandError(e.format_message()) from e
            except click.Abort as e:
                raise CommandError("Aborted!") from e
