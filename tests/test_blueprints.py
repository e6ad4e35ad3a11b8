"""Blueprints behave as Flask's: prefixes, nesting, url_defaults, hooks, error handlers, static files."""

import os

import click
import flask
import pytest

import flaskcompat
from tests.differential import Differential

ASSETS = os.path.join(os.path.dirname(__file__), "blueprint_assets")


def make_shop(flask):
    """A blueprint-heavy app: nested blueprints, prefixes, url_defaults, hooks at every level."""
    app = flask.Flask(__name__, static_folder=None)
    log = []

    def hook(name):
        def f(*args):
            log.append(name)
            return args[0] if args and isinstance(args[0], flask.Response) else None

        f.__name__ = name
        return f

    app.before_request(hook("app.before"))
    app.after_request(hook("app.after"))
    app.teardown_request(hook("app.teardown"))

    @app.route("/log")
    def show_log():
        out = ",".join(log)
        log.clear()
        return out

    @app.route("/")
    def index():
        return "index " + flask.url_for("shop.index") + " " + flask.url_for("shop.cart.show")

    @app.errorhandler(404)
    def app_404(e):
        return "app 404", 404

    @app.errorhandler(KeyError)
    def app_key_error(e):
        return "app KeyError", 500

    shop = flask.Blueprint("shop", __name__, url_prefix="/shop", static_folder="static", root_path=ASSETS)
    shop.before_request(hook("shop.before"))
    shop.after_request(hook("shop.after"))
    shop.teardown_request(hook("shop.teardown"))
    shop.before_app_request(hook("shop.before_app"))
    shop.after_app_request(hook("shop.after_app"))
    shop.teardown_app_request(hook("shop.teardown_app"))

    @shop.route("/", endpoint="index")
    def shop_index():
        return (
            "shop index "
            + flask.url_for(".index")
            + " "
            + flask.url_for(".static", filename="css/site.css")
            + f" {flask.request.blueprint} {flask.request.blueprints}"
        )

    @shop.route("/missing")
    def missing():
        flask.abort(404)

    @shop.route("/boom")
    def boom():
        raise KeyError("boom")

    @shop.route("/lookup")
    def lookup():
        raise LookupError("lookup")

    @shop.errorhandler(404)
    def shop_404(e):
        return "shop 404", 404

    @shop.errorhandler(LookupError)
    def shop_lookup(e):
        return f"shop LookupError {type(e).__name__}", 500

    cart = flask.Blueprint("cart", __name__, url_prefix="/cart")
    cart.before_request(hook("cart.before"))
    cart.after_request(hook("cart.after"))
    cart.teardown_request(hook("cart.teardown"))

    @cart.route("")
    def show():
        return "cart " + flask.url_for(".show") + " " + flask.url_for("shop.index") + f" {flask.request.blueprints}"

    @cart.route("/item/<int:item_id>", methods=["GET", "POST"])
    def item(item_id):
        return f"item {item_id} {flask.request.method} {flask.url_for('.item', item_id=item_id + 1)}"

    @cart.route("/missing")
    def cart_missing():
        flask.abort(404)

    @cart.route("/boom")
    def cart_boom():
        raise KeyError("cart")

    @cart.errorhandler(KeyError)
    def cart_key_error(e):
        return "cart KeyError", 500

    shop.register_blueprint(cart)

    # url_defaults + url_value_preprocessor, the i18n pattern from Flask's docs
    lang = flask.Blueprint("lang", __name__, url_prefix="/<lang_code>")

    @lang.url_defaults
    def add_language_code(endpoint, values):
        values.setdefault("lang_code", flask.g.lang_code)

    @lang.url_value_preprocessor
    def pull_lang_code(endpoint, values):
        flask.g.lang_code = values.pop("lang_code")

    @lang.route("/about")
    def about():
        return f"about in {flask.g.lang_code}: {flask.url_for('.about')} {flask.url_for('.about', lang_code='fr')}"

    app.register_blueprint(lang)

    # the same blueprint twice, with blueprint and registration url_defaults
    pages = flask.Blueprint("pages", __name__, url_defaults={"page": "home"})

    @pages.route("/pages/<kind>/")
    @pages.route("/pages/<kind>/<page>")
    def page(kind, page):
        return f"{flask.request.endpoint} {kind}/{page} {flask.url_for('.page', kind=kind)}"

    app.register_blueprint(pages, url_defaults={"kind": "docs"}, url_prefix="/docs")
    app.register_blueprint(pages, name="blog", url_prefix="/blog")

    # nested two levels deep, prefixes given at registration, a rule without a leading slash
    api = flask.Blueprint("api", __name__)
    v1 = flask.Blueprint("v1", __name__, url_prefix="/ignored")
    users = flask.Blueprint("users", __name__)

    @users.route("users/<name>")
    def user(name):
        return f"user {name} {flask.request.endpoint} {flask.url_for('.user', name='x')}"

    @users.errorhandler(404)
    def users_404(e):
        return "users 404", 404

    @users.route("/missing")
    def users_missing():
        flask.abort(404)

    @v1.route("/missing")
    def v1_missing():
        flask.abort(404)

    @api.errorhandler(404)
    def api_404(e):
        return "api 404", 404

    v1.register_blueprint(users, url_prefix="/u")
    api.register_blueprint(v1, url_prefix="/v1")
    app.register_blueprint(api, url_prefix="/api/")

    admin = flask.Blueprint(
        "admin", __name__, static_folder="admin_static", static_url_path="/assets", root_path=ASSETS
    )

    @admin.route("/admin")
    def dashboard():
        return flask.url_for("admin.static", filename="admin.js")

    @admin.app_errorhandler(405)
    def any_405(e):
        return "app-wide 405 from admin", 405

    app.register_blueprint(admin)
    return app


