"""Django password hasher for the hashes Werkzeug writes (``generate_password_hash``).

Werkzeug stores ``method$salt$hash``: ``scrypt:32768:8:1$...`` (Werkzeug 3's default),
``pbkdf2:sha256:600000$...``, older ``pbkdf2:sha1:1000$...``, any ``pbkdf2:<hashlib name>:N``.
Django finds the hasher of a stored password by the text before its first ``$``
(``identify_hasher``), and that text must be a hasher's ``algorithm``: a Werkzeug method
(``scrypt:32768:8:1``) carries its parameters, so the value is **stored with a** ``werkzeug$``
**prefix**: ``werkzeug$scrypt:32768:8:1$salt$hash`` (:func:`from_werkzeug` adds it; the
``import_flask_users`` command stores hashes that way). A verbatim Werkzeug hash in Django's
``password`` column is not recognised by any hasher and is a failed login.

Settings: Django's preferred hasher first, this one after it::

    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",   # new and upgraded passwords
        ...,
        "flaskcompat.contrib.hashers.WerkzeugPasswordHasher",  # imported legacy hashes
    ]

``authenticate()`` then accepts the legacy password, and Django's upgrade-on-login rewrites it
with the preferred hasher (``check_password`` sees a hasher other than the preferred one).
Verification is ``werkzeug.security.check_password_hash``, so the hasher accepts exactly what
the installed Werkzeug accepts: Werkzeug 3 dropped plain ``sha256$salt$hash`` (and ``md5$``,
``sha1$``...) hashes; those users need a password reset. A malformed or truncated hash, or an
unknown method, is a failed login, never an error. The hasher only verifies: it does not
encode new passwords (list it after the preferred one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.translation import gettext_noop as _
from werkzeug.security import check_password_hash

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise  # the type of gettext_lazy's strings, in Django's signature

PREFIX = "werkzeug$"


def from_werkzeug(pwhash: str) -> str:
    """The Django ``password`` value of a Werkzeug hash (prefixed once)."""
    return pwhash if pwhash.startswith(PREFIX) else PREFIX + pwhash


class WerkzeugPasswordHasher(BasePasswordHasher):
    """Verifies ``werkzeug$<Werkzeug hash>`` with Werkzeug's ``check_password_hash``."""

    algorithm = "werkzeug"

    def verify(self, password: str, encoded: str) -> bool:
        try:
            return check_password_hash(encoded.removeprefix(PREFIX), password)
        except (ValueError, TypeError, OverflowError, MemoryError):  # unknown method, bad parameters
            return False

    def encode(self, password: str, salt: str) -> str:
        raise NotImplementedError(
            "WerkzeugPasswordHasher only verifies imported Werkzeug hashes: list it after "
            "Django's preferred hasher in PASSWORD_HASHERS."
        )

    def decode(self, encoded: str) -> dict[str, Any]:
        method, _sep, rest = encoded.removeprefix(PREFIX).partition("$")
        salt, _sep, hash_ = rest.partition("$")
        return {"algorithm": self.algorithm, "method": method, "salt": salt, "hash": hash_}

    def safe_summary(self, encoded: str) -> dict[str | StrPromise, Any]:
        decoded = self.decode(encoded)
        return {
            _("algorithm"): decoded["algorithm"],
            _("method"): decoded["method"],
            _("salt"): mask_hash(decoded["salt"], show=2),
            _("hash"): mask_hash(decoded["hash"]),
        }

    def harden_runtime(self, password: str, encoded: str) -> None:
        """Nothing to even out: the work factor is the legacy hash's own."""
