"""``python manage.py flask <command>``: Flask's command line (``flask.cli``) in a Django project.

It runs what ``flask <command>`` runs for a Flask project, for every Flask app the project has:

- ``manage.py flask routes`` lists the rules of every app with endpoint, methods and rule, the
  URL where the project mounts it and the name ``reverse()`` takes (``--sort``,
  ``--all-methods`` as in Flask);
- ``manage.py flask <name> [ARGS]`` runs a command of ``app.cli`` in its app's context; when
  several apps define ``<name>``, choose one with ``manage.py flask --app NAME <name>``;
- ``manage.py flask shell`` is Flask's shell, in an app's context.

The apps are the ones the project's URLconf mounts (``include(app.urls)``), then those of the
setting ``FLASKCOMPAT_APPS``, import paths in ``flask --app``'s spelling (``"worker"``,
``"worker:app"``, ``"worker:create_app()"``). ``--app`` (Flask's option) takes an app's name, a
URL namespace it is mounted under, or an import path. The project's ``DEBUG`` rules, not
``FLASK_DEBUG``.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from operator import itemgetter
from typing import Any

import click
import flask
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.urls import get_script_prefix
from flask.cli import FlaskGroup, NoAppException, ScriptInfo, pass_script_info

from flaskcompat.urls import app_urlconf, iter_mounted_apps

#: ``(app, [(mount point, namespace)], {names})``
FoundApp = tuple[flask.Flask, list[tuple[str, str]], set[str]]


def find_apps() -> list[FoundApp]:
    """``[(app, [(mount point, namespace)], {names})]``: the apps ROOT_URLCONF mounts, then
    FLASKCOMPAT_APPS. An app's names are its ``name`` and the URL namespaces it is mounted under."""
    found: dict[int, FoundApp] = {}
    for app, prefix, namespace in iter_mounted_apps():
        _, mounts, names = found.setdefault(id(app), (app, [], {app.name}))
        mounts.append((prefix, namespace))
        names.update((namespace, namespace.rpartition(":")[2]))
    for import_path in getattr(settings, "FLASKCOMPAT_APPS", ()):
        app = ScriptInfo(app_import_path=import_path, set_debug_flag=False).load_app()
        found.setdefault(id(app), (app, [], {app.name}))
    return list(found.values())


class ProjectScriptInfo(ScriptInfo):
    """Flask's ScriptInfo over the project's apps: ``load_app()`` is the app ``--app`` names,
    else the one defining the command being run, else the project's only app."""

    def __init__(self) -> None:
        super().__init__(create_app=self._choose, set_debug_flag=False)
        self.owner: flask.Flask | None = None
        self._found: list[FoundApp] | None = None

    def found(self) -> list[FoundApp]:
        if self._found is None:
            self._found = find_apps()
        return self._found

    def apps(self) -> list[flask.Flask]:
        """The apps commands come from: the one ``--app`` chose, else all of the project's."""
        if self.app_import_path is not None:
            return [self.load_app()]
        apps = [app for app, _, _ in self.found()]
        if not apps:
            raise NoAppException("The project mounts no Flask app (include(app.urls)) and FLASKCOMPAT_APPS lists none.")
        return apps

    def _choose(self) -> flask.Flask:
        name = self.app_import_path
        if name is not None:
            named = [app for app, _, names in self.found() if name in names]
            if named:
                return named[0]
            try:  # flask --app's import path
                return ScriptInfo(app_import_path=name, set_debug_flag=False).load_app()
            except NoAppException as e:
                project = ", ".join(app.name for app, _, _ in self.found())
                raise NoAppException(f"No app named {name!r}; the project has: {project}. {e.format_message()}") from e
        if self.owner is not None:
            return self.owner
        apps = self.apps()
        if len(apps) > 1:
            raise NoAppException(f"Several apps ({', '.join(app.name for app in apps)}): choose one with --app NAME.")
        return apps[0]


def _ambiguous(name: str, apps: list[flask.Flask]) -> click.Command:
    """A stand-in for a command several apps define: listed by --help, asks for --app when run."""
    names = ", ".join(app.name for app in apps)
    message = f"Several apps define {name!r} ({names}): choose one with --app NAME."

    def fail() -> None:
        raise click.UsageError(message)

    return click.Command(
        name,
        callback=fail,
        help=message,
        short_help=f"Defined by {names}: needs --app.",
        add_help_option=False,
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )


