"""``manage.py import_flask_users``: a legacy user table (SQLite file, database URL or CSV) into
auth_user, ids and Werkzeug hashes kept, dry run first, idempotent."""

import csv
import sqlite3
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import identify_hasher
from django.core.management import CommandError, call_command
from werkzeug.security import generate_password_hash

pytestmark = pytest.mark.django_db

User = get_user_model()
LEGACY = {3: ("ann", "ann pw"), 7: ("bob", "bob pw"), 12: ("cy", "cy pw")}


@pytest.fixture(autouse=True)
def hashers(settings):
    settings.PASSWORD_HASHERS = [
        "tests.test_contrib_hashers.FastPBKDF2PasswordHasher",
        "flaskcompat.contrib.hashers.WerkzeugPasswordHasher",
    ]


def werkzeug_hash(password):
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


@pytest.fixture
def legacy_db(tmp_path):
    """The demo taskboard's user table (schema.sql), with ids that are not 1..n."""
    path = tmp_path / "taskboard.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE user (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT UNIQUE NOT NULL, "
            "password TEXT NOT NULL)"
        )
        conn.executemany(
            "INSERT INTO user VALUES (?, ?, ?)", [(pk, name, werkzeug_hash(pw)) for pk, (name, pw) in LEGACY.items()]
        )
    return path


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_flask_users", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_writes_nothing(legacy_db):
    out, err = run(legacy_db)
    assert "Dry run: 3 to create, 0 to update, 0 unchanged." in out and "--commit" in out
    assert err == ""
    assert not User.objects.exists()


def test_commit_keeps_ids_and_hashes_and_the_users_log_in(legacy_db):
    out, _ = run(legacy_db, "--commit")
    assert "Imported: 3 created, 0 updated, 0 unchanged." in out
    assert dict(User.objects.values_list("pk", "username")) == {pk: name for pk, (name, _) in LEGACY.items()}
    with sqlite3.connect(legacy_db) as conn:
        legacy_hashes = dict(conn.execute("SELECT id, password FROM user"))
    for pk, (name, password) in LEGACY.items():
        user = User.objects.get(pk=pk)
        assert user.password == "werkzeug$" + legacy_hashes[pk]
        assert user.is_active and not user.is_staff
        assert authenticate(username=name, password=password) == user
        assert authenticate(username=name, password="wrong") is None
    assert User.objects.create_user("dee", password="x").pk > 12  # new ids come after the imported ones


def test_it_is_idempotent(legacy_db):
    run(legacy_db, "--commit")
    before = list(User.objects.order_by("pk").values())
    out, _ = run(legacy_db, "--commit")
    assert "Imported: 0 created, 0 updated, 3 unchanged." in out
    assert list(User.objects.order_by("pk").values()) == before
    assert "Dry run: 0 to create, 0 to update, 3 unchanged." in run(legacy_db)[0]


def test_a_changed_legacy_hash_follows_unless_django_owns_the_password(legacy_db):
    run(legacy_db, "--commit")
    assert authenticate(username="ann", password="ann pw")  # upgraded to Django's hasher on login
    assert identify_hasher(User.objects.get(pk=3).password).algorithm == "pbkdf2_sha256"
    with sqlite3.connect(legacy_db) as conn:  # both change their password in the legacy app
        conn.execute("UPDATE user SET password = ? WHERE id = 3", (werkzeug_hash("ann new"),))
        conn.execute("UPDATE user SET password = ? WHERE id = 7", (werkzeug_hash("bob new"),))
    out, _ = run(legacy_db, "-v", "2")
    assert "update  7  bob" in out and "Dry run: 0 to create, 1 to update, 2 unchanged." in out
    run(legacy_db, "--commit")
    assert authenticate(username="bob", password="bob new")
    assert authenticate(username="ann", password="ann pw")  # the Django-side password is kept
    assert authenticate(username="ann", password="ann new") is None


@pytest.mark.parametrize(
    "existing, message",
    [
        ((3, "zed"), "id 3 (ann): Django user 3 is 'zed'"),
        ((99, "bob"), "id 7 (bob): username taken by Django user id 99"),
    ],
)
def test_conflicts_stop_the_import_before_anything_is_written(legacy_db, existing, message):
    User.objects.create(pk=existing[0], username=existing[1])
    for args in ([], ["--commit"]):
        with pytest.raises(CommandError, match="1 conflict") as raised:
            run(legacy_db, *args)
        assert message in str(raised.value)
    assert list(User.objects.values_list("pk", "username")) == [existing]


def test_duplicates_in_the_source_are_conflicts(tmp_path):
    path = tmp_path / "users.csv"
    path.write_text("id,username,password\n1,ann,x\n1,bob,y\n2,ann,z\nnope,cy,w\n")
    with pytest.raises(CommandError, match="3 conflict") as raised:
        run(path)
    assert "duplicate" in str(raised.value) and "no valid id" in str(raised.value)


def test_a_csv_export_with_its_own_column_names(tmp_path):
    path = tmp_path / "users.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["user_id", "login", "pw_hash", "mail"])
        writer.writerow([5, "eve", werkzeug_hash("eve pw"), "eve@example.com"])
        writer.writerow([6, "fay", "", ""])  # no password: an unusable one
    run(
        path,
        "--id-column",
        "user_id",
        "--username-column",
        "login",
        "--password-column",
        "pw_hash",
        "--email-column",
        "mail",
        "--commit",
    )
    eve, fay = User.objects.order_by("pk")
    assert (eve.pk, eve.email) == (5, "eve@example.com")
    assert authenticate(username="eve", password="eve pw") == eve
    assert (fay.pk, fay.email, fay.has_usable_password()) == (6, "", False)
    again = run(path, "--id-column", "user_id", "--username-column", "login", "--password-column", "pw_hash")
    assert "Dry run: 0 to create, 0 to update, 2 unchanged." in again[0]


def test_a_database_url_and_a_table_name(legacy_db):
    with sqlite3.connect(legacy_db) as conn:
        conn.execute("ALTER TABLE user RENAME TO accounts")
    out, _ = run(f"sqlite:///{legacy_db}", "--table", "accounts", "--commit")
    assert "3 created" in out
    assert authenticate(username="cy", password="cy pw").pk == 12


def test_hashes_werkzeug_no_longer_verifies_are_reported(tmp_path):
    path = tmp_path / "users.csv"
    path.write_text("id,username,password\n1,old,sha256$salt$" + "ab" * 32 + "\n")
    out, err = run(path)
    assert "1 user(s) have a password hash Werkzeug no longer verifies" in err and "id 1" in err


def test_a_missing_hasher_is_reported(legacy_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    assert "PASSWORD_HASHERS lacks 'flaskcompat.contrib.hashers.WerkzeugPasswordHasher'" in run(legacy_db)[1]


@pytest.mark.parametrize(
    "args, message",
    [
        (["{db}", "--table", "users"], "no such table: users"),
        (["{db}", "--password-column", "pw"], "table 'user' has no column pw"),
        (["sqlite:///{db}", "--email-column", "mail"], "has no column 'mail'"),
        (["{db}.missing"], "no such file"),
    ],
)
def test_source_errors_are_command_errors(legacy_db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*[a.format(db=legacy_db) for a in args])
