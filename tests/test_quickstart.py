"""Every example of the Flask quickstart (the Chinese translation of the Flask 0.10 quickstart,
"快速入门") runs on flaskcompat and behaves as it does on Flask 3.1.

The tests follow the quickstart section by section, in its order; each docstring names the section.
Examples that are apps are written once as ``make_app(flask)`` and compared with real Flask
by the differential harness (``tests/differential.py``); their templates and static files are
in ``tests/quickstart_assets/`` (the apps' ``root_path``, so the quickstart's default ``templates/``
and ``static/`` folders are used as is). Examples that are scripts (``python hello.py``,
``app.run(...)``), or whose point is the literal ``from flask import ...``, run in fresh
interpreters: once under real Flask and once written for flaskcompat, the one change a Flask
script makes: its ``flask`` imports are ``flaskcompat``'s (:func:`on_flaskcompat`).

The quickstart is old (Flask 0.10, Python 2): its ``print x`` become ``print(x)``; where it uses
what Flask 3.1 removed (``from flask import Markup/escape``, ``from werkzeug import
secure_filename``, ``werkzeug.contrib.fixers``), the test runs the closest modern equivalent
on both frameworks and its docstring says so.
"""

from __future__ import annotations

import io
import logging
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import flask as real_flask
import markupsafe
import pytest
import werkzeug.utils
from markupsafe import Markup

import flaskcompat

from .differential import COMPARED_HEADERS, Differential, cookies_of
from .subprocesses import ROOT, clean_env

ASSETS = Path(__file__).resolve().parent / "quickstart_assets"


def new_app(flask, **kwargs):
    """``Flask(__name__)`` as in the quickstart, rooted where the quickstart's ``templates``/``static`` are.

    It has a secret key: the layout reads the flashes, hence the session, and a Flask app
    without a key has a null session (no ``Vary: Cookie``) where a mounted flaskcompat app has
    the project's (Django's SECRET_KEY rules in a project, by design).
    """
    app = flask.Flask(__name__, root_path=str(ASSETS), **kwargs)
    app.secret_key = "quickstart"
    return app


# -- running the quickstart's scripts ---------------------------------------------------------------


def on_flaskcompat(source):
    """The quickstart's script written for flaskcompat: ``from flask import ...`` becomes ``from
    flaskcompat import ...`` and ``import flask``, ``import flaskcompat as flask``."""
    source = re.sub(r"^(\s*)from flask import ", r"\1from flaskcompat import ", source, flags=re.M)
    return re.sub(r"^(\s*)import flask\b", r"\1import flaskcompat as flask", source, flags=re.M)


def for_framework(framework, source):
    return on_flaskcompat(source) if framework == "flaskcompat" else source


def script_env(tmp_path):
    """Environment for ``python <quickstart script>`` (no Django settings: embedded mode for flaskcompat)."""
    return clean_env(PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]), PYTHONUNBUFFERED="1")


