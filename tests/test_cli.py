"""The CLI is Flask's (``flask.cli``): a flaskcompat app under it behaves as a Flask app does
(``app.cli`` commands, ``test_cli_runner()``, FlaskGroup, ``routes``, ``shell``, ``--app``)."""

import click
import flask as real_flask
import flask.cli
import pytest
from flask.cli import NoAppException, ScriptInfo, locate_app
from flask.testing import FlaskCliRunner

import flaskcompat

from .subprocesses import run


def invoke_both(make_app, args, group=None, **kwargs):
    """``(ours, theirs)``: the same invocation through each app's ``test_cli_runner()``.

    ``group(app)`` builds the command to invoke; by default the runner uses ``app.cli``.
    """
    results = []
    for module in (flaskcompat, real_flask):
        app = make_app(module)
        cli = group(app) if group is not None else None
        results.append(app.test_cli_runner().invoke(cli, args, **kwargs))
    return tuple(results)


def assert_same(ours, theirs):
    assert ours.output == theirs.output
    assert ours.exit_code == theirs.exit_code
    assert type(ours.exception).__name__ == type(theirs.exception).__name__


def make_cli_app(flask):
    app = flask.Flask("cliapp")

    @app.cli.command("greet")
    @click.argument("name")
    @click.option("--shout", is_flag=True)
    def greet(name, shout):
        flask.g.greeted = name
        text = f"hello {name} from {flask.current_app.name} ({flask.g.greeted})"
        click.echo(text.upper() if shout else text)

    @app.cli.command("bare", with_appcontext=False)
    def bare():
        click.echo(f"app context: {flask.has_app_context()}")

    @click.command("plain")
    def plain():
        click.echo(f"plain in app context: {flask.has_app_context()}")

    app.cli.add_command(plain)

    @app.cli.group()
    def users():
        """Manage users."""

    @users.command("create")
    @click.argument("username")
    def create_user(username):
        click.echo(f"created {username} in {flask.current_app.name}")

    @app.cli.command("boom")
    def boom():
        raise ValueError("boom")

    return app


@pytest.mark.parametrize(
    "args",
    [
        ["greet", "ann"],
        ["greet", "ann", "--shout"],
        ["bare"],
        ["plain"],
        ["users", "create", "bob"],
        ["greet"],
        ["greet", "ann", "--nope"],
        ["nothing"],
        ["boom"],
        ["--help"],
        ["users", "--help"],
    ],
)
def test_app_cli_commands_behave_as_in_flask(args):
    assert_same(*invoke_both(make_cli_app, args))


def test_app_cli_command_sees_current_app_and_g():
    app = make_cli_app(flaskcompat)
    result = app.test_cli_runner().invoke(args=["greet", "ann"])
    assert result.output == "hello ann from cliapp (ann)\n"
    assert not flaskcompat.has_app_context()


def make_routes_app(flask):
    app = flask.Flask("routesapp")

    @app.route("/")
    def index():
        return ""

    @app.route("/user/<int:user_id>", methods=["GET", "POST", "DELETE"])
    def user(user_id):
        return ""

    @app.post("/zebra/")
    def a_last():
        return ""

    app.add_url_rule("/alias", "index")
    return app


def flask_group(app):
    return flask.cli.FlaskGroup(create_app=lambda: app)


@pytest.mark.parametrize(
    "args",
    [
        ["routes"],
        ["routes", "--all-methods"],
        ["routes", "--sort", "rule"],
        ["routes", "-s", "methods"],
        ["routes", "--sort", "nope"],
    ],
)
def test_routes_table_is_flasks(args):
    assert_same(*invoke_both(make_routes_app, args, group=flask_group))


def test_routes_without_rules():
    ours, theirs = invoke_both(lambda flask: flask.Flask("empty", static_folder=None), ["routes"], group=flask_group)
    assert_same(ours, theirs)
    assert ours.output == "No routes were registered.\n"


def test_flask_group_adds_the_apps_commands_and_pushes_its_context():
    ours, theirs = invoke_both(make_cli_app, ["greet", "ann"], group=flask_group)
    assert_same(ours, theirs)
    app = make_cli_app(flaskcompat)
    result = app.test_cli_runner().invoke(flask_group(app), ["--help"])
    assert result.exit_code == 0
    for name in ("bare", "boom", "greet", "plain", "routes", "shell", "users"):
        assert f"  {name}" in result.output


def test_shell_runs_in_the_app_context_with_the_shell_context():
    app = flaskcompat.Flask("shellapp")
    app.shell_context_processor(lambda: {"answer": 42})
    result = app.test_cli_runner().invoke(flask_group(app), ["shell"], input="print(answer, app.name, g is not None)\n")
    assert result.exit_code == 0
    assert "App: shellapp" in result.output
    assert "42 shellapp True" in result.output


def test_script_info_loads_the_app_once_and_follows_flask_debug(monkeypatch):
    app = flaskcompat.Flask("infoapp")
    app.debug = True
    calls = []
    info = ScriptInfo(create_app=lambda: calls.append(1) or app)
    assert info.load_app() is app and info.load_app() is app and calls == [1]
    assert app.debug is False  # FLASK_DEBUG unset, as Flask does
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert ScriptInfo(create_app=lambda: app).load_app().debug is True
    with pytest.raises(NoAppException):
        ScriptInfo().load_app()


def test_locate_app_understands_flasks_app_spelling(tmp_path, monkeypatch):
    (tmp_path / "located.py").write_text(
        "from flaskcompat import Flask\napp = Flask('located')\ndef create_app():\n    return Flask('created')\n"
    )
    (tmp_path / "factory_only.py").write_text(
        "from flaskcompat import Flask\ndef create_app():\n    return Flask('factory')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    def load(import_path):
        return ScriptInfo(app_import_path=import_path).load_app()

    assert load("located").name == "located"
    assert load("located:app").name == "located"
    assert load("located:create_app").name == "created"
    assert load("located:create_app()").name == "created"
    assert load("factory_only").name == "factory"
    assert load(str(tmp_path / "located.py")).name == "located"
    assert locate_app("located", "app").name == "located"
    with pytest.raises(NoAppException, match="Could not import 'nowhere'"):
        locate_app("nowhere", None)
    with pytest.raises(NoAppException, match="Failed to find attribute 'nope'"):
        locate_app("located", "nope")
    with pytest.raises(NoAppException, match="Failed to find Flask application"):
        locate_app("os", None)


def test_test_cli_runner_class_is_configurable():
    class Runner(FlaskCliRunner):
        pass

    app = make_cli_app(flaskcompat)
    app.test_cli_runner_class = Runner
    runner = app.test_cli_runner(env={"LANG": "C.UTF-8"})
    assert isinstance(runner, Runner) and runner.app is app and runner.env == {"LANG": "C.UTF-8"}
    assert runner.invoke(args=["users", "create", "cy"]).output == "created cy in cliapp\n"


@pytest.mark.slow
def test_the_flask_command_line_runs_a_flaskcompat_app():
    """``flask --app hello routes`` in a fresh interpreter: Flask's CLI, the app in embedded mode."""
    proc = run(["python", "-m", "flask", "--app", "tests.apps.hello", "routes"])
    assert proc.returncode == 0, proc.stderr
    assert [line.split() for line in proc.stdout.splitlines()[2:]] == [
        ["hello_world", "GET", "/"],
        ["static", "GET", "/static/<path:filename>"],
    ]
