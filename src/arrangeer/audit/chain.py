"""The hash chain over the access log.

Each record's hash is an HMAC-SHA256 over the previous record's hash and a canonical JSON form of
the record. The key is derived from SECRET_KEY, so someone who can write to the database but does
not know the key cannot forge a record or repair the chain after changing one.

The hashed fields are listed by hand, not read from the model: adding a field must be a decision
about old records (their hashes do not cover it), and a test fails until the list is updated.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import uuid
from datetime import UTC, datetime

from django.conf import settings

from .models import AccessLogEntry

KEY_CONTEXT = b"arrangeer-audit-chain"

HASHED_FIELDS: tuple[str, ...] = (
    "seq",
    "occurred_at",
    "event",
    "outcome",
    "channel",
    "user_id",
    "username",
    "role",
    "organisation_id",
    "organisation_name",
    "responsible_user_id",
    "child_pseudonym",
    "case_ref",
    "object_type",
    "object_id",
    "data_category",
    "basis",
    "consent_id",
    "client_address",
    "prev_hash",
)


def chain_keys() -> list[bytes]:
    """The current key first, then keys from SECRET_KEY_FALLBACKS: after a key rotation the
    records written before it still verify while the old key is kept as a fallback."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        hmac.new(str(secret).encode(), KEY_CONTEXT, hashlib.sha256).digest() for secret in secrets
    ]


def _canonical_value(name: str, value: object) -> object:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, uuid.UUID):
        return str(value)
    if name == "client_address":
        # The database may spell an address differently than it was given (PostgreSQL's inet).
        return str(ipaddress.ip_address(str(value)))
    return str(value)


def canonical(entry: AccessLogEntry) -> bytes:
    data = {name: _canonical_value(name, getattr(entry, name)) for name in HASHED_FIELDS}
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def entry_hash(entry: AccessLogEntry, key: bytes) -> str:
    message = entry.prev_hash.encode() + b"\n" + canonical(entry)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def hash_matches(entry: AccessLogEntry, keys: list[bytes]) -> bool:
    # Bytes, not str: compare_digest refuses non-ASCII text, and a forged hash may contain some.
    stored = entry.hash.encode()
    return any(hmac.compare_digest(entry_hash(entry, key).encode(), stored) for key in keys)
