"""Blueprints: routes, hooks and handlers recorded now, replayed onto an app at registration.

Like Flask's, a :class:`Blueprint` only records deferred functions; ``app.register_blueprint``
replays them through a :class:`BlueprintSetupState`, which prefixes rules and endpoints and
merges the blueprint's hooks into the app's scope dicts under its dotted name.

A blueprint can also be mounted in a Django URLconf on its own: ``include(bp.urls)`` hosts it
in a hidden app configured from Django settings (see :attr:`Blueprint.urls`).
"""

from __future__ import annotations

from collections import defaultdict
from functools import update_wrapper

from .scaffold import NoClick, Scaffold, _endpoint_from_view_func, _sentinel, setupmethod


class BlueprintSetupState:
    """What a deferred function receives when its blueprint is registered on ``app``."""

    def __init__(self, blueprint, app, options, first_registration):
        self.app = app
        self.blueprint = blueprint
        self.options = options
        self.first_registration = first_registration
        subdomain = self.options.get("subdomain")
        if subdomain is None:
            subdomain = self.blueprint.subdomain
        self.subdomain = subdomain
        url_prefix = self.options.get("url_prefix")
        if url_prefix is None:
            url_prefix = self.blueprint.url_prefix
        self.url_prefix = url_prefix
        self.name = self.options.get("name", blueprint.name)
        self.name_prefix = self.options.get("name_prefix", "")
        self.url_defaults = dict(self.blueprint.url_values_defaults)
        self.url_defaults.update(self.options.get("url_defaults", ()))

    def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
        """Add a rule to the app under the blueprint's prefix, endpoint ``<dotted name>.<endpoint>``."""
        if self.url_prefix is not None:
            if rule:
                rule = "/".join((self.url_prefix.rstrip("/"), rule.lstrip("/")))
            else:
                rule = self.url_prefix
        options.setdefault("subdomain", self.subdomain)
        if endpoint is None:
            endpoint = _endpoint_from_view_func(view_func)
        defaults = self.url_defaults
        if "defaults" in options:
            defaults = dict(defaults, **options.pop("defaults"))
        self.app.add_url_rule(rule, f"{self.name_prefix}.{self.name}.{endpoint}".lstrip("."), view_func,
                              defaults=defaults, **options)


def _new_cli_group(name):
    """The blueprint's click group, or a NoClick stand-in when click (an optional extra) is missing."""
    try:
        from .cli import AppGroup
    except ImportError:
        return NoClick()
    group = AppGroup()
    group.name = name
    return group


