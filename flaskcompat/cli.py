"""Flask's click integration: ``app.cli``, ``AppGroup``, ``with_appcontext``, ``FlaskGroup``.

Commands registered with ``@app.cli.command()`` or ``app.cli.add_command()`` run inside
the app's context, exactly as under the ``flask`` command. In a Django project they run
as ``python manage.py flask <command>`` (see :mod:`flaskcompat.management.commands.flask`);
in tests, through ``app.test_cli_runner()``. ``FlaskGroup`` serves legacy scripts that
build their own command line (``cli = FlaskGroup(create_app=create_app)``) with the
``routes`` and ``shell`` commands; serving is Django's ``runserver`` (or ``app.run()``),
so there is no ``run`` command.

click is an optional extra (``pip install flaskcompat[cli]``): without it ``app.cli`` is a
falsy stand-in that says what to install when used, and everything else works.
"""

from __future__ import annotations

import code
import importlib
import os
import platform
import sys
from functools import update_wrapper
from operator import itemgetter

import click
from click.testing import CliRunner

from .globals import current_app
from .helpers import get_debug_flag, get_load_dotenv


class NoAppException(click.UsageError):
    """Raised when an application cannot be found or loaded."""


def _is_app(obj):
    from .app import Flask

    return isinstance(obj, Flask)


def locate_app(import_path):
    """The app named by ``module`` or ``module:name``, as Flask's ``--app`` understands it.

    ``name`` is an app object or a factory (``create_app`` or ``create_app()``) called
    without arguments. A bare module is searched for ``app`` / ``application``, then any
    app object, then a ``create_app`` / ``make_app`` factory.
    """
    module_name, _, name = import_path.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        if e.name == module_name:
            raise NoAppException(f"Could not import {module_name!r}.") from None
        raise
    if name:
        name = name.removesuffix("()")
        if not hasattr(module, name):
            raise NoAppException(f"Failed to find attribute {name!r} in {module_name!r}.")
        apps = factories = [getattr(module, name)]
    else:
        apps = [getattr(module, attr, None) for attr in ("app", "application")] + list(vars(module).values())
        factories = [getattr(module, attr, None) for attr in ("create_app", "make_app")]
    for obj in apps:
        if _is_app(obj):
            return obj
    for factory in factories:
        if callable(factory):
            app = factory()
            if _is_app(app):
                return app
    raise NoAppException(f"Failed to find a Flask application in {import_path!r}.")


class ScriptInfo:
    """What commands know about the app they run for; the ``obj`` of the click context."""

    def __init__(self, app_import_path=None, create_app=None, set_debug_flag=True, load_dotenv_defaults=True):
        self.app_import_path = app_import_path
        self.create_app = create_app
        self.data = {}
        self.set_debug_flag = set_debug_flag
        self.load_dotenv_defaults = get_load_dotenv(load_dotenv_defaults)
        self._loaded_app = None

    def load_app(self):
        """The app (created or imported once), with ``app.debug`` following FLASK_DEBUG."""
        if self._loaded_app is not None:
            return self._loaded_app
        if self.create_app is not None:
            app = self.create_app()
        elif self.app_import_path:
            app = locate_app(self.app_import_path)
        else:
            raise NoAppException("Could not locate a Flask application: no create_app and no import path given.")
        if self.set_debug_flag:
            app.debug = get_debug_flag()
        self._loaded_app = app
        return app

    def load_apps(self):
        """The apps ``routes`` lists: this one (a project lists every mounted app)."""
        return [self.load_app()]

    def mounts(self, app):
        """Where the project's URLconf mounts ``app`` (empty outside a project)."""
        from .urls import find_mount_prefix

        prefix = find_mount_prefix(app)
        return [] if prefix is None else [prefix]


pass_script_info = click.make_pass_decorator(ScriptInfo, ensure=True)


def with_appcontext(f):
    """Run the callback inside the script's app context (``app.cli`` commands always do)."""

    @click.pass_context
    def decorator(ctx, /, *args, **kwargs):
        if not current_app:
            app = ctx.ensure_object(ScriptInfo).load_app()
            ctx.with_resource(app.app_context())
        return ctx.invoke(f, *args, **kwargs)

    return update_wrapper(decorator, f)


class AppGroup(click.Group):
    """A click Group whose ``command()`` wraps callbacks in :func:`with_appcontext`.

    Pass ``with_appcontext=False`` to opt out; ``group()`` makes AppGroups too.
    """

    def command(self, *args, **kwargs):
        wrap_for_ctx = kwargs.pop("with_appcontext", True)

        def decorator(f):
            if wrap_for_ctx:
                f = with_appcontext(f)
            return super(AppGroup, self).command(*args, **kwargs)(f)

        return decorator

    def group(self, *args, **kwargs):
        kwargs.setdefault("cls", AppGroup)
        return super().group(*args, **kwargs)


def _print_version(ctx, param, value):
    if not value or ctx.resilient_parsing:
        return
    import django

    from . import __version__

    click.echo(f"Python {platform.python_version()}\nflaskcompat {__version__}\nDjango {django.get_version()}",
               color=ctx.color)
    ctx.exit()


version_option = click.Option(["--version"], help="Show the flaskcompat version.", expose_value=False,
                              callback=_print_version, is_flag=True, is_eager=True)


