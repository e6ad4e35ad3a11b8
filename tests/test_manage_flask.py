"""``python manage.py flask``: the project's apps found in its URLconf, their routes and commands."""

import io

import pytest
from click.testing import CliRunner
from django.core.management import CommandError, call_command
from django.urls import reverse
from flask.cli import FlaskGroup

from flaskcompat.management.commands.flask import ProjectGroup, find_apps

from .subprocesses import run

pytestmark = pytest.mark.urls("tests.urlconfs.cli_project")


def project(args, **kwargs):
    return CliRunner().invoke(ProjectGroup(name="flask"), args, **kwargs)


def table(output):
    return [line.split() for line in output.splitlines()]


def test_apps_are_found_in_the_urlconf_with_their_mount_points():
    assert [(app.name, mounts, names) for app, mounts, names in find_apps()] == [
        ("blog", [("/blog/", "blog")], {"blog"}),
        ("shop", [("/en/store/", "en:store")], {"shop", "en:store", "store"}),
    ]


def test_routes_lists_every_mounted_app_with_its_url():
    result = project(["routes"])
    assert result.exit_code == 0, result.output
    assert table(result.output)[0] == ["App", "Endpoint", "Methods", "Rule", "URL", "Name"]
    assert table(result.output)[2:] == [
        ["blog", "index", "GET", "/", "/blog/", "blog:index"],
        ["blog", "post", "GET,", "POST", "/post/<int:post_id>", "/blog/post/<int:post_id>", "blog:post"],
        ["blog", "static", "GET", "/static/<path:filename>", "/blog/static/<path:filename>", "blog:static"],
        ["shop", "cart", "GET", "/cart", "/en/store/cart", "en:store:cart"],
    ]


def test_routes_names_are_what_reverse_takes():
    rows = table(project(["routes"]).output)[2:]
    assert reverse("blog:post", kwargs={"post_id": 7}) == "/blog/post/7"
    assert {row[-2]: reverse(row[-1]) for row in rows if "<" not in row[-2]} == {
        "/blog/": "/blog/",
        "/en/store/cart": "/en/store/cart",
    }


def test_routes_of_one_app():
    result = project(["--app", "shop", "routes", "--all-methods"])
    assert table(result.output)[0] == ["Endpoint", "Methods", "Rule", "URL", "Name"]
    assert table(result.output)[2:] == [
        ["cart", "GET,", "HEAD,", "OPTIONS", "/cart", "/en/store/cart", "en:store:cart"]
    ]


@pytest.mark.parametrize("sort", ["endpoint", "methods", "rule", "match"])
def test_routes_sort_as_in_flask(sort):
    from .urlconfs.cli_project import blog

    ours = table(project(["--app", "blog", "routes", "--sort", sort]).output)[2:]
    flasks = table(CliRunner().invoke(FlaskGroup(create_app=lambda: blog), ["routes", "--sort", sort]).output)[2:]
    assert [row[0] for row in ours] == [row[0] for row in flasks]


def test_routes_sort_refuses_what_flask_refuses():
    result = project(["--app", "blog", "routes", "-s", "nope"])
    assert result.exit_code == 2 and "Invalid value for '--sort'" in result.output


def test_a_command_runs_in_the_context_of_the_app_defining_it():
    result = project(["restock", "apples", "--count", "3"])
    assert result.exit_code == 0, result.output
    assert result.output == "shop restocked 3 x apples\n"


def test_several_apps_defining_a_command_need_app():
    result = project(["whoami"])
    assert result.exit_code == 2
    assert "Several apps define 'whoami' (blog, shop): choose one with --app NAME." in result.output
    assert project(["--app", "blog", "whoami"]).output == "whoami: blog\n"
    assert project(["-A", "shop", "whoami"]).output == "whoami: shop\n"
    assert project(["--app", "store", "whoami"]).output == "whoami: shop\n"  # its URL namespace
    assert project(["--app", "en:store", "whoami"]).output == "whoami: shop\n"


def test_help_lists_every_command_and_unknown_apps_are_named():
    result = project(["--help"])
    for name in ("restock", "routes", "shell", "whoami"):
        assert f"\n  {name}" in result.output
    result = project(["--app", "nope", "routes"])
    assert result.exit_code == 2
    assert "No app named 'nope'; the project has: blog, shop. Could not import 'nope'." in result.output
    # or an import path, as Flask's --app takes
    assert project(["--app", "tests.urlconfs.cli_project:worker", "drain"]).output == "drained by worker\n"


def test_flaskcompat_apps_adds_apps_the_urlconf_does_not_mount(settings):
    settings.FLASKCOMPAT_APPS = ["tests.urlconfs.cli_project:worker"]
    assert project(["drain"]).output == "drained by worker\n"
    assert [app.name for app, _, _ in find_apps()] == ["blog", "shop", "worker"]


def test_shell_needs_one_app():
    result = project(["shell"])
    assert result.exit_code == 2
    assert "Several apps (blog, shop): choose one with --app NAME." in result.output
    result = project(["--app", "blog", "shell"], input="print(app.name.upper())\n")
    assert "App: blog" in result.output and "BLOG\n" in result.output


def test_call_command_writes_to_the_commands_stdout():
    out = io.StringIO()
    call_command("flask", "restock", "pears", stdout=out)
    assert out.getvalue() == "shop restocked 1 x pears\n"
    with pytest.raises(CommandError, match="Several apps define 'whoami'"):
        call_command("flask", "whoami")


@pytest.mark.slow
def test_manage_py_flask_routes_lists_the_demo_routes():
    proc = run(["python", "manage.py", "flask", "routes"])
    assert proc.returncode == 0, proc.stderr
    rows = table(proc.stdout)
    assert rows[0] == ["App", "Endpoint", "Methods", "Rule", "URL", "Name"]
    urls = {row[-2] for row in rows[2:]}
    assert {"/quickstart/", "/quickstart/hello/<name>", "/quickstart/login"} <= urls
    assert {"/legacy/", "/legacy/auth/login", "/legacy/tasks/<int:task_id>/edit"} <= urls
    assert [
        "taskboard",
        "auth.login",
        "GET,",
        "POST",
        "/auth/login",
        "/legacy/auth/login",
        "taskboard:auth.login",
    ] in rows


@pytest.mark.slow
def test_manage_py_flask_runs_an_app_command_and_exits_with_clicks_status(tmp_path):
    database = tmp_path / "tasks.sqlite"
    proc = run(["python", "manage.py", "flask", "init-db"], FLASK_DATABASE=str(database))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Initialized the database.\n"
    assert database.exists()
    proc = run(["python", "manage.py", "flask", "no-such-command"])
    assert proc.returncode == 2
    assert "No such command 'no-such-command'" in proc.stderr


def test_flasks_own_flask_group_over_a_mounted_app():
    """Flask's FlaskGroup (what ``flask --app`` runs) lists a mounted app's rules as Flask does."""
    from .urlconfs.cli_project import shop

    result = CliRunner().invoke(FlaskGroup(create_app=lambda: shop), ["routes"])
    rows = table(result.output)
    assert rows[0] == ["Endpoint", "Methods", "Rule"]
    assert rows[2:] == [["cart", "GET", "/cart"]]
