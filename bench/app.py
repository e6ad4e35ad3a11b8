"""The benchmark app, written once against a ``flask``-shaped module.

Every factory takes the framework module as its first argument, so the same code runs
on real Flask 3.1 and on flaskcompat::

    import flask, flaskcompat
    from bench.app import make
    make(flask, "main")          # the scenario app
    make(flaskcompat, "rules1000")

Apps (``KINDS``):

``main``
    hello, a string and an int parameter, a template of 100 escaped rows with
    inheritance, a 20-key JSON dict, a 10-field urlencoded POST, a session counter and a
    view with 20 ``url_for`` calls.
``rules10`` / ``rules1000``
    N rules (half static, half with an int converter), for "hit the last-registered
    rule" and "404" at 10 and 1000 rules.
``blueprints``
    A blueprint-heavy app: an ``api`` blueprint with 20 nested blueprints of 5 rules
    each, app- and blueprint-level ``before_request``/``after_request`` hooks, and a
    relative ``url_for(".item0")`` in the view.

Nothing here is framework-specific; the plain Django equivalents live in
``bench/django_views.py`` and the raw WSGI floor in ``bench/raw.py``; all of them must
answer byte-identical bodies (``bench/scenarios.py`` checks it before timing).
"""

from __future__ import annotations

SECRET_KEY = "bench-secret-key-not-for-production"

#: 100 rows whose text needs escaping (``<``, ``>``, ``&``, quotes).
ROWS = [{"id": i, "name": f'<row {i}> & "friends"', "note": f"it's #{i} <b>bold</b>"} for i in range(100)]

#: The 20-key JSON document.
JSON_DOC = {f"key{i:02d}": (i if i % 2 else f"value {i}") for i in range(20)}

#: The 10-field urlencoded POST body.
FORM_FIELDS = [(f"field{i}", f"value {i} & more") for i in range(10)]

N_BLUEPRINTS = 20
ROUTES_PER_BLUEPRINT = 5


def form_echo(items):
    """What the form view answers (shared with the Django and raw versions)."""
    return "&".join(f"{k}={v}" for k, v in sorted(items))


def make(flask, kind="main"):
    """Build app ``kind`` with the framework module ``flask``."""
    return FACTORIES[kind](flask)


def create_app(flask):
    app = flask.Flask(__name__)
    app.secret_key = SECRET_KEY

    @app.route("/")
    def hello():
        return "Hello, World!"

    @app.route("/user/<name>/post/<int:post_id>")
    def params(name, post_id):
        return f"user {name} post {post_id + 1}"

    @app.route("/template")
    def template():
        return flask.render_template("rows.html", title="Rows & <columns>", rows=ROWS)

    @app.route("/json")
    def json_view():
        return JSON_DOC

    @app.route("/form", methods=["POST"])
    def form():
        return form_echo(flask.request.form.items())

    @app.route("/session")
    def session_counter():
        flask.session["n"] = flask.session.get("n", 0) + 1
        return str(flask.session["n"])

    @app.route("/links")
    def links():
        url_for = flask.url_for
        out = []
        for i in range(5):
            out.append(url_for("hello"))
            out.append(url_for("params", name=f"user{i}", post_id=i))
            out.append(url_for("json_view", page=i, sort="name"))
            out.append(url_for("params", name="x y", post_id=i, _anchor="top"))
        return "\n".join(out)

    return app


def _rules_app(flask, n):
    app = flask.Flask(__name__)
    app.secret_key = SECRET_KEY

    def page(i):
        def view():
            return f"page {i}"

        return view

    def item(i):
        def view(id):
            return f"item {i} {id}"

        return view

    for i in range(n):
        if i % 2 == 0:
            app.add_url_rule(f"/section{i}/page", f"page{i}", page(i))
        else:
            app.add_url_rule(f"/section{i}/item/<int:id>", f"item{i}", item(i))
    return app


def create_rules10_app(flask):
    return _rules_app(flask, 10)


def create_rules1000_app(flask):
    return _rules_app(flask, 1000)


def create_blueprint_app(flask):
    app = flask.Flask(__name__)
    app.secret_key = SECRET_KEY

    @app.before_request
    def app_before():
        flask.g.trail = ["app"]

    @app.after_request
    def app_after(response):
        response.headers["X-Trail"] = "/".join(flask.g.trail)
        return response

    api = flask.Blueprint("api", __name__, url_prefix="/api")

    @api.before_request
    def api_before():
        flask.g.trail.append("api")

    def view(id):
        req = flask.request
        return f"{req.blueprint} {req.endpoint} {id} {flask.url_for('.item0', id=id + 1)}"

    for b in range(N_BLUEPRINTS):
        bp = flask.Blueprint(f"bp{b}", __name__, url_prefix=f"/bp{b}")

        @bp.before_request
        def bp_before(b=b):
            flask.g.trail.append(f"bp{b}")

        @bp.after_request
        def bp_after(response):
            response.headers["X-Blueprint"] = flask.request.blueprint
            return response

        for r in range(ROUTES_PER_BLUEPRINT):
            bp.add_url_rule(f"/item{r}/<int:id>", f"item{r}", view)
        api.register_blueprint(bp)
    app.register_blueprint(api)
    return app


FACTORIES = {
    "main": create_app,
    "rules10": create_rules10_app,
    "rules1000": create_rules1000_app,
    "blueprints": create_blueprint_app,
}
KINDS = tuple(FACTORIES)
