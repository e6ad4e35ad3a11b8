"""Templates render as on Flask (differential), through a TEMPLATES backend Django knows."""

import datetime
import logging
import os
import time
from pathlib import Path

import flask as real_flask
import pytest
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from jinja2 import TemplateNotFound
from markupsafe import Markup

import flaskcompat
from flaskcompat import templating
from tests.differential import Differential

TESTS = Path(__file__).resolve().parent
EXTENSIONS = ["html", "htm", "xml", "xhtml", "svg", "txt"]
ESCAPED = {"html", "htm", "xml", "xhtml", "svg"}


def _templates(**backend):
    """TEMPLATES with this suite's Jinja2 backend configured as ``backend`` says."""
    return [
        {
            "BACKEND": "flaskcompat.templating.Jinja2",
            "DIRS": [TESTS / "jinja2"],
            "APP_DIRS": True,
            "OPTIONS": {},
            **backend,
        }
    ]


def make_app(flask):
    app = flask.Flask(__name__)
    app.secret_key = "templating"
    app.config["SITE"] = "<site>"

    @app.context_processor
    def processor():
        return {"from_processor": "processed", "overridden": "by processor"}

    @app.template_filter()
    def reverse_it(s):
        return s[::-1]

    @app.template_test("even_number")
    def is_even(n):
        return n % 2 == 0

    @app.template_global()
    def shout(s):
        return s.upper() + "!"

    app.add_template_filter(lambda s: s * 2, "twice")
    app.add_template_test(lambda n: n == 7, "seven")
    app.add_template_global(lambda: 42, "answer")

    @app.route("/")
    def index():
        return flask.render_template("index.html")

    @app.route("/login", methods=["GET", "POST"])
    def login():
        error = None
        if flask.request.method == "POST":
            error = "Invalid username/password"
        return flask.render_template("login.html", error=error)

    @app.route("/hello/")
    @app.route("/hello/<name>")
    def hello(name=None):
        return flask.render_template("hello.html", name=name)

    @app.route("/escape/<ext>")
    def escape(ext):
        return flask.render_template(f"escape.{ext}", value="<b>&'\"", safe=Markup("<i>ok</i>"))

    @app.route("/string")
    def string():
        return flask.render_template_string(
            "{{ value }}|{{ safe }}|{{ value|safe }}|{{ config.SITE }}", value="<b>", safe=Markup("<i>ok</i>")
        )

    @app.route("/context")
    def context():
        flask.g.user = "<g user>"
        flask.session["user"] = "ann"
        return flask.render_template("context.html", overridden="by view")

    @app.route("/imports")
    def imports():
        flask.g.user = "gina"
        return flask.render_template("imports.html", name="<you>")

    @app.route("/attribute")
    def attribute():
        hello = flask.get_template_attribute("macros.html", "hello")
        return f"{hello('<x>')}|{flask.get_template_attribute('macros.html', 'answer')}"

    @app.route("/undefined")
    def undefined():
        return flask.render_template("undefined.html")

    @app.route("/callables")
    def callables():
        return flask.render_template("callables.txt")

    @app.route("/tojson")
    def tojson():
        data = {"b": "</script><!--", "a": [1, 2.5, None, True], "&": "'\"", "d": datetime.date(2024, 1, 2)}
        return flask.render_template("tojson.html", data=data, text="<\u00e9>")

    @app.route("/list")
    def template_list():
        return flask.render_template(["missing.html", "hello.html"], name="list")

    @app.route("/object")
    def template_object():
        template = flask.current_app.jinja_env.get_template("hello.html")
        return flask.render_template([template], name="object")

    @app.route("/stream")
    def stream():
        return flask.stream_template("stream.html", items=["<a>", "b"])

    @app.route("/stream-string")
    def stream_string():
        return flask.stream_template_string(
            "{% for i in items %}{{ i }}{% endfor %}{{ request.path }}", items=["<a>", "b"]
        )

    @app.route("/missing")
    def missing():
        return flask.render_template("no-such-template.html")

    @app.errorhandler(404)
    def page_not_found(error):
        resp = flask.make_response(flask.render_template("page_not_found.html"), 404)
        resp.headers["X-Something"] = "A value"
        return resp

    @app.errorhandler(500)
    def server_error(error):
        name = type(getattr(error, "original_exception", error)).__name__
        return f"500 {name}", 500

    return app


