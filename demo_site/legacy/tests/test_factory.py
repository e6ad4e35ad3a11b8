from taskboard import create_app


def test_config():
    assert not create_app().testing
    assert create_app({"TESTING": True}).testing


def test_config_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_BOARD_TITLE", '"Ops board"')
    monkeypatch.setenv("FLASK_DATABASE", str(tmp_path / "ops.sqlite"))
    app = create_app()
    assert app.config["BOARD_TITLE"] == "Ops board"
    assert app.config["DATABASE"] == str(tmp_path / "ops.sqlite")


def test_index_anonymous(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"<title>Welcome \xc2\xb7 Taskboard</title>" in response.data
    assert b'href="/auth/login"' in response.data
    assert b'href="/static/style.css"' in response.data


def test_index_counts_the_users_tasks(client, auth):
    auth.login()
    response = client.get("/")
    assert b"Hello test: 2 open, 1 done." in response.data
    assert b"Log out" in response.data


def test_static_file(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert b".flash.error" in response.data


def test_not_found_page(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert b"<h1>404 Not Found</h1>" in response.data
