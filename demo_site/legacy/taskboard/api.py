"""A JSON API over the logged-in user's tasks, as class-based views."""

from flask import Blueprint, abort, g, jsonify, request, url_for
from flask.views import MethodView

from .db import get_db
from .tasks import get_task

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def require_login():
    if g.user is None:
        abort(401, "Log in to use the API.")


@bp.errorhandler(400)
@bp.errorhandler(401)
@bp.errorhandler(403)
@bp.errorhandler(404)
def json_error(error):
    return jsonify(error=error.description), error.code


def as_json(task):
    return {
        "id": task["id"],
        "title": task["title"],
        "notes": task["notes"],
        "due": task["due"],
        "done": bool(task["done"]),
        "url": url_for(".task", task_id=task["id"]),
    }


class TaskList(MethodView):
    def get(self):
        tasks = get_db().execute("SELECT * FROM task WHERE owner_id = ? ORDER BY id", (g.user["id"],)).fetchall()
        return jsonify([as_json(task) for task in tasks])

    def post(self):
        data = request.get_json()
        title = str(data.get("title", "")).strip() if isinstance(data, dict) else ""
        if not title:
            abort(400, "A task needs a title.")
        db = get_db()
        cursor = db.execute(
            "INSERT INTO task (title, notes, due, owner_id) VALUES (?, ?, ?, ?)",
            (title, data.get("notes", ""), data.get("due"), g.user["id"]),
        )
        db.commit()
        task = as_json(get_task(cursor.lastrowid))
        return task, 201, {"Location": task["url"]}


class Task(MethodView):
    def get(self, task_id):
        return as_json(get_task(task_id))

    def patch(self, task_id):
        get_task(task_id)
        data = request.get_json()
        if not isinstance(data, dict) or not isinstance(data.get("done"), bool):
            abort(400, 'Send {"done": true} or {"done": false}.')
        db = get_db()
        db.execute("UPDATE task SET done = ? WHERE id = ?", (int(data["done"]), task_id))
        db.commit()
        return as_json(get_task(task_id))


bp.add_url_rule("/tasks", view_func=TaskList.as_view("tasks"))
bp.add_url_rule("/tasks/<int:task_id>", view_func=Task.as_view("task"))
