"""``python manage.py import_flask_users SOURCE``: a Flask app's users into Django's user model.

SOURCE is the legacy user table, read where it is: an SQLite file (``instance/app.sqlite``), a
database URL (``postgresql://user@host/legacy``, read through SQLAlchemy), or a CSV export with a
header row (``users.csv``). ``--table`` names the table (default ``user``), ``--id-column``,
``--username-column``, ``--password-column`` and ``--email-column`` its columns.

Each user keeps its id (rows that point at it, ``task.owner_id``, stay valid) and its Werkzeug
password hash, stored as ``werkzeug$<hash>`` for :class:`flaskcompat.contrib.hashers.WerkzeugPasswordHasher`
(Django rehashes it with the preferred hasher at the user's next login). A row without a
password gets an unusable one.

It is a dry run unless ``--commit`` is given: it says what it would create and update. It is
idempotent: a user already imported (same id and username) is left alone, except that a
password still in its imported Werkzeug form follows a changed legacy hash. A password set or
upgraded on Django's side is never overwritten. A conflict (an id that belongs to another
username, a username taken by another id, duplicates in the source) stops the import before
anything is written. With ``--commit``, everything is written in one transaction, and the
table's id sequence is moved past the imported ids (PostgreSQL).
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from flaskcompat.contrib.hashers import PREFIX, WerkzeugPasswordHasher, from_werkzeug

HASHER = f"{WerkzeugPasswordHasher.__module__}.{WerkzeugPasswordHasher.__qualname__}"
#: What Werkzeug 3's check_password_hash still verifies (older plain hashes need a reset).
WERKZEUG_METHODS = ("scrypt", "pbkdf2")


class Command(BaseCommand):
    help = "Import a Flask app's users (ids and Werkzeug password hashes) into Django's user model."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="SQLite file, database URL, or CSV file with a header row.")
        parser.add_argument("--table", default="user", help='Legacy user table (default "user"; schema.table).')
        parser.add_argument("--id-column", default="id")
        parser.add_argument("--username-column", default="username")
        parser.add_argument("--password-column", default="password")
        parser.add_argument("--email-column", default=None, help="Optional e-mail column.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Django database to import into.")
        parser.add_argument("--commit", action="store_true", help="Write the users (default: dry run).")

    def handle(self, *args: Any, **options: Any) -> None:
        columns = {
            "id": options["id_column"],
            "username": options["username_column"],
            "password": options["password_column"],
        }
        if options["email_column"]:
            columns["email"] = options["email_column"]
        rows = read_rows(options["source"], options["table"], columns)
        db = options["database"]
        create, update, unchanged, conflicts, resets = plan(rows, db)
        if conflicts:
            shown = "\n".join(f"  {c}" for c in conflicts[:20])
            more = f"\n  ... and {len(conflicts) - 20} more" if len(conflicts) > 20 else ""
            raise CommandError(f"{len(conflicts)} conflict(s), nothing imported:\n{shown}{more}")
        if options["verbosity"] >= 2:
            for user in create:
                self.stdout.write(f"  create  {user.pk}  {user.get_username()}")
            for user in update:
                self.stdout.write(f"  update  {user.pk}  {user.get_username()} (legacy password changed)")
        if resets:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(resets)} user(s) have a password hash Werkzeug no longer verifies (not scrypt "
                    f"or pbkdf2), e.g. id {resets[0]}: they are imported, and need a password reset."
                )
            )
        if rows and HASHER not in settings.PASSWORD_HASHERS:
            self.stderr.write(
                self.style.WARNING(
                    f"PASSWORD_HASHERS lacks {HASHER!r}: add it after Django's preferred hasher, "
                    "or the imported users cannot log in."
                )
            )
        summary = f"{len(create)} to create, {len(update)} to update, {len(unchanged)} unchanged."
        if not options["commit"]:
            self.stdout.write(f"Dry run: {summary} Nothing was written; run again with --commit to import.")
            return
        write(create, update, db)
        self.stdout.write(
            self.style.SUCCESS(f"Imported: {len(create)} created, {len(update)} updated, {len(unchanged)} unchanged.")
        )


def read_rows(source: str, table: str, columns: dict[str, str]) -> list[dict]:
    """The source's rows as ``{"id", "username", "password"[, "email"]}`` dicts."""
    if "://" in source:
        return _read_url(source, table, columns)
    path = Path(source)
    if not path.is_file():
        raise CommandError(f"{source}: no such file (give an SQLite file, a CSV file or a database URL).")
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = [c for c in columns.values() if c not in (reader.fieldnames or ())]
            if missing:
                raise CommandError(f"{source}: no column {', '.join(missing)} (header: {reader.fieldnames}).")
            return [{key: row[col] for key, col in columns.items()} for row in reader]
    try:  # SELECT * (SQLite reads an unknown "quoted" column as a string literal)
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
            cursor = conn.execute(f"SELECT * FROM {_quote(table)}")  # the table name is quoted
            names = [d[0] for d in cursor.description]
            records = cursor.fetchall()
    except sqlite3.DatabaseError as e:
        raise CommandError(f"{source}: {e}") from None
    missing = [c for c in columns.values() if c not in names]
    if missing:
        raise CommandError(f"{source}: table {table!r} has no column {', '.join(missing)} (columns: {names}).")
    index = {key: names.index(col) for key, col in columns.items()}
    return [{key: record[i] for key, i in index.items()} for record in records]