@pytest.fixture(scope="module")
def d():
    return Differential(make_app, compare_cookies=False)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/login",
        "/hello/",
        "/hello/World",
        "/hello/%3Cscript%3E",
        "/string",
        "/context",
        "/imports",
        "/attribute",
        "/undefined",
        "/callables",
        "/tojson",
        "/list",
        "/object",
        "/stream",
        "/stream-string?q=%3Cq%3E",
        "/nowhere",
    ],
)
def test_renders_as_flask(d, path):
    d.same("GET", path)


def test_post_rerenders_with_error_as_flask(d):
    d.same("POST", "/login", data={"username": "<ann>", "password": "x"})


def test_missing_template_fails_as_flask(d):
    ours = d.same("GET", "/missing")
    assert ours.data == b"500 TemplateNotFound"


@pytest.mark.parametrize("ext", EXTENSIONS)
def test_autoescape_follows_the_extension(d, ext):
    body = d.same("GET", f"/escape/{ext}").get_data(as_text=True)
    escaped = "&lt;b&gt;&amp;&#39;&#34;"
    if ext in ESCAPED:
        assert body == f"{escaped}|<i>ok</i>|<b>&'\"|{escaped}"
    else:
        assert body == f"<b>&'\"|<i>ok</i>|<b>&'\"|{escaped}"


def test_quickstart_template(d):
    body = d.same("GET", "/hello/<blink>hacker<blink>").get_data(as_text=True)
    assert "<h1>Hello &lt;blink&gt;hacker&lt;blink&gt;!</h1>" in body
    assert "<h1>Hello World!</h1>" in d.same("GET", "/hello/").get_data(as_text=True)


def test_quickstart_custom_404_page(d):
    ours = d.same("GET", "/does/not/exist")
    assert ours.headers["X-Something"] == "A value"
    assert "<h1>Page Not Found</h1>" in ours.get_data(as_text=True)


def test_quickstart_markup_examples():
    from flaskcompat import Markup, escape

    assert Markup("<strong>Hello %s!</strong>") % "<blink>hacker</blink>" == Markup(
        "<strong>Hello &lt;blink&gt;hacker&lt;/blink&gt;!</strong>"
    )
    assert Markup.escape("<blink>hacker</blink>") == Markup("&lt;blink&gt;hacker&lt;/blink&gt;")
    assert Markup("<em>Marked up</em> &raquo; HTML").striptags() == "Marked up \xbb HTML"
    assert escape("<b>") == Markup("&lt;b&gt;")


def test_tojson_is_html_safe(d):
    body = d.same("GET", "/tojson").get_data(as_text=True)
    data = body[body.index("{") : body.index("};") + 1]
    assert "<" not in data and ">" not in data and "&" not in data and "'" not in data
    assert "\\u003c/script\\u003e\\u003c!--" in data
    assert '"d": "Tue, 02 Jan 2024 00:00:00 GMT"' in body


def test_context_has_flask_globals_and_view_wins(d):
    body = d.same("GET", "/context").get_data(as_text=True)
    assert "path=/context endpoint=context" in body
    assert "g.user=&lt;g user&gt; session.user=ann config.SITE=&lt;site&gt;" in body
    assert "url=http://localhost/context" in body
    assert "processor=processed overridden=by view flashes=[]" in body


def _signals(flask, path):
    d = Differential(make_app)
    app = d.compat_app if flask is flaskcompat else d.flask_app
    client = d.compat_client if flask is flaskcompat else d.flask_client
    seen = []

    def before(sender, template, context, **extra):
        seen.append(("before", sender is app, template.name, context.get("name"), context["from_processor"]))

    def rendered(sender, template, context, **extra):
        seen.append(("rendered", sender is app, template.name, context.get("name"), "request" in context))

    with flask.before_render_template.connected_to(before, app), flask.template_rendered.connected_to(rendered, app):
        body = client.get(path).data
    return seen, body


@pytest.mark.parametrize("path", ["/hello/sig", "/stream", "/string"])
def test_flask_signals_as_flask(path):
    assert _signals(flaskcompat, path) == _signals(real_flask, path)


# -- the environment ------------------------------------------------------------------------------


def test_one_environment_per_app_with_flask_globals():
    app = flaskcompat.Flask(__name__)
    env = app.jinja_env
    assert env is app.jinja_env and isinstance(env, real_flask.templating.Environment) and env.app is app
    assert isinstance(env.loader, real_flask.templating.DispatchingJinjaLoader)
    assert {"url_for", "get_flashed_messages", "config", "request", "session", "g"} <= set(env.globals)
    assert env.globals["config"] is app.config
    assert env.policies["json.dumps_function"] == app.json.dumps
    other = app.create_jinja_environment()
    assert other is not env and other.app is app
    assert env.get_template("hello.html") is env.get_template("hello.html")  # cached