def run_script(tmp_path, framework, name, source, driver=None):
    """Write the quickstart's ``source`` as ``name``; run it (or ``driver``, which imports it)."""
    (tmp_path / name).write_text(for_framework(framework, textwrap.dedent(source)))
    args = [sys.executable, name]
    if driver is not None:
        (tmp_path / "driver.py").write_text(for_framework(framework, textwrap.dedent(driver)))
        args = [sys.executable, "driver.py"]
    proc = subprocess.run(args, cwd=tmp_path, env=script_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"{framework}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def both_frameworks(tmp_path, name, source, driver=None, flask_source=None):
    """Run the quickstart script under real Flask and under flaskcompat; returns ``(ours, flasks)``."""
    theirs_dir, ours_dir = tmp_path / "flask", tmp_path / "flaskcompat"
    theirs_dir.mkdir()
    ours_dir.mkdir()
    theirs = run_script(theirs_dir, "flask", name, flask_source or source, driver)
    ours = run_script(ours_dir, "flaskcompat", name, source, driver)
    return ours, theirs


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """``python <script>`` in the background (its own process group: the reloader's child too).

    A thread drains its output (stdout and stderr: Flask prints part of its banner on each) into
    ``lines``, so a quiet server never blocks a read and a chatty one never fills the pipe.
    """

    def __init__(self, tmp_path, framework, name, source, *args):
        self.directory = tmp_path
        (tmp_path / name).write_text(for_framework(framework, textwrap.dedent(source)))
        self.proc = subprocess.Popen(
            [sys.executable, name, *map(str, args)],
            cwd=tmp_path,
            env=script_env(tmp_path),
            text=True,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.lines = []
        self._new = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            self._new.put(line)
        self._new.put(None)

    def wait_for(self, pattern, timeout=30):
        """Wait for an output line matching ``pattern``; returns that line."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._new.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r}; output:\n{''.join(self.lines)}")

    def get(self, url, timeout=20):
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    return r.status, r.read(), r.headers
            except urllib.error.HTTPError as e:
                return e.code, e.read(), e.headers
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._reader.join(timeout=10)
        self.proc.stdout.close()


@pytest.fixture
def serve(tmp_path):
    started = []

    def start(framework, name, source, *args):
        directory = tmp_path / f"{framework}-{len(started)}"
        directory.mkdir()
        served = Served(directory, framework, name, source, *args)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


# == 基本使用 / A minimal application ==========================================================

HELLO = """\
from flask import Flask
app = Flask(__name__)

@app.route('/')
def hello_world():
    return 'Hello World!'

if __name__ == '__main__':
    app.run({run_args})
"""


def make_hello(flask):
    app = flask.Flask(__name__)

    @app.route("/")
    def hello_world():
        return "Hello World!"

    return app


def test_minimal_application():
    """基本使用 / A minimal application: ``hello_world`` answers "Hello World!" (and only "/")."""
    d = Differential(make_hello)
    assert d.same("GET", "/").data == b"Hello World!"
    d.same("GET", "/missing")
    d.same("POST", "/")


@pytest.mark.slow
def test_minimal_application_script(tmp_path):
    """基本使用 / A minimal application: the quickstart's ``hello.py`` (``from flask import Flask``, or
    ``from flaskcompat import Flask``), imported as a module (``__name__ != '__main__'``: no
    server) and used as a WSGI app.

    ``python hello.py`` serving on http://127.0.0.1:5000/ is covered by
    ``tests/test_serving.py::test_python_hello_py_serves_on_port_5000`` (not duplicated here).
    """
    driver = """
        import flask, hello
        client = hello.app.test_client()
        r = client.get('/')
        print(hello.app.name, hello.app.import_name, r.status_code, r.content_type, r.get_data(as_text=True))
        print(flask.__name__, type(hello.app).__module__.split('.')[0])
    """
    ours, theirs = both_frameworks(tmp_path, "hello.py", HELLO.format(run_args=""), driver)
    assert (
        ours.stdout.splitlines()[0]
        == theirs.stdout.splitlines()[0]
        == "hello hello 200 text/html; charset=utf-8 Hello World!"
    )
    assert ours.stdout.splitlines()[1] == "flaskcompat flaskcompat"
    assert theirs.stdout.splitlines()[1] == "flask flask"


# == 外部可访问的服务器 / Externally visible server ==============================================


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["flaskcompat", "flask"])
def test_externally_visible_server(serve, framework):
    """基本使用, 外部可访问的服务器 / Externally visible server: ``app.run(host='0.0.0.0')`` (on a
    free port instead of 5000) listens on all addresses: the banner names 0.0.0.0 and the app
    answers on 127.0.0.1. Only what both banners share is asserted: Flask prints "Running on all
    addresses (0.0.0.0)" then "http://127.0.0.1:<port>" (and the LAN address), flaskcompat
    prints "Running on http://0.0.0.0:<port>/"."""
    port = free_port()
    source = HELLO.format(run_args="host='0.0.0.0', port=int(__import__('sys').argv[1])")
    served = serve(framework, "hello.py", source, port)
    line = served.wait_for(r"Running on .*0\.0\.0\.0")
    assert line.startswith(" * Running on ")
    served.wait_for(r"Press CTRL\+C to quit")
    status, body, headers = served.get(f"http://127.0.0.1:{port}/")
    assert (status, body, headers["Content-Type"]) == (200, b"Hello World!", "text/html; charset=utf-8")
    assert served.get(f"http://127.0.0.1:{port}/missing")[0] == 404


# == 调试模式 / Debug mode ======================================================================

DEBUG_SCRIPT = """\
import sys
from flask import Flask
app = Flask(__name__)

@app.route('/')
def hello_world():
    return 'Hello World! version 1, debug=%s' % app.debug

@app.route('/boom')
def boom():
    return 1 / 0

if __name__ == '__main__':
    port = int(sys.argv[2])
    if sys.argv[1] == 'attribute':
        app.debug = True
        app.run(port=port)
    else:
        app.run(debug=True, port=port)
"""


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["flaskcompat", "flask"])
@pytest.mark.parametrize("how", ["attribute", "argument"])
def test_debug_mode_two_ways(serve, how, framework):
    """调试模式 / Debug mode: ``app.debug = True; app.run()`` and ``app.run(debug=True)`` have the
    same effect: debug on, a traceback page when a view fails (Werkzeug's debugger, on both
    frameworks), and the server reloads when the code changes.
    (tests/test_serving.py covers ``app.run(host=..., port=..., debug=True)`` as one request.)"""
    port = free_port()
    served = serve(framework, "hello.py", DEBUG_SCRIPT, how, port)
    served.wait_for(r"Debug mode: on")
    served.wait_for(rf"Running on http://127\.0\.0\.1:{port}")
    url = f"http://127.0.0.1:{port}/"
    assert served.get(url)[:2] == (200, b"Hello World! version 1, debug=True")

    status, body, headers = served.get(url + "boom")
    assert status == 500 and headers["Content-Type"].startswith("text/html")
    assert b"ZeroDivisionError" in body and b"division by zero" in body

    script = served.directory / "hello.py"
    script.write_text(DEBUG_SCRIPT.replace("version 1", "version 2"))
    deadline = time.monotonic() + 60
    for touch in range(1, 10**6):
        # Ever newer mtimes, whatever the file system's resolution: the reloader may take its
        # first snapshot after the edit (both reloaders start watching after serving begins).
        later = time.time() + touch
        os.utime(script, (later, later))
        time.sleep(0.5)
        if served.get(url)[:2] == (200, b"Hello World! version 2, debug=True"):
            break
        assert time.monotonic() < deadline, "the server did not reload:\n" + "".join(served.lines)


def make_debug(flask):
    app = flask.Flask(__name__)
    app.debug = True

    @app.route("/")
    def index():
        return f"{app.debug} {app.config['DEBUG']}"

    @app.route("/boom")
    def boom():
        raise ZeroDivisionError("boom")

    return app


def test_debug_attribute_in_process():
    """调试模式 / Debug mode: ``app.debug = True`` is ``config['DEBUG']``; errors reach the developer
    (the test client re-raises them instead of answering 500, as Flask does in debug)."""
    d = Differential(make_debug)
    assert d.same("GET", "/").data == b"True True"
    for app in (d.compat_app, d.flask_app):
        with pytest.raises(ZeroDivisionError):
            app.test_client().get("/boom")


# == 路由 / Routing ============================================================================


def make_routing(flask):
    app = flask.Flask(__name__)

    @app.route("/")
    def index():
        return "Index Page"

    @app.route("/hello")
    def hello():
        return "Hello World"

    return app


@pytest.mark.parametrize("path", ["/", "/hello", "/hello/", "/index"])
def test_routing(path):
    """路由 / Routing: ``route()`` binds ``index`` to "/" and ``hello`` to "/hello"."""
    Differential(make_routing).same("GET", path)


# == URL传参 / Variable rules ==================================================================


def make_variables(flask):
    app = flask.Flask(__name__)

    @app.route("/user/<username>")
    def show_user_profile(username):
        # show the user profile for that user
        return f"User {username}"

    @app.route("/post/<int:post_id>")
    def show_post(post_id):
        # show the post with the given id, the id is an integer
        return f"Post {post_id}"

    # The converter table: int (above), float, path.
    @app.route("/price/<float:amount>")
    def price(amount):
        return f"Price {amount!r} {type(amount).__name__}"

    @app.route("/files/<path:subpath>")
    def files(subpath):
        return f"Path {subpath}"

    return app


@pytest.mark.parametrize(
    "path",
    [
        "/user/ann",
        "/user/John%20Doe",
        "/user/J%C3%B6rg",
        "/user/a/b",
        "/user/",
        "/post/42",
        "/post/007",
        "/post/x",
        "/post/-1",
        "/post/1.5",
        "/price/1.5",
        "/price/0.25",
        "/price/1",
        "/price/-1.5",
        "/price/x",
        "/files/a/b/c.txt",
        "/files/a%2Fb",
        "/files/",
        "/files/dir/",
    ],
)
def test_variable_rules_and_converters(path):
    """URL传参 / Variable rules: ``<username>`` (default string converter: no slash), ``<int:post_id>``
    and the table's ``float`` and ``path`` converters, including what they refuse (404)."""
    Differential(make_variables).same("GET", path)


# == 唯一 URL / 重定向行为 / Unique URLs, redirection behaviour =================================


def make_unique(flask):
    app = flask.Flask(__name__)

    @app.route("/projects/")
    def projects():
        return "The project page"

    @app.route("/about")
    def about():
        return "The about page"

    return app


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/projects/"),
        ("GET", "/projects"),
        ("GET", "/projects?page=2&q=a+b"),
        ("HEAD", "/projects"),
        ("POST", "/projects"),
        ("GET", "/about"),
        ("GET", "/about/"),
    ],
)
def test_unique_urls_redirection_behaviour(method, path):
    """唯一 URL / 重定向行为 / Unique URLs, redirection behaviour: "/projects" redirects to the
    canonical "/projects/" (Flask 3.1: 308 to the absolute URL, query string kept; a POST there
    is a 404, as in Flask); "/about/" is a 404."""
    d = Differential(make_unique)
    response = d.same(method, path)
    if method == "POST":
        assert response.status_code == 404
    elif path.startswith("/projects") and not path.startswith("/projects/"):
        assert response.status_code == 308
        assert response.headers["Location"].startswith("http://localhost/projects/")