@click.command("routes", short_help="Show the routes of the project's apps.")
@click.option(
    "--sort",
    "-s",
    type=click.Choice(("endpoint", "methods", "rule", "match")),
    default="endpoint",
    help="Method to sort each app's routes by. 'match' is the order Flask matches them in.",
)
@click.option("--all-methods", is_flag=True, help="Show HEAD and OPTIONS methods.")
@pass_script_info
def routes_command(info: ScriptInfo, sort: str, all_methods: bool) -> None:
    """Flask's table of rules for every app, with the URL where the project serves each rule and
    the name ``reverse()`` takes for it."""
    assert isinstance(info, ProjectScriptInfo)  # ProjectGroup's
    apps = info.apps()
    mounts = {id(app): mounts for app, mounts, _ in info.found()}
    ignored = set() if all_methods else {"HEAD", "OPTIONS"}
    rows = []
    for app in apps:
        url_name_prefix = app_urlconf(app).url_name_prefix if mounts.get(id(app)) else ""
        app_rows = [
            [
                app.name,
                rule.endpoint,
                ", ".join(sorted((rule.methods or set()) - ignored)),
                rule.rule,
                (get_script_prefix() + mount[1:]).rstrip("/") + rule.rule if mount else "",
                f"{namespace}:{rule.endpoint.removeprefix(url_name_prefix)}" if mount else "",
            ]
            for rule in app.url_map.iter_rules()
            for mount, namespace in mounts.get(id(app)) or [("", "")]  # not mounted
        ]
        if sort != "match":
            app_rows.sort(key=itemgetter(("endpoint", "methods", "rule").index(sort) + 1))
        rows += app_rows
    if not rows:
        click.echo("No routes were registered.")
        return
    headers = ["App", "Endpoint", "Methods", "Rule", "URL", "Name"]
    columns = [i for i in range(6) if (i or len(apps) > 1) and (i < 4 or any(row[i] for row in rows))]
    rows = [[row[i] for i in columns] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    rows.insert(1, ["-" * width for width in widths])
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


class ProjectGroup(FlaskGroup):
    """Flask's FlaskGroup over every app of the project: its built-in commands (``routes`` for
    the whole project), then the command of the app that defines it."""

    def __init__(self, **extra: Any) -> None:
        # Django's generic options, already applied by manage.py.
        django_options = [
            click.Option([f"--{name}"], hidden=True, expose_value=False) for name in ("settings", "pythonpath")
        ]
        super().__init__(params=django_options, set_debug_flag=False, **extra)
        # The project's DEBUG rules: no --debug, whose callback (with click 8.4) sets FLASK_DEBUG
        # even when the option is not given, which apps created later would follow.
        self.params = [param for param in self.params if param.name != "debug"]
        self.add_command(routes_command)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        extra.setdefault("obj", ProjectScriptInfo())
        return super().make_context(info_name, args, parent=parent, **extra)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        info = ctx.ensure_object(ProjectScriptInfo)
        self._load_plugin_commands()
        if name not in self.commands and info.app_import_path is None:
            try:
                apps = info.apps()
            except NoAppException:
                return super().get_command(ctx, name)  # which reports it
            owners = [app for app in apps if app.cli.get_command(ctx, name) is not None]
            if len(owners) != 1:
                return _ambiguous(name, owners) if owners else None
            info.owner = owners[0]
        return super().get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        info = ctx.ensure_object(ProjectScriptInfo)
        if info.app_import_path is not None:
            return super().list_commands(ctx)
        self._load_plugin_commands()
        names = set(self.commands)
        try:
            for app in info.apps():
                names.update(app.cli.list_commands(ctx))
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
        return sorted(names)


class Command(BaseCommand):
    help = (
        "Runs the click commands of the project's Flask apps: routes, shell and every "
        "@app.cli.command(). `manage.py flask --help` lists them."
    )
    requires_system_checks = []

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("args", nargs=argparse.REMAINDER, help="A command and its arguments.")

    def run_from_argv(self, argv: list[str]) -> None:
        """click, not argparse, parses everything after ``flask`` (and exits with its status)."""
        try:
            ProjectGroup(name="flask").main(args=argv[2:], prog_name=f"{os.path.basename(argv[0])} {argv[1]}")
        finally:
            connections.close_all()

    def handle(self, *args: str, **options: Any) -> None:
        """``call_command("flask", "routes")``: click's output goes to the command's stdout/stderr."""
        with redirect_stdout(options.get("stdout") or sys.stdout), redirect_stderr(options.get("stderr") or sys.stderr):
            try:
                ProjectGroup(name="flask").main(args=list(args), prog_name="flask", standalone_mode=False)
            except click.ClickException as e:
                raise CommandError(e.format_message()) from e
            except click.Abort as e:
                raise CommandError("Aborted!") from e