class Blueprint(Scaffold):
    """A group of routes and hooks to register on apps, possibly several times or nested."""

    _got_registered_once = False

    def __init__(self, name, import_name, static_folder=None, static_url_path=None, template_folder=None,
                 url_prefix=None, subdomain=None, url_defaults=None, root_path=None, cli_group=_sentinel):
        super().__init__(import_name, static_folder=static_folder, static_url_path=static_url_path,
                         template_folder=template_folder, root_path=root_path)
        if not name:
            raise ValueError("'name' may not be empty.")
        if "." in name:
            raise ValueError("'name' may not contain a dot '.' character.")
        self.name = name
        self.url_prefix = url_prefix
        self.subdomain = subdomain
        self.deferred_functions = []
        self.url_values_defaults = url_defaults if url_defaults is not None else {}
        self.cli_group = cli_group
        self.cli = _new_cli_group(name)
        self._blueprints = []

    def _check_setup_finished(self, f_name):
        if self._got_registered_once:
            raise AssertionError(
                f"The setup method '{f_name}' can no longer be called on the blueprint"
                f" '{self.name}'. It has already been registered at least once, any"
                " changes will not be applied consistently.\n"
                "Make sure all imports, decorators, functions, etc. needed to set up"
                " the blueprint are done before registering it."
            )

    @setupmethod
    def record(self, func):
        """Call ``func(state)`` each time the blueprint is registered."""
        self.deferred_functions.append(func)

    @setupmethod
    def record_once(self, func):
        """Call ``func(state)`` only on the blueprint's first registration on an app."""

        def wrapper(state):
            if state.first_registration:
                func(state)

        self.record(update_wrapper(wrapper, func))

    def make_setup_state(self, app, options, first_registration=False):
        return BlueprintSetupState(self, app, options, first_registration)

    @setupmethod
    def register_blueprint(self, blueprint, **options):
        """Nest ``blueprint``: it is registered (dotted name, joined prefix) wherever this one is."""
        if blueprint is self:
            raise ValueError("Cannot register a blueprint on itself")
        self._blueprints.append((blueprint, options))

    def register(self, app, options):
        """Called by ``app.register_blueprint``: replay everything recorded onto ``app``."""
        name_prefix = options.get("name_prefix", "")
        self_name = options.get("name", self.name)
        name = f"{name_prefix}.{self_name}".lstrip(".")
        if name in app.blueprints:
            bp_desc = "this" if app.blueprints[name] is self else "a different"
            existing_at = f" '{name}'" if self_name != name else ""
            raise ValueError(
                f"The name '{self_name}' is already registered for"
                f" {bp_desc} blueprint{existing_at}. Use 'name=' to"
                f" provide a unique name."
            )
        first_bp_registration = not any(bp is self for bp in app.blueprints.values())
        first_name_registration = name not in app.blueprints
        app.blueprints[name] = self
        self._got_registered_once = True
        state = self.make_setup_state(app, options, first_bp_registration)
        if self.has_static_folder:
            state.add_url_rule(f"{self.static_url_path}/<path:filename>", view_func=self.send_static_file,
                               endpoint="static")
        if first_bp_registration or first_name_registration:
            self._merge_blueprint_funcs(app, name)
        for deferred in self.deferred_functions:
            deferred(state)
        self._register_cli(app, name, options.get("cli_group", self.cli_group))
        for blueprint, bp_options in self._blueprints:
            blueprint.register(app, self._nested_options(state, blueprint, bp_options, name))

    def _register_cli(self, app, name, group):
        if not self.cli or not self.cli.commands or not getattr(app, "cli", None):
            return
        if group is None:
            app.cli.commands.update(self.cli.commands)
        else:
            self.cli.name = name if group is _sentinel else group
            app.cli.add_command(self.cli)

    @staticmethod
    def _nested_options(state, blueprint, bp_options, name):
        """A nested blueprint's options: subdomain and prefix joined with its parent's."""
        bp_options = bp_options.copy()
        bp_subdomain = bp_options.get("subdomain")
        if bp_subdomain is None:
            bp_subdomain = blueprint.subdomain
        if state.subdomain is not None and bp_subdomain is not None:
            bp_options["subdomain"] = bp_subdomain + "." + state.subdomain
        elif bp_subdomain is not None:
            bp_options["subdomain"] = bp_subdomain
        elif state.subdomain is not None:
            bp_options["subdomain"] = state.subdomain
        bp_url_prefix = bp_options.get("url_prefix")
        if bp_url_prefix is None:
            bp_url_prefix = blueprint.url_prefix
        if state.url_prefix is not None and bp_url_prefix is not None:
            bp_options["url_prefix"] = state.url_prefix.rstrip("/") + "/" + bp_url_prefix.lstrip("/")
        elif bp_url_prefix is not None:
            bp_options["url_prefix"] = bp_url_prefix
        elif state.url_prefix is not None:
            bp_options["url_prefix"] = state.url_prefix
        bp_options["name_prefix"] = name
        return bp_options

    def _merge_blueprint_funcs(self, app, name):
        """Copy this blueprint's scope dicts into the app's, keyed by the dotted ``name``."""

        def extend(bp_dict, parent_dict):
            for key, values in bp_dict.items():
                key = name if key is None else f"{name}.{key}"
                parent_dict[key].extend(values)

        for key, value in self.error_handler_spec.items():
            key = name if key is None else f"{name}.{key}"
            app.error_handler_spec[key] = defaultdict(
                dict, {code: dict(code_values) for code, code_values in value.items()})
        app.view_functions.update(self.view_functions)
        extend(self.before_request_funcs, app.before_request_funcs)
        extend(self.after_request_funcs, app.after_request_funcs)
        extend(self.teardown_request_funcs, app.teardown_request_funcs)
        extend(self.url_default_functions, app.url_default_functions)
        extend(self.url_value_preprocessors, app.url_value_preprocessors)
        extend(self.template_context_processors, app.template_context_processors)

    @setupmethod
    def add_url_rule(self, rule, endpoint=None, view_func=None, provide_automatic_options=None, **options):
        """Record a rule; it gets the blueprint's prefix and dotted endpoint at registration."""
        if endpoint and "." in endpoint:
            raise ValueError("'endpoint' may not contain a dot '.' character.")
        if view_func and hasattr(view_func, "__name__") and "." in view_func.__name__:
            raise ValueError("'view_func' name may not contain a dot '.' character.")
        self.record(lambda s: s.add_url_rule(rule, endpoint, view_func,
                                             provide_automatic_options=provide_automatic_options, **options))

    # -- app-wide template callables (stored by flaskcompat.templating) ------------------------

    def _record_template_callable(self, kind, f, name):
        def register_template(state):
            from .templating import register_template_callable

            register_template_callable(state.app, kind, f, name)

        self.record_once(register_template)

    @setupmethod
    def app_template_filter(self, name=None):
        def decorator(f):
            self.add_app_template_filter(f, name=name)
            return f

        return decorator

    @setupmethod
    def add_app_template_filter(self, f, name=None):
        self._record_template_callable("filters", f, name)

    @setupmethod
    def app_template_test(self, name=None):
        def decorator(f):
            self.add_app_template_test(f, name=name)
            return f

        return decorator

    @setupmethod
    def add_app_template_test(self, f, name=None):
        self._record_template_callable("tests", f, name)

    @setupmethod
    def app_template_global(self, name=None):
        def decorator(f):
            self.add_app_template_global(f, name=name)
            return f

        return decorator

    @setupmethod
    def add_app_template_global(self, f, name=None):
        self._record_template_callable("globals", f, name)

    # -- app-wide hooks: the ``app_`` forms apply to every request of the app -------------------

    @setupmethod
    def before_app_request(self, f):
        self.record_once(lambda s: s.app.before_request_funcs.setdefault(None, []).append(f))
        return f

    @setupmethod
    def after_app_request(self, f):
        self.record_once(lambda s: s.app.after_request_funcs.setdefault(None, []).append(f))
        return f

    @setupmethod
    def teardown_app_request(self, f):
        self.record_once(lambda s: s.app.teardown_request_funcs.setdefault(None, []).append(f))
        return f

    @setupmethod
    def app_context_processor(self, f):
        self.record_once(lambda s: s.app.template_context_processors.setdefault(None, []).append(f))
        return f

    @setupmethod
    def app_errorhandler(self, code):
        def decorator(f):
            self.record_once(lambda s: s.app.errorhandler(code)(f))
            return f

        return decorator

    @setupmethod
    def app_url_value_preprocessor(self, f):
        self.record_once(lambda s: s.app.url_value_preprocessors.setdefault(None, []).append(f))
        return f

    @setupmethod
    def app_url_defaults(self, f):
        self.record_once(lambda s: s.app.url_default_functions.setdefault(None, []).append(f))
        return f

    # -- mounting alone in a Django URLconf -----------------------------------------------------

    @property
    def urls(self):
        """``path("shop/", include(bp.urls))``: this blueprint alone, namespace ``bp.name``.

        The blueprint is registered (at url_prefix ``""``) on a hidden app built once and
        configured from Django settings: ``DEBUG``, ``SECRET_KEY``, then the ``FLASKCOMPAT_BLUEPRINT_CONFIG``
        dict of Flask config keys. URL names are the endpoints relative to the blueprint
        (``reverse("shop:index")``, ``reverse("shop:cart.view")`` for a nested one).
        """
        from .urls import app_urlconf

        host = self.__dict__.get("_host_app")
        if host is None:
            host = self.__dict__["_host_app"] = self._make_host_app()
        return app_urlconf(host, url_name_prefix=f"{self.name}."), self.name

    def _make_host_app(self):
        from django.conf import settings

        from .app import Flask

        host = Flask(self.import_name, static_folder=None, template_folder=None, root_path=self.root_path)
        host.name = self.name
        host.config["DEBUG"] = settings.DEBUG
        host.config["SECRET_KEY"] = settings.SECRET_KEY
        host.config.from_mapping(getattr(settings, "FLASKCOMPAT_BLUEPRINT_CONFIG", None) or {})
        host.register_blueprint(self, url_prefix="")
        return host
