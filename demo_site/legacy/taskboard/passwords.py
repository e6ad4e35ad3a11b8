"""Salted PBKDF2 password hashes, stored as ``pbkdf2:sha256:<iterations>$<salt>$<hex digest>``."""

import hashlib
import hmac
import secrets

ITERATIONS = 60_000


def hash_password(password):
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), ITERATIONS).hex()
    return f"pbkdf2:sha256:{ITERATIONS}${salt}${digest}"


def check_password(stored, password):
    method, salt, digest = stored.split("$", 2)
    _, name, iterations = method.split(":")
    candidate = hashlib.pbkdf2_hmac(name, password.encode(), salt.encode(), int(iterations)).hex()
    return hmac.compare_digest(candidate, digest)