def test_unique_url_redirect_is_followed():
    """唯一 URL / 重定向行为: following the redirect lands on the project page."""
    for app in (make_unique(flaskcompat), make_unique(real_flask)):
        response = app.test_client().get("/projects", follow_redirects=True)
        assert (response.status_code, response.data, response.request.path) == (200, b"The project page", "/projects/")


# == 构造 URL / URL building ===================================================================

URL_BUILDING = """\
from flask import Flask, url_for
app = Flask(__name__)
@app.route('/')
def index(): pass

@app.route('/login')
def login(): pass

@app.route('/user/<username>')
def profile(username): pass

with app.test_request_context():
    print(url_for('index'))
    print(url_for('login'))
    print(url_for('login', next='/'))
    print(url_for('profile', username='John Doe'))
"""


@pytest.mark.slow
def test_url_building_shell_session(tmp_path):
    """构造 URL / URL building: the quickstart's shell session (``print x`` -> ``print(x)``), literally,
    prints the quickstart's four URLs on both frameworks."""
    ours, theirs = both_frameworks(tmp_path, "urls.py", URL_BUILDING)
    assert ours.stdout == theirs.stdout == "/\n/login\n/login?next=/\n/user/John%20Doe\n"


def make_url_building(flask):
    app = flask.Flask(__name__)

    @app.route("/")
    def index():
        return flask.url_for("index")

    @app.route("/login")
    def login():
        return " ".join([flask.url_for("login"), flask.url_for("login", next="/")])

    @app.route("/user/<username>")
    def profile(username):
        return " ".join(
            [
                flask.url_for("profile", username="John Doe"),
                flask.url_for("profile", username="Jörg & <Ann>", tab="a/b c"),
                flask.url_for("profile", username=username, _external=True),
            ]
        )

    return app


@pytest.mark.parametrize("base_url", [None, "http://localhost/myapplication/"])
@pytest.mark.parametrize("path", ["/", "/login", "/user/x"])
def test_url_building_in_views_and_under_a_prefix(path, base_url):
    """构造 URL / URL building: the three reasons: built URLs escape special characters and
    Unicode, and follow the app when it is not at the root (``/myapplication``)."""
    kwargs = {"base_url": base_url} if base_url else {}
    response = Differential(make_url_building).same("GET", path, **kwargs)
    if base_url and path == "/":
        assert response.data == b"/myapplication/"


def test_url_building_in_test_request_context():
    """构造 URL / URL building: ``url_for`` in ``test_request_context()``, at the root and under
    ``/myapplication``."""
    results = []
    for flask in (flaskcompat, real_flask):
        app = make_url_building(flask)
        urls = []
        for kwargs in ({}, {"base_url": "http://localhost/myapplication"}):
            with app.test_request_context(**kwargs):
                urls += [
                    flask.url_for("index"),
                    flask.url_for("login"),
                    flask.url_for("login", next="/"),
                    flask.url_for("profile", username="John Doe"),
                ]
        results.append(urls)
    assert results[0] == results[1]
    assert results[0][4:] == [
        "/myapplication/",
        "/myapplication/login",
        "/myapplication/login?next=/",
        "/myapplication/user/John%20Doe",
    ]


# == HTTP 方法 / HTTP methods ==================================================================


def make_methods(flask):
    app = flask.Flask(__name__)
    request = flask.request

    def do_the_login():
        return f"logged in as {request.form.get('username')}"

    def show_the_login_form():
        return '<form method="post"><input name="username"></form>'

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "POST":
            return do_the_login()
        else:
            return show_the_login_form()

    return app


@pytest.mark.parametrize(
    "method,kwargs",
    [
        ("GET", {}),
        ("POST", {"data": {"username": "ann"}}),
        ("HEAD", {}),
        ("OPTIONS", {}),
        ("PUT", {}),
        ("DELETE", {}),
        ("PATCH", {}),
    ],
)
def test_http_methods(method, kwargs):
    """HTTP 方法 / HTTP methods: ``methods=['GET', 'POST']``; HEAD is added for GET (headers, no
    body), OPTIONS is automatic (``Allow``), other methods get 405 with ``Allow``."""
    response = Differential(make_methods).same(method, "/login", **kwargs)
    if method == "HEAD":
        assert response.data == b"" and int(response.headers["Content-Length"]) > 0
    if method == "OPTIONS":
        assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}


# == 静态文件 / Static files ====================================================================


def make_static(flask):
    app = new_app(flask)

    @app.route("/")
    def index():
        return flask.url_for("static", filename="style.css")

    return app


STATIC_HEADERS = ("Content-Type", "Content-Length", "Cache-Control", "Accept-Ranges", "Content-Disposition")


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/"),
        ("GET", "/static/style.css"),
        ("HEAD", "/static/style.css"),
        ("GET", "/static/missing.css"),
        ("POST", "/static/style.css"),
    ],
)
def test_static_files(method, path):
    """静态文件 / Static files: ``url_for('static', filename='style.css')`` is "/static/style.css",
    served from the ``static`` folder next to the module (``static/style.css``)."""
    response = Differential(make_static, headers=STATIC_HEADERS).same(method, path)
    if path == "/":
        assert response.data == b"/static/style.css"
    if method == "GET" and path == "/static/style.css":
        assert response.data == (ASSETS / "static" / "style.css").read_bytes()


def test_static_url_for_in_a_request_context():
    """静态文件 / Static files: the quickstart's one-liner itself."""
    for flask in (flaskcompat, real_flask):
        with new_app(flask).test_request_context():
            assert flask.url_for("static", filename="style.css") == "/static/style.css"


# == 模板渲染 / Rendering templates =============================================================


def make_templates(flask):
    app = new_app(flask)
    render_template = flask.render_template

    @app.route("/hello/")
    @app.route("/hello/<name>")
    def hello(name=None):
        return render_template("hello.html", name=name)

    @app.route("/globals")
    def template_globals():
        flask.g.user = "g-user"
        flask.session["user"] = "session-user"
        flask.flash("flashed <once>")
        return render_template("globals.html")

    @app.route("/inherit")
    def inherit():
        flask.flash("a message")
        return render_template("child.html", error="bad <password>")

    @app.route("/escape.<ext>")
    def escape(ext):
        return render_template(f"escape.{ext}", value="<b>x & y</b>", marked=Markup("<em>wiki</em>"))

    @app.route("/from-string")
    def from_string():
        return flask.render_template_string("{{ value }}|{{ value|safe }}", value="<b>x</b>")

    return app


@pytest.mark.parametrize("path", ["/hello/", "/hello/ann", "/hello", "/hello/%3Cscript%3Ealert(1)&x=%22y%22"])
def test_rendering_templates_hello(path):
    """模板渲染 / Rendering templates: the ``hello`` view with its two routes and the quickstart's
    ``hello.html`` from the ``templates`` folder; ``name`` containing HTML is escaped."""
    response = Differential(make_templates).same("GET", path)
    if "script" in path:
        assert b"<h1>Hello &lt;script&gt;alert(1)&amp;x=&#34;y&#34;!</h1>" in response.data


