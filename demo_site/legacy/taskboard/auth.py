"""Accounts: register, log in and out; ``g.user`` for every request; ``login_required``."""

import functools

import click
from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from .db import get_db
from .passwords import check_password, hash_password

bp = Blueprint("auth", __name__, url_prefix="/auth")


def login_required(view):
    """Send anonymous visitors to the login page, and back here afterwards."""

    @functools.wraps(view)
    def wrapped_view(**kwargs):
        if g.user is None:
            flash("Please log in first.", "warning")
            # request.path is the path inside the app; the browser needs the mount point too.
            return redirect(url_for("auth.login", next=request.script_root + request.path))
        return view(**kwargs)

    return wrapped_view


@bp.before_app_request
def load_logged_in_user():
    user_id = session.get("user_id")
    g.user = None
    if user_id is not None:
        g.user = get_db().execute("SELECT * FROM user WHERE id = ?", (user_id,)).fetchone()


def create_user(username, password):
    """Insert a user; returns an error message when the name is taken."""
    db = get_db()
    try:
        db.execute("INSERT INTO user (username, password) VALUES (?, ?)", (username, hash_password(password)))
        db.commit()
    except db.IntegrityError:
        return f"User {username} is already registered."
    return None


@bp.route("/register", methods=("GET", "POST"))
def register():
    if request.method == "POST":
        username = request.form["username"].strip()
        password = request.form["password"]
        error = None
        if not username:
            error = "Username is required."
        elif len(password) < 4:
            error = "Password must have at least 4 characters."
        else:
            error = create_user(username, password)
        if error is None:
            flash("Registered. You can log in now.", "success")
            return redirect(url_for("auth.login"))
        flash(error, "error")
    return render_template("auth/register.html")


@bp.route("/login", methods=("GET", "POST"))
def login():
    if request.method == "POST":
        username = request.form["username"]
        user = get_db().execute("SELECT * FROM user WHERE username = ?", (username,)).fetchone()
        if user is None or not check_password(user["password"], request.form["password"]):
            flash("Incorrect username or password.", "error")
        else:
            session.clear()
            session["user_id"] = user["id"]
            flash(f"Welcome back, {user['username']}!", "success")
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("index"))
    return render_template("auth/login.html")


@bp.route("/logout")
def logout():
    session.clear()
    flash("You have been logged out.")
    return redirect(url_for("index"))


@bp.cli.command("create-user")
@click.argument("username")
@click.password_option()
def create_user_command(username, password):
    """Create a user account (flask auth create-user NAME)."""
    error = create_user(username, password)
    if error:
        raise click.ClickException(error)
    click.echo(f"Created user {username}.")