@pytest.fixture(scope="module")
def shop():
    return Differential(make_shop)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/shop/",
        "/shop",
        "/shop/cart",
        "/shop/cart/",
        "/shop/cart/item/3",
        "/de/about",
        "/docs/pages/docs/",
        "/docs/pages/docs/intro",
        "/blog/pages/news/",
        "/blog/pages/news/today",
        "/api/v1/u/users/ann",
        "/admin",
    ],
)
def test_routes_prefixes_and_relative_url_for(shop, path):
    shop.same("GET", path)


def test_methods_head_options_and_405(shop):
    shop.same("POST", "/shop/cart/item/3")
    shop.same("HEAD", "/shop/cart/item/3")
    shop.same("OPTIONS", "/shop/cart/item/3")
    shop.same("DELETE", "/shop/cart/item/3")  # the app-wide 405 handler registered by a blueprint


@pytest.mark.parametrize(
    "path",
    [
        "/shop/missing",
        "/shop/cart/missing",
        "/nowhere",
        "/shop/nowhere",
        "/api/v1/u/missing",
        "/api/v1/missing",
        "/shop/boom",
        "/shop/cart/boom",
        "/shop/lookup",
    ],
)
def test_error_handler_precedence(shop, path):
    shop.same("GET", path)


@pytest.mark.parametrize("path", ["/", "/shop/", "/shop/cart", "/shop/cart/boom", "/de/about"])
def test_hook_order(shop, path):
    shop.same("GET", path)
    shop.same("GET", "/log")


def test_blueprint_static_files(shop):
    shop.same("GET", "/shop/static/css/site.css")
    shop.same("GET", "/assets/admin.js")
    shop.same("GET", "/shop/static/nothing.css")
    shop.same("GET", "/shop/static/../test_blueprints.py")


def _rules(app):
    return sorted(
        (r.rule, r.endpoint, sorted(r.methods), sorted((r.defaults or {}).items()), r.subdomain or "")
        for r in app.url_map.iter_rules()
    )


def _scopes(app):
    return {
        "blueprints": sorted(app.blueprints),
        "view_functions": sorted(app.view_functions),
        **{
            attr: {k: [f.__name__ for f in v] for k, v in getattr(app, attr).items() if v}
            for attr in (
                "before_request_funcs",
                "after_request_funcs",
                "teardown_request_funcs",
                "url_value_preprocessors",
                "url_default_functions",
                "template_context_processors",
            )
        },
        "errors": {
            k: {code: sorted(c.__name__ for c in v) for code, v in spec.items() if v}
            for k, spec in app.error_handler_spec.items()
            if any(spec.values())
        },
    }


def test_registration_state_matches_flask(shop):
    assert _rules(shop.compat_app) == _rules(shop.flask_app)
    assert _scopes(shop.compat_app) == _scopes(shop.flask_app)


def make_subdomains(flask):
    app = flask.Flask(__name__, static_folder=None, subdomain_matching=True)
    app.config["SERVER_NAME"] = "example.com"
    outer = flask.Blueprint("outer", __name__, subdomain="api")
    inner = flask.Blueprint("inner", __name__, subdomain="v1")
    plain = flask.Blueprint("plain", __name__)

    @outer.route("/o")
    def o():
        return "o"

    @inner.route("/i", subdomain="x", defaults={"a": 1})
    def i(a):
        return "i"

    @plain.route("/p")
    def p():
        return "p"

    outer.register_blueprint(inner)
    outer.register_blueprint(plain)
    app.register_blueprint(outer, url_prefix="/root")
    app.register_blueprint(outer, name="other", subdomain="alt")
    return app


def test_subdomains_and_rule_options_combine_like_flask():
    assert _rules(make_subdomains(flaskcompat)) == _rules(make_subdomains(flask))