LAYOUT_APP = """\
from flask import Flask, render_template
app = Flask(__name__)

@app.route('/hello/')
@app.route('/hello/<name>')
def hello(name=None):
    return render_template('hello.html', name=name)
"""

LAYOUT_DRIVER = """\
from application import app
c = app.test_client()
for path in ('/hello/', '/hello/<Ann>', '/static/style.css', '/static/nope.css'):
    r = c.get(path)
    print(path, r.status_code, r.content_type, r.get_data(as_text=True).strip())
"""


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["module", "package"])
def test_templates_folder_next_to_a_module_or_inside_a_package(tmp_path, layout):
    """模板渲染 / Rendering templates: Flask looks for ``templates`` (and ``static``) next to the
    module (情况 1: ``/application.py``, ``/templates/hello.html``) or inside the package
    (情况 2: ``/application/__init__.py``, ``/application/templates/hello.html``); literal
    the quickstart's script under both frameworks."""
    outputs = []
    for framework in ("flaskcompat", "flask"):
        directory = tmp_path / framework
        home = directory / "application" if layout == "package" else directory
        (home / "templates").mkdir(parents=True)
        (home / "static").mkdir()
        (home / ("__init__.py" if layout == "package" else "application.py")).write_text(
            for_framework(framework, LAYOUT_APP)
        )
        (home / "templates" / "hello.html").write_text((ASSETS / "templates" / "hello.html").read_text())
        (home / "static" / "style.css").write_text("h1 { color: red; }\n")
        outputs.append(run_script(directory, framework, "driver.py", LAYOUT_DRIVER).stdout)
    assert outputs[0] == outputs[1]
    assert "/hello/<Ann> 200 text/html; charset=utf-8 <!doctype html>" in outputs[0]
    assert "<h1>Hello &lt;Ann&gt;!</h1>" in outputs[0] and "h1 { color: red; }" in outputs[0]


def test_templates_see_request_session_g_and_flashes():
    """模板渲染 / Rendering templates: templates can use ``request``, ``session``, ``g`` and
    ``get_flashed_messages()``."""
    d = Differential(make_templates, compare_cookies=False)
    body = d.same("GET", "/globals?q=seed").get_data(as_text=True)
    assert body == (
        "method=GET path=/globals args=seed\nsession.user=session-user g.user=g-user\n"
        "flashes=[&#39;flashed &lt;once&gt;&#39;]"
    )


def test_template_inheritance():
    """模板渲染 / Rendering templates: template inheritance (``{% extends %}``, blocks, a layout
    showing the flashes)."""
    d = Differential(make_templates, compare_cookies=False)
    body = d.same("GET", "/inherit").get_data(as_text=True)
    assert "<title>Child page</title>" in body and "<footer>the footer</footer>" in body
    assert "<div class=flash>a message</div>" in body and "bad &lt;password&gt;" in body


@pytest.mark.parametrize("ext", ["html", "htm", "xml", "xhtml", "txt"])
def test_autoescaping_by_extension(ext):
    """模板渲染 / Rendering templates: autoescaping is on for ``.html .htm .xml .xhtml`` and off for
    other extensions; ``|safe`` and ``Markup`` values are never escaped."""
    body = Differential(make_templates).same("GET", f"/escape.{ext}").data
    escaped = b"&lt;b&gt;x &amp; y&lt;/b&gt;|<b>x & y</b>|<em>wiki</em>"
    assert body == (b"<b>x & y</b>|<b>x & y</b>|<em>wiki</em>" if ext == "txt" else escaped)


def test_templates_from_strings_autoescape():
    """模板渲染 / Rendering templates: the quickstart says templates loaded from strings are not
    autoescaped (Flask 0.5); Flask 3.1 autoescapes them (``select_jinja_autoescape`` is true
    without a file name), and flaskcompat does what Flask 3.1 does."""
    assert Differential(make_templates).same("GET", "/from-string").data == b"&lt;b&gt;x&lt;/b&gt;|<b>x</b>"


def test_markup_class():
    """模板渲染 / Rendering templates: the quickstart's ``Markup`` session, in Python 3. ``from flask
    import Markup`` is gone from Flask 3.1 (flaskcompat still exports it, as markupsafe's
    class); the modern spelling is ``from markupsafe import Markup``, the same class on both."""
    assert flaskcompat.Markup is markupsafe.Markup
    assert not hasattr(real_flask, "Markup")
    for M in (flaskcompat.Markup, Markup):
        assert (
            repr(M("<strong>Hello %s!</strong>") % "<blink>hacker</blink>")
            == "Markup('<strong>Hello &lt;blink&gt;hacker&lt;/blink&gt;!</strong>')"
        )
        assert repr(M.escape("<blink>hacker</blink>")) == "Markup('&lt;blink&gt;hacker&lt;/blink&gt;')"
        assert M("<em>Marked up</em> &raquo; HTML").striptags() == "Marked up \xbb HTML"


@pytest.mark.slow
def test_markup_import(tmp_path):
    """模板渲染 / Rendering templates: the quickstart's ``from flask import Markup`` runs as ``from
    flaskcompat import Markup`` (real Flask 3.1 raises ImportError, so its run uses ``from
    markupsafe import Markup``)."""
    source = """\
        from flask import Markup
        print(repr(Markup('<strong>Hello %s!</strong>') % '<blink>hacker</blink>'))
        print(repr(Markup.escape('<blink>hacker</blink>')))
        print(repr(Markup('<em>Marked up</em> &raquo; HTML').striptags()))
    """
    ours, theirs = both_frameworks(
        tmp_path, "markup.py", source, flask_source=source.replace("from flask import", "from markupsafe import")
    )
    assert (
        ours.stdout
        == theirs.stdout
        == (
            "Markup('<strong>Hello &lt;blink&gt;hacker&lt;/blink&gt;!</strong>')\n"
            "Markup('&lt;blink&gt;hacker&lt;/blink&gt;')\n"
            "'Marked up » HTML'\n"
        )
    )


# == 环境局部变量 / Context locals ===============================================================


