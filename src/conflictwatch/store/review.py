"""Analyst review of events: confirm, correct a field, reject; every change audited.

Review is stored apart from the extractor's output (tables ``review_overrides``,
``review_status``, ``audit_log``, schema migration 3).  ``Store.save_extraction``
replaces a document's events on every re-run; the review rows are keyed by the
stable ``event_id_cnty`` and carry no foreign key, so they survive re-extraction
and are applied whenever events are read through
:mod:`conflictwatch.store.event_query` (the API, the dashboard and the reports).

    review = Review(store)
    review.correct("BFACW2FD5759BA7", "fatalities", 12, by="amina", reason="MSF statement")
    review.reject("MLICW...", by="amina", reason="not an event")
    review.audit(event_id="BFACW2FD5759BA7")
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any, Optional, Union

import sqlalchemy as sa

from conflictwatch.errors import StoreError
from conflictwatch.records import Event
from conflictwatch.store import schema as _s
from conflictwatch.store.database import _WRITE, Store

__all__ = ["Review", "EDITABLE_FIELDS", "coerce_field_value", "value_as_text"]

# Fields an analyst may correct: everything coded, not the identity or provenance.
_NOT_EDITABLE = {"event_id_cnty", "doc_id", "evidence", "confidence", "extractor", "timestamp"}
EDITABLE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Event) if f.name not in _NOT_EDITABLE
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _base_type(field_name: str) -> tuple[type, bool]:
    """(python type, nullable) of an Event field."""
    hint = typing.get_type_hints(Event)[field_name]
    nullable = False
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(hint))
        hint = args[0]
    return hint, nullable


def coerce_field_value(field_name: str, value: Any) -> Any:
    """``value`` converted to the type of Event field ``field_name``; ValueError says why not."""
    if field_name not in EDITABLE_FIELDS:
        raise ValueError(f"field {field_name!r} cannot be corrected; editable fields: {', '.join(EDITABLE_FIELDS)}")
    tp, nullable = _base_type(field_name)
    if value is None or (isinstance(value, str) and value.strip() == "" and tp is not str):
        if nullable:
            return None
        if tp is str:
            return ""
        raise ValueError(f"field {field_name!r} cannot be empty")
    try:
        if tp is bool:
            if isinstance(value, str):
                low = value.strip().lower()
                if low not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError(f"not a boolean: {value!r}")
                return low in ("true", "1", "yes")
            return bool(value)
        if tp is int:
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(f"not a whole number: {value!r}")
            return int(str(value).strip()) if isinstance(value, str) else int(value)
        if tp is float:
            return float(value)
        if tp is str:
            text = str(value).strip()
            if field_name in ("event_date", "date_end") and text:
                return date.fromisoformat(text).isoformat()
            return text
    except (TypeError, ValueError) as exc:
        raise ValueError(f"field {field_name!r}: {value!r} is not a valid {tp.__name__}: {exc}") from exc
    return value


def value_as_text(value: Any) -> Optional[str]:
    """The text form stored in ``review_overrides.value_text`` (what SQL filters compare)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class Review:
    """Analyst decisions about events, written through one store."""

    def __init__(self, store: Store):
        self._store = store
        self._writer = store.engine.execution_options(**{_WRITE: True})

    # ------------------------------------------------------------------ reads

    def _current_event(self, conn: sa.Connection, event_id: str) -> dict[str, Any] | None:
        """The event's current (reviewed) values, or None when it is not stored."""
        e = _s.events
        row = conn.execute(sa.select(e).where(e.c.event_id_cnty == event_id)).mappings().first()
        if row is None:
            return None
        out = dict(row)
        o = _s.review_overrides
        for r in conn.execute(sa.select(o.c.field, o.c.value).where(o.c.event_id == event_id)):
            out[r.field] = r.value
        return out

    def overrides(self, event_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """``{event_id: {field: corrected value}}`` for the given events."""
        o = _s.review_overrides
        out: dict[str, dict[str, Any]] = {}
        with self._store.engine.connect() as conn:
            for i in range(0, len(event_ids), 500):
                chunk = list(event_ids[i : i + 500])
                for r in conn.execute(sa.select(o).where(o.c.event_id.in_(chunk))).mappings():
                    out.setdefault(r["event_id"], {})[r["field"]] = r["value"]
        return out

    def status(self, event_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """``{event_id: {"status", "by", "at"}}`` for reviewed events among ``event_ids``."""
        rs = _s.review_status
        out: dict[str, dict[str, Any]] = {}
        with self._store.engine.connect() as conn:
            for i in range(0, len(event_ids), 500):
                chunk = list(event_ids[i : i + 500])
                for r in conn.execute(sa.select(rs).where(rs.c.event_id.in_(chunk))).mappings():
                    out[r["event_id"]] = {"status": r["status"], "by": r["by"], "at": r["at"]}
        return out

    def audit(self, event_id: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """Audit entries (newest first): id, at, who, action, event_id, field, before, after, reason."""
        a = _s.audit_log
        query = sa.select(a).order_by(a.c.id.desc()).limit(limit)
        if event_id is not None:
            query = query.where(a.c.event_id == event_id)
        with self._store.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    # ------------------------------------------------------------------ writes

    def _log(self, conn: sa.Connection, who: str, action: str, event_id: str | None, field: str | None,
             before: Any, after: Any, reason: str, at: str) -> None:
        conn.execute(
            sa.insert(_s.audit_log),
            {"at": at, "who": who, "action": action, "event_id": event_id, "field": field,
             "before": before, "after": after, "reason": reason or ""},
        )

    def _require(self, conn: sa.Connection, event_id: str) -> dict[str, Any]:
        current = self._current_event(conn, event_id)
        if current is None:
            raise KeyError(event_id)
        return current

    def correct(self, event_id: str, field: str, value: Any, *, by: str, reason: str = "") -> dict[str, Any]:
        """Set ``field`` of ``event_id`` to ``value`` (typed like the Event field).

        Returns the audit entry.  KeyError when the event is unknown, ValueError
        when the field cannot be edited or the value does not fit.
        """
        typed = coerce_field_value(field, value)
        if field in ("latitude", "longitude") and typed is not None:
            limit = 90.0 if field == "latitude" else 180.0
            if not -limit <= typed <= limit:
                raise ValueError(f"field {field!r}: {typed} is outside [-{limit:g}, {limit:g}]")
        now = _now()
        o = _s.review_overrides
        try:
            with self._writer.begin() as conn:
                current = self._require(conn, event_id)
                before = current.get(field)
                conn.execute(sa.delete(o).where(o.c.event_id == event_id, o.c.field == field))
                conn.execute(
                    sa.insert(o),
                    {"event_id": event_id, "field": field, "value": typed, "value_text": value_as_text(typed),
                     "by": by, "at": now},
                )
                self._log(conn, by, "correct", event_id, field, before, typed, reason, now)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self._store.url}: cannot correct {event_id}.{field}: {exc}") from exc
        return {"at": now, "who": by, "action": "correct", "event_id": event_id, "field": field,
                "before": before, "after": typed, "reason": reason}

    def _set_status(self, event_id: str, status: str | None, *, by: str, reason: str, action: str) -> dict[str, Any]:
        now = _now()
        rs = _s.review_status
        try:
            with self._writer.begin() as conn:
                self._require(conn, event_id)
                old = conn.execute(sa.select(rs.c.status).where(rs.c.event_id == event_id)).scalar()
                conn.execute(sa.delete(rs).where(rs.c.event_id == event_id))
                if status is not None:
                    conn.execute(sa.insert(rs), {"event_id": event_id, "status": status, "by": by, "at": now})
                self._log(conn, by, action, event_id, "status", old, status, reason, now)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self._store.url}: cannot {action} {event_id}: {exc}") from exc
        return {"at": now, "who": by, "action": action, "event_id": event_id, "field": "status",
                "before": old, "after": status, "reason": reason}

    def confirm(self, event_id: str, *, by: str, reason: str = "") -> dict[str, Any]:
        """Mark the event as checked by an analyst."""
        return self._set_status(event_id, "confirmed", by=by, reason=reason, action="confirm")

    def reject(self, event_id: str, *, by: str, reason: str = "") -> dict[str, Any]:
        """Reject the event: it is left out of reads unless rejected events are asked for."""
        return self._set_status(event_id, "rejected", by=by, reason=reason, action="reject")

    def reopen(self, event_id: str, *, by: str, reason: str = "") -> dict[str, Any]:
        """Undo a confirm or reject."""
        return self._set_status(event_id, None, by=by, reason=reason, action="reopen")

    def revert(self, event_id: str, field: str, *, by: str, reason: str = "") -> dict[str, Any]:
        """Drop an analyst correction: the extractor's value shows again."""
        now = _now()
        o = _s.review_overrides
        try:
            with self._writer.begin() as conn:
                current = self._require(conn, event_id)
                deleted = conn.execute(sa.delete(o).where(o.c.event_id == event_id, o.c.field == field)).rowcount
                if not deleted:
                    raise ValueError(f"{event_id}: field {field!r} has no correction to revert")
                original = self._current_event(conn, event_id)
                after = original.get(field) if original else None
                self._log(conn, by, "revert", event_id, field, current.get(field), after, reason, now)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self._store.url}: cannot revert {event_id}.{field}: {exc}") from exc
        return {"at": now, "who": by, "action": "revert", "event_id": event_id, "field": field,
                "before": current.get(field), "after": after, "reason": reason}

    def log(self, who: str, action: str, *, event_ids: Iterable[str] = (), before: Any = None, after: Any = None,
            reason: str = "") -> None:
        """Record an action done elsewhere (e.g. a merge by ``conflictwatch.dedup``) in the audit log."""
        now = _now()
        with self._writer.begin() as conn:
            ids = list(event_ids) or [None]
            for event_id in ids:
                self._log(conn, who, action, event_id, None, before, after, reason, now)


def apply_overrides(event: Event, overrides: dict[str, Any]) -> Event:
    """``event`` with analyst corrections applied (unknown fields ignored)."""
    changes = {k: v for k, v in overrides.items() if k in EDITABLE_FIELDS}
    return event.replace(**changes) if changes else event
