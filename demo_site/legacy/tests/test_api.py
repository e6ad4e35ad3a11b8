import pytest


def test_requires_login(client):
    response = client.get("/api/tasks")
    assert response.status_code == 401
    assert response.get_json() == {"error": "Log in to use the API."}


def test_list(client, auth):
    auth.login()
    response = client.get("/api/tasks")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    tasks = response.get_json()
    assert [t["title"] for t in tasks] == ["Write the release notes", "Book the venue", "Order pizza"]
    assert tasks[0] == {
        "id": 1,
        "title": "Write the release notes",
        "notes": "Mention the new API.",
        "due": "2000-01-01",
        "done": False,
        "url": "/api/tasks/1",
    }


def test_create(client, auth):
    auth.login()
    response = client.post("/api/tasks", json={"title": "Ship it", "due": "2999-06-01"})
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/tasks/5"
    assert response.json["title"] == "Ship it" and response.json["done"] is False
    assert client.get("/api/tasks/5").json["due"] == "2999-06-01"


@pytest.mark.parametrize("payload", ({}, {"title": "  "}, ["title"]))
def test_create_validates(client, auth, payload):
    auth.login()
    response = client.post("/api/tasks", json=payload)
    assert response.status_code == 400
    assert response.get_json() == {"error": "A task needs a title."}


def test_malformed_json_is_a_bad_request(client, auth):
    auth.login()
    response = client.post("/api/tasks", data="{nope", content_type="application/json")
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_patch_marks_done(client, auth):
    auth.login()
    response = client.patch("/api/tasks/2", json={"done": True})
    assert response.status_code == 200
    assert response.get_json()["done"] is True
    assert client.patch("/api/tasks/2", json={"done": "yes"}).status_code == 400


@pytest.mark.parametrize(
    ("path", "status", "error"),
    (
        ("/api/tasks/4", 403, "This task belongs to someone else."),
        ("/api/tasks/99", 404, "Task 99 doesn't exist."),
    ),
)
def test_errors_are_json(client, auth, path, status, error):
    auth.login()
    response = client.get(path)
    assert response.status_code == status
    assert response.get_json() == {"error": error}


def test_method_not_allowed(client, auth):
    auth.login()
    assert client.delete("/api/tasks/1").status_code == 405