def _registration_errors(flask):
    """Flask's registration errors, as (type, message) pairs."""
    out = []

    def attempt(f):
        try:
            f()
        except Exception as e:  # collecting errors to compare
            out.append((type(e).__name__, str(e)))
        else:
            out.append(None)

    app = flask.Flask(__name__)
    bp = flask.Blueprint("bp", __name__)
    other = flask.Blueprint("bp", __name__)
    attempt(lambda: flask.Blueprint("", __name__))
    attempt(lambda: flask.Blueprint("a.b", __name__))
    attempt(lambda: bp.add_url_rule("/x", endpoint="a.b", view_func=lambda: ""))
    attempt(lambda: bp.register_blueprint(bp))
    app.register_blueprint(bp)
    attempt(lambda: app.register_blueprint(bp))
    attempt(lambda: app.register_blueprint(other))
    attempt(lambda: app.register_blueprint(bp, name="again"))
    attempt(lambda: bp.route("/late")(lambda: ""))
    attempt(lambda: bp.register_blueprint(other, name="x"))

    def dotted():
        pass

    dotted.__name__ = "a.b"
    attempt(lambda: flask.Blueprint("c", __name__).add_url_rule("/d", view_func=dotted))
    return out


def test_registration_errors_match_flask():
    assert _registration_errors(flaskcompat) == _registration_errors(flask)


def _record_calls(flask):
    calls = []
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")
    bp.record(
        lambda s: calls.append(
            (
                "record",
                s.name,
                s.url_prefix,
                s.first_registration,
                s.name_prefix,
                sorted(s.url_defaults.items()),
                s.blueprint is bp,
            )
        )
    )
    bp.record_once(lambda s: calls.append(("once", s.name)))
    app = flask.Flask(__name__)
    app.register_blueprint(bp, url_defaults={"x": 1})
    app.register_blueprint(bp, name="second", url_prefix="/two")
    app2 = flask.Flask(__name__)
    app2.register_blueprint(bp)
    return calls


def test_record_and_record_once_match_flask():
    assert _record_calls(flaskcompat) == _record_calls(flask)


def make_endpoint_app(flask):
    app = flask.Flask(__name__)
    bp = flask.Blueprint("bp", __name__)
    bp.add_url_rule("/e", endpoint="e")
    bp.add_url_rule("/auto", view_func=lambda: "auto", endpoint="auto", provide_automatic_options=False)

    @bp.endpoint("bp.e")
    def e():
        return "via endpoint decorator"

    @bp.get("/g")
    def g():
        return "get"

    @bp.post("/g")
    def p():
        return "post"

    app.register_blueprint(bp)
    return app


def test_endpoint_decorator_and_method_shortcuts():
    d = Differential(make_endpoint_app)
    for method, path in [
        ("GET", "/e"),
        ("GET", "/g"),
        ("POST", "/g"),
        ("PUT", "/g"),
        ("OPTIONS", "/auto"),
        ("OPTIONS", "/g"),
    ]:
        d.same(method, path)


def make_template_callables(flask):
    app = flask.Flask(__name__)
    bp = flask.Blueprint("bp", __name__)

    @bp.app_template_filter()
    def reverse(s):
        return s[::-1]

    @bp.app_template_test("odd")
    def is_odd(n):
        return n % 2 == 1

    @bp.app_template_global()
    def answer():
        return 42

    def shout(s):
        return s.upper()

    bp.add_app_template_filter(shout, "loud")

    @bp.context_processor
    def bp_only():
        return {"scope": "blueprint"}

    @bp.app_context_processor
    def everywhere():
        return {"everywhere": "yes"}

    template = "{{ 'abc'|reverse|loud }} {{ 3 is odd }} {{ answer() }} {{ scope|default('none') }} {{ everywhere }}"

    @bp.route("/in-bp")
    def in_bp():
        return flask.render_template_string(template)

    @app.route("/in-app")
    def in_app():
        return flask.render_template_string(template)

    app.register_blueprint(bp)
    app.register_blueprint(bp, name="again", url_prefix="/again")  # record_once: registered once
    return app


@pytest.mark.parametrize("path", ["/in-bp", "/in-app", "/again/in-bp"])
def test_app_template_callables_and_context_processors(path):
    Differential(make_template_callables).same("GET", path)


def test_context_processors_keyed_by_blueprint():
    def build(flask):
        app = flask.Flask(__name__)
        outer, inner = flask.Blueprint("outer", __name__), flask.Blueprint("inner", __name__)

        def local():
            return {}

        def everywhere():
            return {}

        outer.context_processor(local)
        inner.context_processor(local)
        inner.app_context_processor(everywhere)
        outer.register_blueprint(inner)
        app.register_blueprint(outer)
        return {k: [f.__name__ for f in v] for k, v in app.template_context_processors.items()}

    assert build(flaskcompat) == build(flask)


