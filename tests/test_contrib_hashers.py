"""flaskcompat.contrib.hashers: Django verifies (and upgrades) the hashes real Werkzeug wrote."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, identify_hasher, make_password
from werkzeug.security import generate_password_hash

from flaskcompat.checks import check_password_hashers
from flaskcompat.contrib.hashers import WerkzeugPasswordHasher, from_werkzeug

WERKZEUG = "flaskcompat.contrib.hashers.WerkzeugPasswordHasher"
PREFERRED = "tests.test_contrib_hashers.FastPBKDF2PasswordHasher"


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's preferred hasher, with few iterations to keep the suite fast."""

    iterations = 1000


@pytest.fixture(autouse=True)
def hashers(settings):
    settings.PASSWORD_HASHERS = [PREFERRED, WERKZEUG]


# Werkzeug 3's default (scrypt:32768:8:1), then cheaper parameters of every method it verifies.
METHODS = [
    "scrypt",
    "scrypt:1024:8:1",
    "pbkdf2:sha256:1000",
    "pbkdf2:sha1:1000",
    "pbkdf2:sha512:2000",
    "pbkdf2:md5:1000",
]


@pytest.mark.parametrize("method", METHODS)
def test_a_werkzeug_hash_verifies_the_right_password_only(method):
    pwhash = generate_password_hash("s3cret pässword", method=method)
    encoded = from_werkzeug(pwhash)
    assert encoded == "werkzeug$" + pwhash
    assert identify_hasher(encoded).algorithm == "werkzeug"
    assert check_password("s3cret pässword", encoded)
    assert not check_password("s3cret password", encoded)
    assert not check_password("", encoded)


def test_the_prefix_is_added_once():
    pwhash = generate_password_hash("pw", method="pbkdf2:sha256:1000")
    assert from_werkzeug(from_werkzeug(pwhash)) == from_werkzeug(pwhash)


@pytest.mark.django_db
def test_authenticate_accepts_the_legacy_password_and_upgrades_it():
    pwhash = generate_password_hash("legacy pw", method="scrypt:1024:8:1")
    user = get_user_model().objects.create(username="ann", password=from_werkzeug(pwhash))
    assert authenticate(username="ann", password="wrong") is None
    user.refresh_from_db()
    assert user.password == from_werkzeug(pwhash)  # a failed login changes nothing

    assert authenticate(username="ann", password="legacy pw") == user
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"  # rehashed by the preferred hasher
    assert user.password.startswith("pbkdf2_sha256$1000$")
    assert authenticate(username="ann", password="legacy pw") == user
    assert authenticate(username="ann", password="wrong") is None


@pytest.mark.django_db
def test_a_verbatim_werkzeug_hash_is_no_django_password():
    """Django identifies a hasher by the text before the first "$": "scrypt:32768:8:1" is none."""
    get_user_model().objects.create(username="bob", password=generate_password_hash("pw", method="pbkdf2:sha256:1000"))
    assert authenticate(username="bob", password="pw") is None


def _valid():
    return from_werkzeug(generate_password_hash("pw", method="pbkdf2:sha256:1000"))


MALFORMED = {
    "truncated hash": lambda: _valid()[:-7],
    "truncated to the salt": lambda: _valid().rsplit("$", 1)[0],
    "truncated to the method": lambda: "werkzeug$pbkdf2:sha256:1000",
    "prefix only": lambda: "werkzeug$",
    "empty parts": lambda: "werkzeug$$$",
    "iterations not a number": lambda: "werkzeug$pbkdf2:sha256:many$salt$00ff",
    "negative iterations": lambda: "werkzeug$pbkdf2:sha256:-5$salt$00ff",
    "iterations overflow": lambda: "werkzeug$pbkdf2:sha256:99999999999999999999999$salt$00ff",
    "too many pbkdf2 arguments": lambda: "werkzeug$pbkdf2:sha256:1000:9$salt$00ff",
    "unknown digest": lambda: "werkzeug$pbkdf2:md9:1000$salt$00ff",
    "scrypt n not a power of two": lambda: "werkzeug$scrypt:1000:8:1$salt$00ff",
    "scrypt memory too large": lambda: "werkzeug$scrypt:16384:8:99999999999$salt$00ff",
    "scrypt arguments missing": lambda: "werkzeug$scrypt:16384$salt$00ff",
    "not ASCII salt": lambda: "werkzeug$pbkdf2:sha256:1000$\udc80$00ff",
    # Werkzeug 3 dropped the plain hashes Werkzeug < 2.3 wrote: these users need a reset.
    "plain sha256 (Werkzeug < 2.3)": lambda: "werkzeug$sha256$Pe9Qu0Nb$" + "ab" * 32,
    "plain md5": lambda: "werkzeug$md5$salt$" + "ab" * 16,
    "unknown method": lambda: "werkzeug$bcrypt$salt$hash",
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_hash_is_a_failed_check(case):
    assert not WerkzeugPasswordHasher().verify("pw", MALFORMED[case]())
    assert not check_password("pw", MALFORMED[case]())


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["truncated hash", "scrypt memory too large", "plain sha256 (Werkzeug < 2.3)"])
def test_a_malformed_hash_is_a_failed_login(case):
    stored = MALFORMED[case]()
    user = get_user_model().objects.create(username="cy", password=stored)
    assert authenticate(username="cy", password="pw") is None
    user.refresh_from_db()
    assert user.password == stored  # not "upgraded"


def test_the_admin_shows_a_safe_summary():
    pwhash = generate_password_hash("pw", method="pbkdf2:sha256:1000")
    salt, digest = pwhash.split("$")[1:]
    html = ReadOnlyPasswordHashWidget().render("password", from_werkzeug(pwhash))
    assert "werkzeug" in html and "pbkdf2:sha256:1000" in html
    assert salt not in html and digest not in html and digest[:6] in html
    malformed = ReadOnlyPasswordHashWidget().render("password", "werkzeug$nonsense")
    assert "nonsense" in malformed


def test_it_verifies_but_never_hashes_new_passwords(settings):
    with pytest.raises(NotImplementedError, match="after Django's preferred hasher"):
        WerkzeugPasswordHasher().encode("pw", "salt")
    assert check_password_hashers() == []
    settings.PASSWORD_HASHERS = [WERKZEUG, PREFERRED]
    [error] = check_password_hashers()
    assert error.id == "flaskcompat.E004" and "first" in error.msg
    assert make_password("pw", hasher="pbkdf2_sha256").startswith("pbkdf2_sha256$")