def _quote(identifier: str) -> str:
    return ".".join('"{}"'.format(part.replace('"', '""')) for part in identifier.split("."))


def _read_url(url: str, table: str, columns: dict[str, str]) -> list[dict]:
    try:
        import sqlalchemy as sa
    except ImportError:
        raise CommandError("Reading a database URL needs SQLAlchemy (pip install sqlalchemy).") from None
    schema, _dot, name = table.rpartition(".")
    engine = sa.create_engine(url)
    try:
        legacy = sa.Table(name, sa.MetaData(), schema=schema or None, autoload_with=engine)
        selected = sa.select(*(legacy.c[col] for col in columns.values()))
        with engine.connect() as conn:
            return [dict(zip(columns, record, strict=True)) for record in conn.execute(selected)]
    except KeyError as e:
        raise CommandError(f"Table {table!r} has no column {e}.") from None
    except sa.exc.SQLAlchemyError as e:
        raise CommandError(f"{engine.url.render_as_string()}: {e}") from None
    finally:
        engine.dispose()


def plan(rows: list[dict], db: str) -> tuple[list, list, list, list[str], list]:
    """``(to create, to update, unchanged, conflicts, ids needing a reset)``."""
    User = get_user_model()
    manager, username_field = User._default_manager.db_manager(db), User.USERNAME_FIELD
    email_field = User.get_email_field_name()
    create, update, unchanged, conflicts, resets = [], [], [], [], []
    seen_ids, seen_names, valid = set(), set(), []
    for row in rows:
        try:
            row["id"] = User._meta.pk.to_python(row["id"])
        except ValidationError:
            row["id"] = None
        if row["id"] is None or not row["username"]:
            conflicts.append(f"id {row['id']!r} ({row['username']!r}): no valid id or no username")
        elif row["id"] in seen_ids or row["username"] in seen_names:
            conflicts.append(f"id {row['id']} ({row['username']}): duplicate id or username in the source")
        else:
            valid.append(row)
        seen_ids.add(row["id"])
        seen_names.add(row["username"])
    existing = manager.in_bulk([row["id"] for row in valid])
    names = dict(manager.filter(**{f"{username_field}__in": seen_names}).values_list(username_field, "pk"))
    for row in valid:
        pk, username, legacy = row["id"], row["username"], row["password"]
        password = from_werkzeug(legacy) if legacy else make_password(None)
        if legacy and legacy.removeprefix(PREFIX).split("$")[0].split(":")[0] not in WERKZEUG_METHODS:
            resets.append(pk)
        user = existing.get(pk)
        if user is None:
            if names.get(username, pk) != pk:
                conflicts.append(f"id {pk} ({username}): username taken by Django user id {names[username]}")
                continue
            fields = {username_field: username, "password": password}
            if row.get("email"):
                fields[email_field] = row["email"]
            create.append(User(pk=pk, **fields))
        elif user.get_username() != username:
            conflicts.append(f"id {pk} ({username}): Django user {pk} is {user.get_username()!r}")
        elif legacy and user.password.startswith(PREFIX) and user.password != password:
            user.password = password
            update.append(user)
        else:
            unchanged.append(user)
    return create, update, unchanged, conflicts, resets


def write(create: list, update: list, db: str) -> None:
    User = get_user_model()
    connection = connections[db]
    with transaction.atomic(using=db):
        User._default_manager.db_manager(db).bulk_create(create, batch_size=500)
        for user in update:
            user.save(using=db, update_fields=["password"])
        with connection.cursor() as cursor:  # ids were given: the sequence moves past them
            for sql in connection.ops.sequence_reset_sql(no_style(), [User]):
                cursor.execute(sql)