def wsgi_environ(method, path, body=b"", content_type=""):
    """A plain PEP 3333 environ, as a WSGI server hands it over."""
    return {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def test_context_locals_test_request_context():
    """环境局部变量 / Context locals: ``with app.test_request_context('/hello', method='POST')``
    binds ``request`` for the block, and only for it."""
    for flask in (flaskcompat, real_flask):
        app = make_routing(flask)
        request = flask.request
        assert not flask.has_request_context()
        with app.test_request_context("/hello", method="POST"):
            # now you can do something with the request until the
            # end of the with block, such as basic assertions:
            assert request.path == "/hello"
            assert request.method == "POST"
            assert flask.current_app._get_current_object() is app
        assert not flask.has_request_context()
        with pytest.raises(RuntimeError, match="Working outside of request context"):
            request.path  # noqa: B018 (reading it is the point)


def test_context_locals_are_per_thread():
    """环境局部变量 / Context locals: ``request`` is global yet thread safe: two threads, each
    handling its own request at the same time, each see theirs."""

    def observe(flask):
        app = make_routing(flask)
        barrier = threading.Barrier(2, timeout=30)
        seen = {}

        def handle(path, method):
            with app.test_request_context(path, method=method):
                barrier.wait()  # both contexts are pushed now
                seen[path] = (flask.request.path, flask.request.method)
                barrier.wait()

        threads = [threading.Thread(target=handle, args=args) for args in (("/", "GET"), ("/hello", "POST"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return seen

    for flask in (flaskcompat, real_flask):
        assert observe(flask) == {"/": ("/", "GET"), "/hello": ("/hello", "POST")}, flask.__name__


def test_context_locals_request_context_environ():
    """环境局部变量 / Context locals: ``with app.request_context(environ)`` over a whole WSGI environ."""
    seen = []
    for flask in (flaskcompat, real_flask):
        app = make_routing(flask)
        request = flask.request
        environ = wsgi_environ("POST", "/hello", b"username=ann&x=%3C1%3E", "application/x-www-form-urlencoded")
        with app.request_context(environ):
            assert request.method == "POST"
            seen.append(
                (request.path, request.url, request.form.to_dict(), request.endpoint, request.routing_exception.code)
            )
    # "/hello" is GET-only: the request is bound all the same, its routing exception is the 405.
    assert seen[0] == seen[1] == ("/hello", "http://localhost/hello", {"username": "ann", "x": "<1>"}, None, 405)


# == 请求对象 / The request object ==============================================================


def make_request_object(flask):
    app = new_app(flask)
    request, render_template = flask.request, flask.render_template

    def valid_login(username, password):
        return password == "secret"

    def log_the_user_in(username):
        return f"Welcome, {username}"

    @app.route("/login", methods=["POST", "GET"])
    def login():
        error = None
        if request.method == "POST":
            if valid_login(request.form["username"], request.form["password"]):
                return log_the_user_in(request.form["username"])
            else:
                error = "Invalid username/password"
        # the code below is executed if the request method
        # was GET or the credentials were invalid
        return render_template("login.html", error=error)

    @app.route("/search")
    def search():
        searchword = request.args.get("q", "")
        return f"search for {searchword!r}"

    @app.route("/catch", methods=["POST"])
    def catch():
        try:
            return request.form["missing"]
        except KeyError as e:
            return f"caught {type(e).__name__} {isinstance(e, KeyError)}"

    return app


@pytest.mark.parametrize(
    "method,path,kwargs",
    [
        ("GET", "/login", {}),
        ("POST", "/login", {"data": {"username": "ann", "password": "secret"}}),
        ("POST", "/login", {"data": {"username": "Jörg <b>", "password": ""}}),
        ("POST", "/login", {"data": {"username": "ann"}}),
        ("POST", "/login", {}),
        ("POST", "/catch", {"data": {"a": "1"}}),
        ("GET", "/search", {}),
        ("GET", "/search?q=flask+django", {}),
        ("GET", "/search?q=%E4%B8%AD%E6%96%87&q=second", {}),
    ],
)
def test_the_request_object(method, path, kwargs):
    """请求对象 / The request object: ``request.method`` and ``request.form`` in the login view; a
    missing form key is a ``KeyError`` you can catch, else a 400 Bad Request page;
    ``request.args.get('q', '')``."""
    response = Differential(make_request_object).same(method, path, **kwargs)
    data = kwargs.get("data", {})
    if data == {"username": "ann"}:
        assert response.status_code == 400
    elif path == "/login" and method == "POST" and "password" in data:
        valid = data["password"] == "secret"
        assert (b"Welcome, ann" in response.data) is valid
        assert (b"Invalid username/password" in response.data) is not valid


# == 文件上传 / File uploads ===================================================================


def make_uploads(upload_dir):
    def make_app(flask):
        app = flask.Flask(__name__)
        request = flask.request
        # ``from werkzeug import secure_filename`` is gone; werkzeug.utils has it.
        secure_filename = werkzeug.utils.secure_filename
        target = upload_dir / flask.__name__
        target.mkdir(parents=True, exist_ok=True)

        @app.route("/upload", methods=["GET", "POST"])
        def upload_file():
            if request.method == "POST":
                f = request.files["the_file"]
                f.save(str(target / "uploaded_file.txt"))
                return f"saved {f.filename}"
            return "<form method=post enctype=multipart/form-data><input type=file name=the_file></form>"

        @app.route("/upload-named", methods=["GET", "POST"])
        def upload_named():
            if request.method == "POST":
                f = request.files["the_file"]
                f.save(str(target) + "/" + secure_filename(f.filename))
                return f"saved {f.filename!r} as {secure_filename(f.filename)!r}"
            return "upload here"

        @app.route("/describe", methods=["POST"])
        def describe():
            f = request.files["the_file"]
            return f"{type(f).__name__}|{f.filename}|{f.name}|{f.mimetype}|{f.read().decode()}"

        return app

    return make_app


def _upload(content, filename):
    return {"data": {"the_file": (io.BytesIO(content), filename)}, "content_type": "multipart/form-data"}


def test_file_uploads_save(tmp_path):
    """文件上传 / File uploads: ``request.files['the_file'].save(path)`` (the quickstart's
    ``/var/www/uploads/`` is a temporary directory here)."""
    d = Differential(make_uploads(tmp_path))
    d.same("GET", "/upload")
    d.same("POST", "/upload", **_upload(b"first line\n\x00binary\xff", "notes.txt"))
    assert (
        (tmp_path / "flaskcompat" / "uploaded_file.txt").read_bytes()
        == (tmp_path / "flask" / "uploaded_file.txt").read_bytes()
        == b"first line\n\x00binary\xff"
    )
    d.same("POST", "/upload", data={})  # no file: KeyError -> 400
    d.same("POST", "/describe", **_upload(b"hello", "hello.txt"))


def _raw_upload(filename):
    """The multipart body a browser sends, the client's file name as is."""
    body = (
        b'--QUICKSTART\r\nContent-Disposition: form-data; name="the_file"; filename="'
        + filename.encode()
        + b'"\r\nContent-Type: text/plain\r\n\r\ndata\r\n--QUICKSTART--\r\n'
    )
    return {"data": body, "content_type": "multipart/form-data; boundary=QUICKSTART"}


@pytest.mark.parametrize(
    "filename",
    [
        "My cool movie.mov",
        "../../../etc/passwd",
        "i contain cool \xfcml\xe4uts.txt",
        "c:\\windows\\system32\\x.ini",
        "  .hidden  ",
        "中文.txt",
        "../x",
        "/tmp/abs.txt",
    ],
)
def test_file_uploads_secure_filename(tmp_path, filename):
    """文件上传 / File uploads: ``f.filename`` is what the client sent (never trust it), saved
    through ``secure_filename()``. The quickstart's ``from werkzeug import secure_filename`` is gone
    from Werkzeug: both apps use ``werkzeug.utils.secure_filename``."""
    d = Differential(make_uploads(tmp_path))
    d.same("POST", "/upload-named", **_raw_upload(filename))
    safe = werkzeug.utils.secure_filename(filename)
    if safe:
        assert (tmp_path / "flaskcompat" / safe).read_bytes() == (tmp_path / "flask" / safe).read_bytes() == b"data"
    assert sorted(p.name for p in (tmp_path / "flaskcompat").iterdir()) == sorted(
        p.name for p in (tmp_path / "flask").iterdir()
    )


# == Cookies ==================================================================================


def make_cookies(flask):
    app = new_app(flask)
    request, make_response, render_template = flask.request, flask.make_response, flask.render_template

    @app.route("/")
    def index():
        username = request.cookies.get("username")
        # use cookies.get(key) instead of cookies[key] to not get a
        # KeyError if the cookie is missing.
        return f"username={username!r} all={sorted(request.cookies.items())!r}"

    @app.route("/set")
    def set_cookie():
        resp = make_response(render_template("cookie.html", username="the username"))
        resp.set_cookie("username", "the username")
        return resp

    @app.route("/missing")
    def missing():
        return request.cookies["username"]

    return app


def test_cookies_read():
    """Cookies: ``request.cookies.get('username')`` with and without the cookie; ``cookies[key]``
    of a missing cookie is a 400."""
    d = Differential(make_cookies)
    d.same("GET", "/")
    d.same("GET", "/", headers={"Cookie": "username=ann; other=1"})
    d.same("GET", "/", headers={"Cookie": 'username="J\\303\\266rg a"'})
    d.same("GET", "/missing")


def test_cookies_store():
    """Cookies: ``make_response(render_template(...))`` then ``resp.set_cookie('username', ...)``;
    the cookie comes back on the next request."""
    d = Differential(make_cookies)
    response = d.same("GET", "/set")
    assert cookies_of(response)["username"][0] == "the username"
    assert d.same("GET", "/").data == b"username='the username' all=[('username', 'the username')]"


# == 重定向和错误 / Redirects and errors ==========================================================


def make_redirects(flask):
    app = new_app(flask)
    abort, redirect, url_for = flask.abort, flask.redirect, flask.url_for

    def this_is_never_executed():
        raise AssertionError("abort() returned")

    @app.route("/")
    def index():
        return redirect(url_for("login"))

    @app.route("/login")
    def login():
        abort(401)
        this_is_never_executed()

    return app


def make_redirects_with_handler(flask):
    app = make_redirects(flask)

    @app.errorhandler(404)
    def page_not_found(error):
        return flask.render_template("page_not_found.html"), 404

    return app


@pytest.mark.parametrize("path", ["/", "/login", "/nowhere"])
def test_redirect_and_abort(path):
    """重定向和错误 / Redirects and errors: ``redirect(url_for('login'))`` (302 to /login) and
    ``abort(401)`` (Flask's default 401 page; the code after it never runs)."""
    response = Differential(make_redirects).same("GET", path)
    if path == "/":
        assert (response.status_code, response.headers["Location"]) == (302, "/login")


def test_redirect_followed_to_the_401():
    """重定向和错误 / Redirects and errors: the user is sent from the home page to a page they
    cannot access."""
    for app in (make_redirects(flaskcompat), make_redirects(real_flask)):
        response = app.test_client().get("/", follow_redirects=True)
        assert response.status_code == 401 and [r.status_code for r in response.history] == [302]


@pytest.mark.parametrize("path", ["/nowhere", "/also/not/%3Chere%3E", "/login"])
def test_errorhandler_404(path):
    """重定向和错误 / Redirects and errors: ``@app.errorhandler(404)`` rendering
    ``page_not_found.html`` with the ``404`` status after it."""
    response = Differential(make_redirects_with_handler).same("GET", path)
    if path != "/login":
        assert response.status_code == 404 and b"<h1>Page Not Found</h1>" in response.data


# == 关于响应 / About responses ==================================================================


def make_responses(flask):
    app = new_app(flask)

    @app.route("/object")
    def response_object():
        return flask.Response("a response object", status=202, mimetype="text/plain")

    @app.route("/string")
    def string():
        return "a string"

    @app.route("/tuple-full-list")
    def tuple_full_list():
        return "body", 201, [("X-Extra", "list"), ("Content-Type", "text/plain")]

    @app.route("/tuple-full-dict")
    def tuple_full_dict():
        return "body", "202 ACCEPTED", {"X-Extra": "dict"}

    @app.route("/tuple-status")
    def tuple_status():
        return "body", 418

    @app.route("/tuple-headers")
    def tuple_headers():
        return "body", {"X-Extra": "headers only"}

    @app.route("/tuple-response")
    def tuple_response():
        return flask.Response("resp", status=200), 404, {"X-Extra": "override"}

    @app.route("/wsgi")
    def wsgi():
        def wsgi_app(environ, start_response):
            start_response("203 NON-AUTHORITATIVE INFORMATION", [("Content-Type", "text/plain"), ("X-Extra", "wsgi")])
            return [b"from a WSGI app, path=", environ["PATH_INFO"].encode()]

        return wsgi_app

    @app.route("/none")
    def none():
        return None

    # Flask 3.1 adds rules the quickstart predates: dicts and lists become JSON, iterators stream.
    @app.route("/dict")
    def as_dict():
        return {"answer": 42, "html": "<b>"}

    @app.route("/list")
    def as_list():
        return [1, "two", None], 201

    @app.route("/generator")
    def generator():
        return (part for part in ("a", "b", "c"))

    @app.route("/make")
    def make():
        resp = flask.make_response(("made", 201, {"X-Extra": "made"}))
        resp.headers["X-Something"] = "A value"
        return resp

    return app


def make_error_response(flask):
    app = new_app(flask)

    @app.errorhandler(404)
    def not_found(error):
        resp = flask.make_response(flask.render_template("error.html"), 404)
        resp.headers["X-Something"] = "A value"
        return resp

    return app


def make_error_tuple(flask):
    app = new_app(flask)

    @app.errorhandler(404)
    def not_found(error):
        return flask.render_template("error.html"), 404

    return app


RESPONSE_HEADERS = (*COMPARED_HEADERS, "X-Extra", "X-Something")


@pytest.mark.parametrize(
    "path",
    [
        "/object",
        "/string",
        "/tuple-full-list",
        "/tuple-full-dict",
        "/tuple-status",
        "/tuple-headers",
        "/tuple-response",
        "/make",
        "/dict",
        "/list",
        "/generator",
    ],
)
def test_about_responses_conversion(path):
    """关于响应 / About responses: the conversion rules: a response object is returned as is; a
    string becomes a 200 ``text/html`` response; ``(response, status, headers)`` tuples (headers
    a list or a dict, status or headers alone) override and extend; ``make_response``. Also the
    rules Flask 3.1 added since (dict/list to JSON, iterators streamed)."""
    response = Differential(make_responses, headers=RESPONSE_HEADERS).same("GET", path)
    if path == "/string":
        assert (response.status_code, response.content_type) == (200, "text/html; charset=utf-8")


def test_about_responses_wsgi_application():
    """关于响应 / About responses: rule 4: any other return value is taken for a WSGI application
    and called."""
    Differential(make_responses, headers=RESPONSE_HEADERS).same("GET", "/wsgi")


def test_about_responses_none_is_an_error():
    """关于响应 / About responses: a view returning ``None`` fits no rule: ``TypeError`` on both."""
    for app in (make_responses(flaskcompat), make_responses(real_flask)):
        app.testing = True
        with pytest.raises(TypeError, match="did not return a valid response"):
            app.test_client().get("/none")


@pytest.mark.parametrize("factory", [make_error_tuple, make_error_response])
def test_about_responses_error_handler_make_response(factory):
    """关于响应 / About responses: the ``not_found`` handler returning ``(render_template(...), 404)``,
    then rewritten with ``make_response(...)`` to add ``X-Something``."""
    response = Differential(factory, headers=RESPONSE_HEADERS).same("GET", "/not-here")
    assert response.status_code == 404
    if factory is make_error_response:
        assert response.headers["X-Something"] == "A value"


# == 会话 / Sessions ===========================================================================

SESSIONS = """\
from flask import Flask, session, redirect, url_for, escape, request

app = Flask(__name__)

@app.route('/')
def index():
    if 'username' in session:
        return 'Logged in as %s' % escape(session['username'])
    return 'You are not logged in'

@app.route('/login', methods=['GET', 'POST'])
def login():
    if request.method == 'POST':
        session['username'] = request.form['username']
        return redirect(url_for('index'))
    return '''
        <form action="" method="post">
            <p><input type=text name=username>
            <p><input type=submit value=Login>
        </form>
    '''

@app.route('/logout')
def logout():
    # remove the username from the session if it's there
    session.pop('username', None)
    return redirect(url_for('index'))

# set the secret key.  keep this really secret:
app.secret_key = 'A0Zr98j/3yX R~XHH!jmN]LWX/,?RT'
"""


def make_sessions(flask):
    """The quickstart's example as ``make_app(flask)`` (``escape`` from markupsafe: Flask 3.1 has none)."""
    session, redirect, url_for, escape, request = (
        flask.session,
        flask.redirect,
        flask.url_for,
        markupsafe.escape,
        flask.request,
    )
    app = flask.Flask(__name__)

    @app.route("/")
    def index():
        if "username" in session:
            return f"Logged in as {escape(session['username'])}"
        return "You are not logged in"

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "POST":
            session["username"] = request.form["username"]
            return redirect(url_for("index"))
        return """
            <form action="" method="post">
                <p><input type=text name=username>
                <p><input type=submit value=Login>
            </form>
        """

    @app.route("/logout")
    def logout():
        # remove the username from the session if it's there
        session.pop("username", None)
        return redirect(url_for("index"))

    # set the secret key.  keep this really secret:
    app.secret_key = "A0Zr98j/3yX R~XHH!jmN]LWX/,?RT"
    return app


def test_sessions_login_logout():
    """会话 / Sessions: the quickstart's login/logout example (``escape`` from markupsafe: Flask 3.1 has
    none), in the test Django project (its session cookie is Django's, so cookies are compared
    by behaviour, not by name)."""
    d = Differential(make_sessions, compare_cookies=False)
    assert d.same("GET", "/").data == b"You are not logged in"
    d.same("GET", "/login")
    response = d.same("POST", "/login", data={"username": "<b>ann</b>"})
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert d.same("GET", "/").data == b"Logged in as &lt;b&gt;ann&lt;/b&gt;"
    d.same("GET", "/logout")
    assert d.same("GET", "/").data == b"You are not logged in"
    d.same("POST", "/login", data={})  # no username: 400


SESSIONS_DRIVER = """\
from http.cookies import SimpleCookie
import seed_sessions
app = seed_sessions.app
c = app.test_client()
def show(r):
    jar = SimpleCookie()
    for header in r.headers.getlist('Set-Cookie'):
        jar.load(header)
    cookies = {k: sorted((a, v) for a, v in m.items() if v and a != 'expires') for k, m in jar.items()}
    print(r.status_code, r.headers.get('Location'), r.get_data(as_text=True).strip()[:40], cookies)
show(c.get('/'))
show(c.post('/login', data={'username': '<b>ann</b>'}))
show(c.get('/'))
# the user can read the cookie but not change it
value = c.get_cookie('session').value
c.set_cookie('session', value[:-2] + ('AA' if value[-2:] != 'AA' else 'BB'))
show(c.get('/'))
c.set_cookie('session', value)
show(c.get('/'))
show(c.get('/logout'))
show(c.get('/'))
"""


@pytest.mark.slow
def test_sessions_literal_example_embedded(tmp_path):
    """会话 / Sessions: the quickstart's example (``from flask import ..., escape, ...``) as a
    standalone script (embedded mode, Flask's ``session`` cookie): log in, a tampered cookie is
    no session, log out. Real Flask 3.1 has no ``flask.escape``: its run imports markupsafe's."""
    flask_source = SESSIONS.replace(", escape, request", ", request").replace(
        "from flask import", "from markupsafe import escape\nfrom flask import"
    )
    ours, theirs = both_frameworks(tmp_path, "seed_sessions.py", SESSIONS, SESSIONS_DRIVER, flask_source)
    assert ours.stdout == theirs.stdout
    assert "Logged in as &lt;b&gt;ann&lt;/b&gt;" in ours.stdout


@pytest.mark.slow
def test_sessions_random_secret_key(tmp_path):
    """会话 / Sessions: 如何生成强壮的密钥 / a key from ``os.urandom(24)`` (bytes) signs the session."""
    source = SESSIONS.replace(
        "app.secret_key = 'A0Zr98j/3yX R~XHH!jmN]LWX/,?RT'", "import os\napp.secret_key = os.urandom(24)"
    )
    flask_source = source.replace(", escape, request", ", request").replace(
        "from flask import", "from markupsafe import escape\nfrom flask import"
    )
    driver = """\
        import seed_sessions
        c = seed_sessions.app.test_client()
        print(type(seed_sessions.app.secret_key).__name__, len(seed_sessions.app.secret_key))
        c.post('/login', data={'username': 'ann'})
        print(c.get('/').get_data(as_text=True))
    """
    ours, theirs = both_frameworks(tmp_path, "seed_sessions.py", source, driver, flask_source)
    assert ours.stdout == theirs.stdout == "bytes 24\nLogged in as ann\n"


BIG_SESSION = """\
import os, warnings
from flask import Flask, session
app = Flask(__name__)
app.secret_key = 'A0Zr98j/3yX R~XHH!jmN]LWX/,?RT'

@app.route('/set')
def set_blob():
    session['blob'] = os.urandom(4000).hex()  # too big even compressed
    return 'set'

@app.route('/get')
def get_blob():
    return str(len(session.get('blob', '')))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    client = app.test_client()
    print(client.get('/set').status_code, client.get('/get').get_data(as_text=True))
print([str(w.message).split(':')[0] for w in caught])
"""


@pytest.mark.slow
def test_sessions_cookie_size_warning(tmp_path):
    """会话 / Sessions: the note on cookie size: a session cookie beyond what browsers accept is
    still sent, with the same "cookie is too large" warning (embedded mode, literal script)."""
    ours, theirs = both_frameworks(tmp_path, "big_session.py", BIG_SESSION)
    assert ours.stdout == theirs.stdout == "200 8000\n[\"The 'session' cookie is too large\"]\n"


# == 消息闪现 / Message flashing ================================================================


def make_flashing(flask):
    app = new_app(flask)

    @app.route("/")
    def index():
        return flask.render_template("layout.html")

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if flask.request.method == "POST":
            flask.flash("You were successfully logged in")
            return flask.redirect(flask.url_for("index"))
        return flask.render_template("login.html")

    @app.route("/read")
    def read():
        return repr(flask.get_flashed_messages())

    return app


def test_message_flashing():
    """消息闪现 / Message flashing: ``flash()`` records a message at the end of one request and the
    next (and only the next) request shows it, through ``get_flashed_messages()`` in the
    template (tests/test_messages.py covers categories and filters)."""
    d = Differential(make_flashing, compare_cookies=False)
    d.same("GET", "/login")
    d.same("POST", "/login", data={"username": "ann"})
    assert b"<div class=flash>You were successfully logged in</div>" in d.same("GET", "/").data
    assert b"class=flash" not in d.same("GET", "/").data
    d.same("POST", "/login")
    assert d.same("GET", "/read").data == b"['You were successfully logged in']"
    assert d.same("GET", "/read").data == b"[]"


# == 日志记录 / Logging ========================================================================

LOGGING = """\
import sys
from flask import Flask
app = Flask(__name__)
if sys.argv[1:] == ['debug']:
    app.debug = True

app.logger.debug('A value for debugging')
app.logger.warning('A warning occurred (%d apples)', 42)
app.logger.error('An error occurred')

import logging
print(isinstance(app.logger, logging.Logger), app.logger.name)
"""


@pytest.mark.slow
@pytest.mark.parametrize("debug", [False, True])
def test_logging(tmp_path, debug):
    """日志记录 / Logging: the quickstart's three ``app.logger`` calls in a script: a standard
    ``logging.Logger`` named after the app, Flask's default handler and format on stderr, the
    debug message shown only in debug mode."""
    source = LOGGING
    ours_dir, theirs_dir = tmp_path / "ours", tmp_path / "theirs"
    ours_dir.mkdir()
    theirs_dir.mkdir()
    results = []
    for directory, framework in ((ours_dir, "flaskcompat"), (theirs_dir, "flask")):
        (directory / "seed_logging.py").write_text(for_framework(framework, source))
        proc = subprocess.run(
            [sys.executable, "seed_logging.py", *(["debug"] if debug else [])],
            cwd=directory,
            env=script_env(directory),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        stderr = re.sub(r"^\[[^\]]+\] ", "[time] ", proc.stderr, flags=re.M)
        results.append((proc.stdout, stderr))
    assert results[0] == results[1]
    expected = [
        "[time] WARNING in seed_logging: A warning occurred (42 apples)",
        "[time] ERROR in seed_logging: An error occurred",
    ]
    if debug:
        expected.insert(0, "[time] DEBUG in seed_logging: A value for debugging")
    assert results[0] == ("True seed_logging\n", "\n".join(expected) + "\n")


def test_logging_in_process(caplog):
    """日志记录 / Logging: ``app.logger`` records the quickstart's messages (args formatted) with the
    same logger name and levels on both frameworks."""
    records = []
    for flask in (flaskcompat, real_flask):
        app = make_hello(flask)
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger=app.logger.name):
            app.logger.debug("A value for debugging")
            app.logger.warning("A warning occurred (%d apples)", 42)
            app.logger.error("An error occurred")
        records.append([(r.name, r.levelname, r.getMessage()) for r in caplog.records])
        assert isinstance(app.logger, logging.Logger)
    assert (
        records[0]
        == records[1]
        == [
            ("tests.test_quickstart", "DEBUG", "A value for debugging"),
            ("tests.test_quickstart", "WARNING", "A warning occurred (42 apples)"),
            ("tests.test_quickstart", "ERROR", "An error occurred"),
        ]
    )


# == 整合 WSGI 中间件 / Hooking in WSGI middlewares ==============================================


class CGIRootFix:
    """What ``werkzeug.contrib.fixers.LighttpdCGIRootFix`` did (gone since Werkzeug 1.0): a
    lighttpd CGI/FastCGI app mounted at the root gets part of its path in SCRIPT_NAME; move it
    back into PATH_INFO."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        environ["PATH_INFO"] = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        environ["SCRIPT_NAME"] = ""
        return self.app(environ, start_response)


def make_middleware(flask):
    app = flask.Flask(__name__)

    @app.route("/")
    def index():
        r = flask.request
        return f"root={r.script_root!r} path={r.path!r} url={flask.url_for('page', name='x')}"

    @app.route("/page/<name>")
    def page(name):
        return f"page {name} at {flask.request.path}"

    app.wsgi_app = CGIRootFix(app.wsgi_app)
    return app


@pytest.mark.parametrize(
    "path,kwargs,body",
    [
        ("/", {}, b"root='' path='/' url=/page/x"),
        ("/page/a", {}, b"page a at /page/a"),
        ("/a", {"base_url": "http://localhost/page"}, b"page a at /page/a"),  # lighttpd: SCRIPT_NAME=/page
        ("/b", {"base_url": "http://localhost/page/"}, b"page b at /page/b"),
        ("/nowhere", {}, None),
    ],
)
def test_wsgi_middleware(path, kwargs, body):
    """整合 WSGI 中间件 / Hooking in WSGI middlewares: ``app.wsgi_app = Middleware(app.wsgi_app)``.
    ``werkzeug.contrib.fixers.LighttpdCGIRootFix`` no longer exists; a hand-written equivalent
    wraps the app on both frameworks (tests/test_wsgi_middleware.py covers ProxyFix,
    DispatcherMiddleware and Django-mounted apps)."""
    response = Differential(make_middleware).same("GET", path, **kwargs)
    if body is not None:
        assert response.data == body


# == 部署到 Web 服务器 / Deploying to a web server ==============================================


@pytest.mark.django_db  # Django's WSGIHandler checks the (pytest-django) database connection per request
@pytest.mark.django_db  # Django's WSGIHandler closes stale DB connections on request_started
def test_the_app_is_a_wsgi_application():
    """部署到 Web 服务器 / Deploying to a web server: what every host runs is the WSGI callable
    ``app`` (``wsgiref.validate`` checks it follows PEP 3333); ``gunicorn hello:app`` itself is
    covered by ``tests/test_serving.py::test_gunicorn_serves_the_app_object``."""
    from wsgiref.validate import validator

    results = []
    started = []

    def start_response(status, headers, exc_info=None):
        started.append((status, sorted((k, v) for k, v in headers if k in ("Content-Type", "Content-Length"))))
        return lambda data: None

    for flask in (flaskcompat, real_flask):
        app = make_hello(flask)
        for path in ("/", "/missing"):
            iterable = validator(app)(wsgi_environ("GET", path), start_response)
            try:
                body = b"".join(iterable)
            finally:
                iterable.close()
            results.append((started[-1], body if path == "/" else b""))
    assert results[:2] == results[2:]
    assert results[0] == (
        ("200 OK", [("Content-Length", "12"), ("Content-Type", "text/html; charset=utf-8")]),
        b"Hello World!",
    )