class FlaskGroup(AppGroup):
    """An AppGroup that adds the loaded app's ``app.cli`` commands and ``routes`` / ``shell``.

    ``create_app`` returns the app (Flask's signature). The loaded app's context is pushed
    for its commands, so they need no ``@with_appcontext``.
    """

    def __init__(self, add_default_commands=True, create_app=None, add_version_option=True, load_dotenv=True,
                 set_debug_flag=True, **extra):
        params = list(extra.pop("params", None) or ())
        if add_version_option:
            params.append(version_option)
        super().__init__(params=params, **extra)
        self.create_app = create_app
        self.load_dotenv = load_dotenv
        self.set_debug_flag = set_debug_flag
        if add_default_commands:
            self.add_command(shell_command)
            self.add_command(routes_command)

    def get_command(self, ctx, name):
        rv = super().get_command(ctx, name)
        if rv is not None:
            return rv
        try:
            app = ctx.ensure_object(ScriptInfo).load_app()
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
            return None
        if not current_app or current_app._get_current_object() is not app:
            ctx.with_resource(app.app_context())
        return app.cli.get_command(ctx, name)

    def list_commands(self, ctx):
        rv = set(super().list_commands(ctx))
        try:
            rv.update(ctx.ensure_object(ScriptInfo).load_app().cli.list_commands(ctx))
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
        return sorted(rv)

    def parse_args(self, ctx, args):
        # --help lists commands, which pushes app contexts; click leaves a context whose
        # parsing ended early (--help, a usage error) unclosed, so close it here.
        try:
            return super().parse_args(ctx, args)
        except BaseException:
            ctx.close()
            raise

    def make_context(self, info_name, args, parent=None, **extra):
        if "obj" not in extra and "obj" not in self.context_settings:
            extra["obj"] = ScriptInfo(create_app=self.create_app, set_debug_flag=self.set_debug_flag,
                                      load_dotenv_defaults=self.load_dotenv)
        return super().make_context(info_name, args, parent=parent, **extra)


@click.command("shell", short_help="Run a shell in the app context.")
@with_appcontext
def shell_command():
    """Run an interactive Python shell in the app context, with the app's shell context."""
    banner = (
        f"Python {sys.version} on {sys.platform}\n"
        f"App: {current_app.import_name}\n"
        f"Instance: {current_app.instance_path}"
    )
    ctx = {}
    startup = os.environ.get("PYTHONSTARTUP")
    if startup and os.path.isfile(startup):
        with open(startup) as f:
            eval(compile(f.read(), startup, "exec"), ctx)
    ctx.update(current_app.make_shell_context())
    code.interact(banner=banner, local=ctx)


@click.command("routes", short_help="Show the routes for the app.")
@click.option("--sort", "-s", type=click.Choice(("endpoint", "methods", "domain", "rule", "match")),
              default="endpoint",
              help=("Method to sort routes by. 'match' is the order that Flask will match routes"
                    " when dispatching a request."))
@click.option("--all-methods", is_flag=True, help="Show HEAD and OPTIONS methods.")
@pass_script_info
def routes_command(info, sort, all_methods):
    """Show all registered routes with endpoints and methods.

    Flask's table; an app mounted in the Django project gets a ``URL`` column (the rule
    under its mount point), and an ``App`` column when several apps are listed.
    """
    apps = info.load_apps()
    ignored_methods = set() if all_methods else {"HEAD", "OPTIONS"}
    entries = []
    for app in apps:
        mounts = info.mounts(app) or [None]
        for rule in app.url_map.iter_rules():
            domain = (rule.host if app.url_map.host_matching else rule.subdomain) or ""
            entries.append((app, rule, domain, mounts))
    if not entries:
        click.echo("No routes were registered.")
        return
    show_app = len(apps) > 1
    has_domain = any(domain for _, _, domain, _ in entries)
    show_url = any(mount is not None for *_, mounts in entries for mount in mounts)
    headers, sorts = ["Endpoint", "Methods"], ["endpoint", "methods"]
    if has_domain:
        headers.append("Host" if any(app.url_map.host_matching for app in apps) else "Subdomain")
        sorts.append("domain")
    headers.append("Rule")
    sorts.append("rule")
    rows = []
    for app, rule, domain, mounts in entries:
        row = [rule.endpoint, ", ".join(sorted((rule.methods or set()) - ignored_methods))]
        if has_domain:
            row.append(domain)
        row.append(rule.rule)
        for mount in mounts:
            rows.append(([app.name] if show_app else []) + row + (
                [mount.rstrip("/") + rule.rule if mount is not None else ""] if show_url else []))
    if sort in sorts:
        column = sorts.index(sort) + show_app
        rows.sort(key=itemgetter(0, column) if show_app else itemgetter(column))
    elif show_app:
        rows.sort(key=itemgetter(0))
    if show_app:
        headers.insert(0, "App")
    if show_url:
        headers.append("URL")
    rows.insert(0, headers)
    widths = [max(len(row[i]) for row in rows) for i in range(len(headers))]
    rows.insert(1, ["-" * w for w in widths])
    template = "  ".join(f"{{{i}:<{w}}}" for i, w in enumerate(widths))
    for row in rows:
        click.echo(template.format(*row))


class FlaskCliRunner(CliRunner):
    """A click CliRunner for an app's commands: ``app.test_cli_runner().invoke(args=[...])``."""

    def __init__(self, app, **kwargs):
        self.app = app
        super().__init__(**kwargs)

    def invoke(self, cli=None, args=None, **kwargs):
        """Invoke ``cli`` (default ``app.cli``) with a ScriptInfo that loads this app."""
        if cli is None:
            cli = self.app.cli
        if "obj" not in kwargs:
            kwargs["obj"] = ScriptInfo(create_app=lambda: self.app)
        return super().invoke(cli, args, **kwargs)
