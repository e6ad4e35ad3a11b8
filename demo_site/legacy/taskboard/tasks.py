"""Tasks: the logged-in user's list, with create, edit, done and delete."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from .auth import login_required
from .db import get_db

bp = Blueprint("tasks", __name__, url_prefix="/tasks")

FILTERS = {
    "open": "AND done = 0",
    "done": "AND done = 1",
    "all": "",
}


def get_task(task_id):
    """The task, if it exists and belongs to the current user (404 / 403 otherwise)."""
    task = get_db().execute("SELECT * FROM task WHERE id = ?", (task_id,)).fetchone()
    if task is None:
        abort(404, f"Task {task_id} doesn't exist.")
    if task["owner_id"] != g.user["id"]:
        abort(403, "This task belongs to someone else.")
    return task


def _form():
    """The submitted title, notes and due date, or None after flashing what is wrong."""
    title = request.form["title"].strip()
    notes = request.form.get("notes", "").strip()
    due = request.form.get("due") or None
    if not title:
        flash("Title is required.", "error")
        return None
    return title, notes, due


@bp.route("/")
@login_required
def index():
    show = request.args.get("show", "open")
    if show not in FILTERS:
        abort(404)
    tasks = (
        get_db()
        .execute(
            f"SELECT * FROM task WHERE owner_id = ? {FILTERS[show]} ORDER BY done, due IS NULL, due, id",
            (g.user["id"],),
        )
        .fetchall()
    )
    return render_template("tasks/index.html", tasks=tasks, show=show)


@bp.route("/new", methods=("GET", "POST"))
@login_required
def create():
    if request.method == "POST":
        values = _form()
        if values is not None:
            db = get_db()
            db.execute("INSERT INTO task (title, notes, due, owner_id) VALUES (?, ?, ?, ?)", (*values, g.user["id"]))
            db.commit()
            flash(f"Added “{values[0]}”.", "success")
            return redirect(url_for(".index"))
    return render_template("tasks/form.html", task=None)


@bp.route("/<int:task_id>/edit", methods=("GET", "POST"))
@login_required
def edit(task_id):
    task = get_task(task_id)
    if request.method == "POST":
        values = _form()
        if values is not None:
            db = get_db()
            db.execute("UPDATE task SET title = ?, notes = ?, due = ? WHERE id = ?", (*values, task_id))
            db.commit()
            flash("Task updated.", "success")
            return redirect(url_for(".index"))
    return render_template("tasks/form.html", task=task)


@bp.post("/<int:task_id>/done")
@login_required
def toggle_done(task_id):
    task = get_task(task_id)
    db = get_db()
    db.execute("UPDATE task SET done = ? WHERE id = ?", (0 if task["done"] else 1, task_id))
    db.commit()
    return redirect(url_for(".index", show=request.form.get("show", "open")))


@bp.post("/<int:task_id>/delete")
@login_required
def delete(task_id):
    task = get_task(task_id)
    db = get_db()
    db.execute("DELETE FROM task WHERE id = ?", (task_id,))
    db.commit()
    flash(f"Deleted “{task['title']}”.")
    return redirect(url_for(".index"))
