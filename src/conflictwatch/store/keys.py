"""API keys: roles read < analyst < admin; only a salted scrypt hash is stored.

A token looks like ``cw_<key_id>_<secret>``.  ``key_id`` is public (it names the
row); the secret is shown once, when the key is created, and is checked against
``scrypt(secret, salt)``.

    token = ApiKeys(store).create("amina", "analyst")
    ApiKeys(store).verify(token)   # -> KeyInfo(key_id, name, role) or None
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Optional

import sqlalchemy as sa

from conflictwatch.errors import StoreError
from conflictwatch.store import schema as _s
from conflictwatch.store.database import _WRITE, Store

__all__ = ["ApiKeys", "KeyInfo", "ROLES", "role_allows"]

ROLES: tuple[str, ...] = _s.API_ROLES  # in increasing order of rights
_PREFIX = "cw"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def role_allows(role: str, needed: str) -> bool:
    """True when ``role`` has at least the rights of ``needed``."""
    return ROLES.index(role) >= ROLES.index(needed)


def _hash(secret: str, salt_hex: str) -> str:
    return hashlib.scrypt(secret.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT).hex()


# Tokens already checked with scrypt in this process: (key_id, stored hash) -> sha256 of the secret.  scrypt costs
# ~50 ms of CPU by design (against guessing); paying it on every request of an analyst who is editing made key
# checks 14% of the API's time under load.  The row is still read on every request (revocation takes effect at
# once), only a secret that already passed scrypt for that row skips it; wrong secrets always pay scrypt.
_VERIFIED: dict[tuple[str, str], bytes] = {}
_VERIFIED_MAX = 4096
_VERIFIED_LOCK = threading.Lock()


def _fast_digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    name: str
    role: str
    created_at: str = ""
    revoked_at: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {"key_id": self.key_id, "name": self.name, "role": self.role, "created_at": self.created_at,
                "revoked_at": self.revoked_at}


class ApiKeys:
    """Create, verify, list and revoke API keys in one store."""

    def __init__(self, store: Store):
        self._store = store
        self._writer = store.engine.execution_options(**{_WRITE: True})

    def create(self, name: str, role: str) -> str:
        """A new key for ``name`` with ``role``; returns the token (the only time the secret is seen)."""
        if role not in ROLES:
            raise ValueError(f"role={role!r}: expected one of {', '.join(ROLES)}")
        if not name or not name.strip():
            raise ValueError("an API key needs a name (who uses it)")
        key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        salt = secrets.token_hex(16)
        try:
            with self._writer.begin() as conn:
                conn.execute(
                    sa.insert(_s.api_keys),
                    {"key_id": key_id, "name": name.strip(), "role": role, "salt": salt,
                     "hash": _hash(secret, salt), "created_at": _now()},
                )
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self._store.url}: cannot create an API key: {exc}") from exc
        return f"{_PREFIX}_{key_id}_{secret}"

    def verify(self, token: str) -> Optional[KeyInfo]:
        """The key's identity and role when ``token`` is valid and not revoked, else None."""
        parts = (token or "").strip().split("_", 2)
        if len(parts) != 3 or parts[0] != _PREFIX or not parts[1] or not parts[2]:
            return None
        k = _s.api_keys
        with self._store.engine.connect() as conn:
            row = conn.execute(sa.select(k).where(k.c.key_id == parts[1])).mappings().first()
        if row is None or row["revoked_at"] is not None:
            return None
        seen = (row["key_id"], row["hash"])
        digest = _fast_digest(parts[2])
        with _VERIFIED_LOCK:
            known = _VERIFIED.get(seen)
        if known is None or not hmac.compare_digest(known, digest):
            if not hmac.compare_digest(_hash(parts[2], row["salt"]), row["hash"]):
                return None
            with _VERIFIED_LOCK:
                if len(_VERIFIED) >= _VERIFIED_MAX:
                    _VERIFIED.clear()
                _VERIFIED[seen] = digest
        return KeyInfo(row["key_id"], row["name"], row["role"], row["created_at"], row["revoked_at"])

    def list(self) -> list[KeyInfo]:
        k = _s.api_keys
        with self._store.engine.connect() as conn:
            rows = conn.execute(sa.select(k).order_by(k.c.created_at, k.c.key_id)).mappings().all()
        return [KeyInfo(r["key_id"], r["name"], r["role"], r["created_at"], r["revoked_at"]) for r in rows]

    def revoke(self, key_id: str) -> bool:
        """Revoke a key; False when there is no such (active) key."""
        k = _s.api_keys
        with self._writer.begin() as conn:
            n = conn.execute(
                sa.update(k).where(k.c.key_id == key_id, k.c.revoked_at.is_(None)).values(revoked_at=_now())
            ).rowcount
        return bool(n)
