import sqlite3

import pytest
from taskboard.db import get_db


def test_get_close_db(app):
    with app.app_context():
        db = get_db()
        assert db is get_db()

    with pytest.raises(sqlite3.ProgrammingError) as e:
        db.execute("SELECT 1")

    assert "closed" in str(e.value)


def test_init_db_command(runner, app):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert result.output == "Initialized the database.\n"
    with app.app_context():
        assert get_db().execute("SELECT COUNT(*) FROM user").fetchone()[0] == 0


def test_a_new_database_gets_the_schema(tmp_path):
    from taskboard import create_app

    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "new.sqlite")})
    with app.app_context():
        assert get_db().execute("SELECT COUNT(*) FROM task").fetchone()[0] == 0


def test_create_user_command(runner, app, client):
    result = runner.invoke(args=["auth", "create-user", "carol"], input="secret\nsecret\n")
    assert result.exit_code == 0, result.output
    assert "Created user carol." in result.output
    response = client.post("/auth/login", data={"username": "carol", "password": "secret"})
    assert response.headers["Location"] == "/"


def test_create_user_command_refuses_a_taken_name(runner):
    result = runner.invoke(args=["auth", "create-user", "test", "--password", "x"])
    assert result.exit_code == 1
    assert "Error: User test is already registered." in result.output


def test_cli_lists_the_commands(runner):
    result = runner.invoke(args=["--help"])
    assert "init-db" in result.output
    assert "auth" in result.output