def _cli(flask, cli_group):
    app = flask.Flask(__name__)
    app.cli = click.Group(app.name)
    bp = flask.Blueprint("bp", __name__, **({} if cli_group is ... else {"cli_group": cli_group}))
    bp.cli = click.Group("bp")

    @bp.cli.command("hello")
    def hello():
        pass

    app.register_blueprint(bp)
    return {name: sorted(getattr(cmd, "commands", {})) for name, cmd in app.cli.commands.items()}


@pytest.mark.parametrize("cli_group", [..., None, "custom"])
def test_blueprint_cli_commands_merge_like_flask(cli_group):
    assert _cli(flaskcompat, cli_group) == _cli(flask, cli_group)


def test_blueprint_has_a_cli_group():
    assert flaskcompat.Blueprint("bp", __name__).cli.name == "bp"


def test_jinja_loader_and_open_resource():
    bp = flaskcompat.Blueprint("bp", __name__, root_path=ASSETS, template_folder="static")
    assert bp.jinja_loader.searchpath == [os.path.join(ASSETS, "static")]
    with bp.open_resource("static/css/site.css", "r") as f:
        assert f.read() == "body { color: red; }\n"
    assert flaskcompat.Blueprint("none", __name__).jinja_loader is None


# -- a Blueprint mounted alone in a Django URLconf -------------------------------------------------

mounted = pytest.mark.urls("tests.urlconfs.blueprint_mounted")


@mounted
def test_mounted_blueprint_reverse_and_resolve_in_its_namespace():
    from django.urls import resolve, reverse

    assert reverse("shop:index") == "/shop/"
    assert reverse("shop:product", kwargs={"pid": 3}) == "/shop/product/3"
    assert reverse("shop:cart.show", kwargs={"item": 2}) == "/shop/cart/2"
    assert reverse("shop:static", kwargs={"filename": "css/site.css"}) == "/shop/static/css/site.css"
    match = resolve("/shop/cart/2")
    assert (match.namespace, match.url_name, match.kwargs) == ("shop", "cart.show", {"item": 2})


@mounted
def test_mounted_blueprint_serves_under_the_mount_point(client):
    assert client.get("/shop/").content == b"/shop|/|/shop/|/shop/cart/2"
    assert client.get("/shop/cart/5").content == b"cart 5 ['shop.cart', 'shop']"
    assert client.get("/shop/product/1").content == b"product 1 /shop/static/css/site.css"
    r = client.get("/shop/missing")
    assert (r.status_code, r.content) == (404, b"shop 404")
    assert client.get("/shop/ignored-when-mounted/").status_code == 404


@mounted
def test_mounted_blueprint_static_files(client):
    r = client.get("/shop/static/css/site.css")
    assert r.status_code == 200
    assert b"".join(r.streaming_content if r.streaming else [r.content]) == b"body { color: red; }\n"


@mounted
def test_mounted_blueprint_shares_the_django_session(client):
    client.get("/fill/")
    assert client.get("/shop/session").content == b"cart=[1, 2]"


@mounted
def test_mounted_blueprint_csrf_like_django_views_unless_exempt():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/shop/order").status_code == 403
    r = strict.post("/forms/submit", {"x": "1"})
    assert (r.status_code, r.content) == (200, b"submitted 1")


@mounted
def test_mounted_blueprint_url_for_outside_a_request():
    from tests.urlconfs.blueprint_mounted import shop

    host = shop.urls[0].app
    host.config["SERVER_NAME"] = "example.com"
    try:
        with host.app_context():
            assert flaskcompat.url_for("shop.product", pid=4) == "http://example.com/shop/product/4"
    finally:
        host.config["SERVER_NAME"] = None


@mounted
def test_mounted_blueprint_configured_from_django_settings(client):
    assert client.get("/shop/config").content == b"shop debug=False secret=True"


def test_host_app_reads_debug_secret_key_and_flaskcompat_dict(settings):
    settings.DEBUG = True
    settings.SECRET_KEY = "from-django"
    settings.FLASKCOMPAT_BLUEPRINT_CONFIG = {"TESTING": True, "MAX_CONTENT_LENGTH": 1024, "lowercase": "ignored"}
    bp = flaskcompat.Blueprint("configured", __name__)
    urlconf, namespace = bp.urls
    host = urlconf.app
    assert namespace == host.name == "configured"
    assert (host.debug, host.secret_key, host.testing, host.config["MAX_CONTENT_LENGTH"]) == (
        True,
        "from-django",
        True,
        1024,
    )
    assert "lowercase" not in host.config
    assert host.blueprints == {"configured": bp} and not host.has_static_folder
    assert bp.urls[0] is urlconf  # built once
