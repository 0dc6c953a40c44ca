"""The six-digit secret on a citizen's receipt, kept as a keyed digest.

A slow password hash (PBKDF2) cost more than half of every registration and still cannot
protect a six-digit number from someone holding the table: a million guesses is cheap. What
protects it is the key, which lives in the settings, not the database, and the lookup's rate
limit; HMAC-SHA256 gives both at a fraction of a millisecond.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

PREFIX = "hmac-sha256$"


def new_secret() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def digest(tracking_code: str, secret: str) -> str:
    key = f"{settings.SECRET_KEY}:receipt-secret".encode()
    message = f"{tracking_code}:{secret.strip()}".encode()
    return PREFIX + hmac.new(key, message, hashlib.sha256).hexdigest()


def matches(petition, secret: str) -> bool:
    return hmac.compare_digest(digest(petition.tracking_code, secret), petition.secret_hash)