def test_jinja_options_and_late_registrations():
    class App(flaskcompat.Flask):
        jinja_options = {"trim_blocks": True, "extensions": ["jinja2.ext.do"]}

    app = App(__name__)
    app.add_template_filter(str.upper, "up")  # before the environment exists
    assert app.jinja_env.trim_blocks and "jinja2.ext.ExprStmtExtension" in app.jinja_env.extensions
    app.add_template_global("late", "late_global")  # after
    with app.app_context():
        assert flaskcompat.render_template_string("{{ 'a'|up }}{{ late_global }}") == "Alate"


def test_auto_reload_follows_config_and_debug(tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.txt"

    def render_twice(configure):
        page.write_text("one")
        app = flaskcompat.Flask(__name__, root_path=str(tmp_path))
        configure(app)
        with app.app_context():
            first = flaskcompat.render_template("page.txt")
            page.write_text("two")
            later = time.time() + 5
            os.utime(page, (later, later))
            return first, flaskcompat.render_template("page.txt")

    assert render_twice(lambda app: None) == ("one", "one")
    assert render_twice(lambda app: app.config.update(TEMPLATES_AUTO_RELOAD=True)) == ("one", "two")
    assert render_twice(lambda app: app.config.update(DEBUG=True)) == ("one", "two")
    assert render_twice(lambda app: app.config.update(DEBUG=True, TEMPLATES_AUTO_RELOAD=False)) == ("one", "one")

    app = flaskcompat.Flask(__name__, root_path=str(tmp_path))
    assert not app.jinja_env.auto_reload
    app.debug = True
    assert app.jinja_env.auto_reload is True


def test_undefined_renders_empty_whatever_debug_says():
    with override_settings(DEBUG=True):
        assert templating.configured_backend().from_string("[{{ missing }}]").render() == "[]"
        app = flaskcompat.Flask(__name__)
        with app.test_request_context():
            assert flaskcompat.render_template("undefined.html") == "[][fallback][undefined]"


def test_outside_an_app_context_fails_as_flask():
    with pytest.raises(RuntimeError, match="application context"):
        flaskcompat.render_template("hello.html")


# -- loader order ---------------------------------------------------------------------------------


def _loader_app(flask):
    app = flask.Flask(__name__)
    bp = flask.Blueprint("bp", __name__, template_folder="bp_templates", url_prefix="/bp")
    bp2 = flask.Blueprint("bp2", __name__, template_folder="bp2_templates")

    @bp.context_processor
    def bp_processor():
        return {"bp_value": "bp processor"}

    @bp.app_template_filter("bp_filter")
    def bp_filter(s):
        return f"[{s}]"

    @bp.route("/render/<name>")
    def bp_render(name):
        return flask.render_template(name)

    @app.route("/render/<name>")
    def app_render(name):
        return flask.render_template(name)

    @app.route("/filter")
    def uses_bp_filter():
        return flask.render_template_string("{{ 'x'|bp_filter }}")

    app.register_blueprint(bp)
    app.register_blueprint(bp2)
    return app


@pytest.mark.parametrize(
    "path",
    [
        "/render/shadow.html",
        "/render/bp_only.html",
        "/render/bp2_only.html",
        "/bp/render/shadow.html",
        "/bp/render/bp_only.html",
        "/render/bp_value.html",
        "/bp/render/bp_value.html",
        "/filter",
    ],
)
def test_app_then_blueprints_in_registration_order_as_flask(path):
    Differential(_loader_app).same("GET", path)


def test_blueprint_context_processors_apply_to_its_views():
    client = _loader_app(flaskcompat).test_client()
    assert client.get("/render/bp_value.html").data == b"[]"
    assert client.get("/bp/render/bp_value.html").data == b"[bp processor]"


def test_backend_dirs_come_after_app_and_blueprints():
    with override_settings(TEMPLATES=_templates()):
        app = _loader_app(flaskcompat)
        client = app.test_client()
        assert client.get("/render/shadow.html").data == b"app"
        assert client.get("/render/backend_only.html").data == b"backend only "
        assert client.get("/render/bp2_only.html").data == b"bp2 only"
        assert sorted(app.jinja_env.list_templates()) == sorted(
            {
                *os.listdir(TESTS / "templates"),
                *os.listdir(TESTS / "bp_templates"),
                *os.listdir(TESTS / "bp2_templates"),
                *os.listdir(TESTS / "jinja2"),
            }
        )
        with app.app_context(), pytest.raises(TemplateNotFound):
            flaskcompat.render_template("nowhere.html")


def test_explain_template_loading(caplog):
    with override_settings(TEMPLATES=_templates()):
        app = _loader_app(flaskcompat)
        app.config["EXPLAIN_TEMPLATE_LOADING"] = True
        with caplog.at_level(logging.INFO, logger=app.logger.name), app.app_context():
            flaskcompat.render_template("shadow.html")
            with pytest.raises(TemplateNotFound):
                flaskcompat.render_template("nowhere.html")
    found, missing = [r.getMessage() for r in caplog.records]
    assert found.startswith("Locating template 'shadow.html':")
    assert "trying loader of application 'tests.test_templating'" in found  # Flask's own explanation
    assert "trying loader of blueprint 'bp' (tests.test_templating)" in found
    assert "trying loader of Django backend 'templating'" in found
    assert "Warning: multiple loaders returned a match for the template." in found
    assert missing.endswith("Error: the template could not be found.")


def test_backend_options_carry_over_to_apps():
    options = {
        "trim_blocks": True,
        "context_processors": ["tests.test_templating.django_processor"],
        "environment": "tests.test_templating.django_environment",
    }
    with override_settings(TEMPLATES=_templates(OPTIONS=options)):
        app = flaskcompat.Flask(__name__)

        @app.context_processor
        def flask_processor():
            return {"shared": "flask wins"}

        @app.route("/")
        def index():
            return flaskcompat.render_template_string(
                "{% if true %}\n{{ django_value }} {{ shared }} {{ reverse_url() }} {{ request.path }}{% endif %}"
            )

        assert app.jinja_env.trim_blocks
        assert app.test_client().get("/").data == b"django processor flask wins from environment /"


def django_processor(request):
    return {"django_value": "django processor", "shared": "django", "request": "django request"}


def django_environment(**options):
    from jinja2 import Environment

    env = Environment(**options)
    env.globals["reverse_url"] = lambda: "from environment"
    return env


# -- Django's side: the TEMPLATES backend ---------------------------------------------------------


def test_backend_is_djangos_jinja2_backend_with_flask_defaults():
    from django.template.backends.jinja2 import Jinja2 as DjangoJinja2

    with override_settings(TEMPLATES=_templates()):
        backend = templating.configured_backend()
        assert isinstance(backend, DjangoJinja2) and backend.app_dirname == "jinja2"
        assert backend.template_dirs[0] == TESTS / "jinja2"
        for ext in ("html", "txt"):
            out = render_to_string(f"escape.{ext}", {"value": "<b>", "safe": Markup("<i>")})
            assert out == ("&lt;b&gt;|<i>|<b>|&lt;b&gt;" if ext == "html" else "<b>|<i>|<b>|&lt;b&gt;")
        assert backend.from_string("{{ v }}").render({"v": "<b>"}) == "&lt;b&gt;"
        with pytest.raises(TemplateDoesNotExist):
            backend.get_template("nowhere.html")


def test_backend_explicit_options_win():
    with override_settings(TEMPLATES=_templates(OPTIONS={"autoescape": False})):
        assert render_to_string("escape.html", {"value": "<b>"}).startswith("<b>|")


def test_django_render_with_request_csrf_and_tojson():
    with override_settings(TEMPLATES=_templates()):
        request = RequestFactory().get("/page")
        out = render(request, "django_page.html", {"value": "<v>", "data": {"k": "</script>"}}).content.decode()
    path, value, missing, data, csrf = out.strip().split("|")
    assert (path, value, missing, data) == ("/page", "&lt;v&gt;", "", '{"k": "\\u003c/script\\u003e"}')
    assert csrf.startswith('<input type="hidden" name="csrfmiddlewaretoken" value="')


@pytest.mark.urls("tests.urlconfs.templated")
def test_django_test_client_sees_jinja2_templates_and_context(client):
    from django.test import SimpleTestCase

    response = client.get("/legacy/hello/ann")
    SimpleTestCase().assertTemplateUsed(response, "hello.html")
    assert response.context["name"] == "ann"  # the view's variable beat the processor's
    assert response.context["site"] == "legacy"
    assert response.context["request"].path == "/hello/ann"
    assert "<h1>Hello ann!</h1>" in response.content.decode()

    with override_settings(TEMPLATES=_templates()):
        response = client.get("/django/")
    SimpleTestCase().assertTemplateUsed(response, "escape.html")
    assert response.context["value"] == "<v>"
    assert response.content.decode() == "&lt;v&gt;|ok|<v>|&lt;v&gt;"


@pytest.mark.urls("tests.urlconfs.templated")
def test_csrf_variables_when_the_middleware_is_active(client, settings):
    assert "csrftoken" not in client.get("/legacy/hello/ann").cookies  # lazy: unused, no cookie
    response = client.get("/legacy/form")
    body = response.content.decode()
    assert body.startswith('<form><input type="hidden" name="csrfmiddlewaretoken" value="')
    assert body.endswith("|64")
    assert "csrftoken" in response.cookies
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "csrf" not in m]
    assert client.get("/legacy/form").content.decode() == "<form></form>|0"


