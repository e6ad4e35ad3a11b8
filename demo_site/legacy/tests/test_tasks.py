import pytest
from taskboard.db import get_db


def test_login_required(client):
    for path in ("/tasks/", "/tasks/new", "/tasks/1/edit"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login?next=")
    for path in ("/tasks/1/done", "/tasks/1/delete"):
        assert client.post(path).headers["Location"].startswith("/auth/login")


def test_login_required_flashes_a_warning(client):
    response = client.get("/tasks/", follow_redirects=True)
    assert b'<div class="flash warning">Please log in first.</div>' in response.data


def test_index_lists_open_tasks_by_due_date(client, auth):
    auth.login()
    response = client.get("/tasks/")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.index("Write the release notes") < body.index("Book the venue")
    assert "overdue since 01 Jan 2000" in body
    assert "due 31 Dec 2999" in body
    assert "Order pizza" not in body
    assert "Other people" not in body
    assert '<a href="/tasks/1/edit">' in body


@pytest.mark.parametrize(
    ("show", "present", "absent"),
    (
        ("done", "Order pizza", "Book the venue"),
        ("all", "Order pizza", "Other people"),
    ),
)
def test_index_filters(client, auth, show, present, absent):
    auth.login()
    body = client.get("/tasks/", query_string={"show": show}).get_data(as_text=True)
    assert present in body and absent not in body
    assert f"<strong>{show}</strong>" in body


def test_unknown_filter_is_not_found(client, auth):
    auth.login()
    assert client.get("/tasks/?show=later").status_code == 404


def test_create(client, auth, app):
    auth.login()
    assert client.get("/tasks/new").status_code == 200
    response = client.post("/tasks/new", data={"title": "Call <Bob>", "notes": "re: invoice", "due": "2999-01-02"})
    assert response.headers["Location"] == "/tasks/"

    with app.app_context():
        task = get_db().execute("SELECT * FROM task WHERE title = 'Call <Bob>'").fetchone()
        assert (task["notes"], task["due"], task["owner_id"]) == ("re: invoice", "2999-01-02", 1)

    body = client.get("/tasks/").get_data(as_text=True)
    assert "Added “Call &lt;Bob&gt;”." in body
    assert "Call &lt;Bob&gt;" in body and "<Bob>" not in body


def test_create_validates(client, auth):
    auth.login()
    response = client.post("/tasks/new", data={"title": "  ", "notes": "keep me"})
    assert response.status_code == 200
    assert b"Title is required." in response.data
    assert b">keep me</textarea>" in response.data


def test_edit(client, auth, app):
    auth.login()
    response = client.get("/tasks/1/edit")
    assert b"<title>Edit \xe2\x80\x9cWrite the release notes\xe2\x80\x9d \xc2\xb7 Taskboard</title>" in response.data
    assert b'value="2000-01-01"' in response.data
    response = client.post("/tasks/1/edit", data={"title": "Release notes", "notes": "", "due": ""})
    assert response.headers["Location"] == "/tasks/"

    with app.app_context():
        task = get_db().execute("SELECT * FROM task WHERE id = 1").fetchone()
        assert (task["title"], task["due"]) == ("Release notes", None)


def test_toggle_done_keeps_the_filter(client, auth, app):
    auth.login()
    response = client.post("/tasks/3/done", data={"show": "done"})
    assert response.headers["Location"] == "/tasks/?show=done"
    with app.app_context():
        assert get_db().execute("SELECT done FROM task WHERE id = 3").fetchone()[0] == 0


def test_delete(client, auth, app):
    auth.login()
    response = client.post("/tasks/2/delete", follow_redirects=True)
    assert "Deleted “Book the venue”." in response.get_data(as_text=True)
    assert [r.status_code for r in response.history] == [302]
    with app.app_context():
        assert get_db().execute("SELECT * FROM task WHERE id = 2").fetchone() is None


@pytest.mark.parametrize("path", ("/tasks/4/edit", "/tasks/4/done", "/tasks/4/delete"))
def test_other_peoples_tasks_are_forbidden(client, auth, path):
    auth.login()
    response = client.post(path, data={"title": "mine now"})
    assert response.status_code == 403
    assert b"This task belongs to someone else." in response.data


@pytest.mark.parametrize("path", ("/tasks/99/edit", "/tasks/99/done", "/tasks/99/delete"))
def test_missing_tasks_are_not_found(client, auth, path):
    auth.login()
    response = client.post(path, data={"title": "x"})
    assert response.status_code == 404
    assert b"Task 99 doesn&#39;t exist." in response.data


def test_get_method_is_not_allowed_on_actions(client, auth):
    auth.login()
    response = client.get("/tasks/1/done")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