def test_apps_render_without_a_flaskcompat_backend():
    with override_settings(TEMPLATES=[]):
        app = flaskcompat.Flask(__name__)
        with app.test_request_context():
            assert "<h1>Hello ann!</h1>" in flaskcompat.render_template("hello.html", name="ann")
        assert templating.configured_backend() is None


# -- embedded mode (no Django project): the quickstart's examples, run by real Flask and by flaskcompat ----

SEED = """
import os, sys
if sys.argv[-1] == "flaskcompat":
    from flaskcompat import Flask, flash, get_flashed_messages, redirect, render_template, request, url_for
else:
    from flask import Flask, flash, get_flashed_messages, redirect, render_template, request, url_for
from markupsafe import Markup  # Flask 3 no longer re-exports it (flaskcompat still does)

app = Flask(__name__, root_path=os.environ["SEED_ROOT"])
app.secret_key = "A0Zr98j/3yX R~XHH!jmN]LWX/,?RT"

@app.route('/hello/')
@app.route('/hello/<name>')
def hello(name=None):
    return render_template('hello.html', name=name)

@app.route('/')
def index():
    return render_template('index.html')

@app.route('/login', methods=['GET', 'POST'])
def login():
    error = None
    if request.method == 'POST':
        if request.form['password'] == 'secret':
            flash('You were logged in')
            flash(Markup('<b>welcome</b> back'), 'success')
            return redirect(url_for('index'))
        error = 'Invalid <password>'
    return render_template('login.html', error=error)

print(Markup('<strong>Hello %s!</strong>') % '<blink>hacker</blink>')
print(Markup.escape('<blink>hacker</blink>'))
print(Markup('<em>Marked up</em> &raquo; HTML').striptags())
client = app.test_client()
for method, path, data in [("GET", "/hello/", None), ("GET", "/hello/<b>you<b>", None), ("GET", "/login", None),
                           ("POST", "/login", {"username": "ann", "password": "wrong"}),
                           ("POST", "/login", {"username": "ann", "password": "secret"}),
                           ("GET", "/", None), ("GET", "/", None)]:
    r = client.open(path, method=method, data=data)
    print(method, path, r.status_code, r.headers.get("Location"), r.headers.get("Vary"))
    print(r.get_data(as_text=True))
"""


@pytest.mark.slow
def test_quickstart_examples_in_embedded_mode_match_flask(tmp_path):
    from tests.subprocesses import run

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "hello.html").write_text((TESTS / "templates" / "hello.html").read_text())
    (tmp_path / "templates" / "layout.html").write_text("""<!doctype html>
<title>Flaskr</title>
{% for message in get_flashed_messages() %}<div class=flash>{{ message }}</div>{% endfor %}
{% block body %}{% endblock %}""")
    (tmp_path / "templates" / "index.html").write_text(
        '{% extends "layout.html" %}{% block body %}<a href="{{ url_for(\'login\') }}">log in</a>{% endblock %}'
    )
    (tmp_path / "templates" / "login.html").write_text(
        '{% extends "layout.html" %}{% block body %}{% if error %}<p class=error>{{ error }}{% endif %}'
        "<form method=post>{{ csrf_input }}</form>{% endblock %}"
    )
    outputs = [run(["python", "-c", SEED, flavour], SEED_ROOT=str(tmp_path)) for flavour in ("flask", "flaskcompat")]
    for proc in outputs:
        assert proc.returncode == 0, proc.stderr
    theirs, ours = (proc.stdout for proc in outputs)
    assert ours == theirs
    assert "<div class=flash>You were logged in</div><div class=flash><b>welcome</b> back</div>" in ours
    assert "<p class=error>Invalid &lt;password&gt;" in ours
