"""Light member events for linking: the fields ``compare`` and ``merge_fields`` read, no evidence.

The linker compares a new event with every member of every candidate incident and re-merges the
incident it joins.  Reading members as full :class:`~conflictwatch.records.Event` records (with
their evidence) made that the bulk of a run's time; a :class:`Member` is a named tuple of the
columns in :data:`conflictwatch.store.incidents.MEMBER_FIELDS`, read in one query.

* :func:`load` — the members of some incidents, per incident, in the stored order;
* :class:`Loaded` — one incident's members with the sets the hard rules look up (documents,
  event ids) and its distinct comparison *profiles*: members with the same compared fields give
  the same :func:`~conflictwatch.dedup.compare.compare` result, so each profile is scored once;
* :func:`ruled_out` — why an incident's row already rules an event out (only where ``compare``
  would block the event against one of the members), or None.
"""

from __future__ import annotations

import bisect
from collections import namedtuple
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Mapping, Optional, Sequence

import sqlalchemy as sa

from conflictwatch.dedup.compare import _date_feature, _place_feature, type_score
from conflictwatch.dedup.settings import DedupSettings
from conflictwatch.records import Event
from conflictwatch.store import Store
from conflictwatch.store.incidents import (
    MEMBER_FIELDS,
    member_copies,
    member_fields,
    reading,
    unassigned_fields,
)

__all__ = [
    "Member", "Loaded", "load", "member_of", "order_key", "ruled_out", "first_blocked", "max_reach_km", "unassigned",
]

Member = namedtuple("Member", MEMBER_FIELDS)  # type: ignore[misc]
# the fields compare() reads: everything but the ids and the stored position
_PROFILE = slice(2, len(MEMBER_FIELDS) - 1)
assert MEMBER_FIELDS[:2] == ("event_id_cnty", "doc_id") and MEMBER_FIELDS[-1] == "seq"


def profile(m: Member) -> tuple[Any, ...]:
    return m[_PROFILE]  # type: ignore[no-any-return]


def order_key(m: Member) -> tuple[Any, ...]:
    """The stored order of members (``store.incidents.members``): by date, undated last, document, position."""
    return (m.event_date is None, m.event_date or "", m.doc_id, m.seq)


def member_of(ev: Event | Member, seq: int = -1) -> Member:
    """A :class:`Member` of an event record (``seq``: its position in its document, when known)."""
    if isinstance(ev, Member):
        return ev
    return Member(*(getattr(ev, f) for f in MEMBER_FIELDS[:-1]), seq)


def unassigned(store: Store, doc_ids: Sequence[str] | None = None) -> list[Member]:
    """Stored events in no incident yet (of ``doc_ids`` when given), as members, by date."""
    with reading(store) as conn:
        return [Member._make(r) for r in unassigned_fields(conn, doc_ids)]


@dataclass
class Loaded:
    """The members of one incident (stored order), their documents and ids, their distinct profiles.

    ``copies`` (near-duplicate copies of the members' documents) is None until asked for
    (:meth:`copies_in`): only the incident an event joins needs it.
    """

    members: list[Member]
    copies: Optional[list[str]] = None
    docs: set[str] = field(init=False)
    ids: set[str] = field(init=False)
    profiles: list[tuple[tuple[Any, ...], Member]] = field(init=False)  # first appearance order

    def __post_init__(self) -> None:
        self.docs = {m[1] for m in self.members}
        self.ids = {m[0] for m in self.members}
        first: dict[tuple[Any, ...], Member] = {}
        for m in self.members:
            first.setdefault(m[_PROFILE], m)
        self.profiles = list(first.items())

    def with_member(self, m: Member) -> list[Member]:
        """The members once ``m`` joins, in the stored order."""
        out = list(self.members)
        out.insert(bisect.bisect_right(out, order_key(m), key=order_key), m)
        return out

    def copies_in(self, conn: sa.Connection, incident_id: str) -> list[str]:
        """The copies of the members' documents (read once, when the members were read as stored)."""
        if self.copies is None:
            self.copies = member_copies(conn, [incident_id]).get(incident_id, [])
        return self.copies


def load(conn: sa.Connection, incident_ids: Sequence[str]) -> dict[str, Loaded]:
    """The members of each incident (incidents without members are left out)."""
    rows = member_fields(conn, incident_ids)
    return {inc: Loaded([Member._make(r) for r in mem]) for inc, mem in rows.items() if mem}


def max_reach_km(s: DedupSettings) -> float:
    """The farthest two located events may be and still be one incident (``compare``'s reach)."""
    return max([*s.radius_km.values(), s.unknown_radius_km])


def ruled_out(ev: Event, row: Any, s: DedupSettings) -> Optional[str]:
    """Why ``compare(ev, member)`` blocks for one of the incident's members, judged from its row; else None.

    ``row``: the incident's fields by attribute (a :class:`~conflictwatch.store.incidents.CandidateRow`)
    or as a mapping (a stored incident row).  The row's fields come from members (``merge_fields``):
    the date range and time precision from the most precise report; admin1, location, coordinates and
    geo precision from the best-located report; the country from one of the two; the (sub-)type from a
    report that gives it.  So the date test against the first, the place test against the second (the
    country test first, as in ``compare``) and the type test against the third are ``compare``'s own
    tests on real members: an incident ruled out here would have been ruled out member by member.
    """
    if isinstance(row, Mapping):
        row = SimpleNamespace(**row)
    why = _date_feature(ev, row, s)[1]
    if why is not None:
        return why
    why = _place_feature(ev, row, s)[1]
    if why is not None:
        return why
    if type_score(ev, row, s) <= 0:
        return f"types cannot be one incident ({ev.sub_event_type} / {row.sub_event_type})"
    return None


def first_blocked(
    ev: Event, loaded: Loaded, cannot: set[str], scores: dict[tuple[Any, ...], Any], compare_fn: Any, s: DedupSettings
) -> Optional[str]:
    """The reason the first member (stored order) rules ``ev`` out, as the member-by-member scan gives it."""
    for m in loaded.members:
        if m.event_id_cnty in cannot:
            return f"analyst split {ev.event_id_cnty} from {m.event_id_cnty} (cannot-link)"
        if m.doc_id == ev.doc_id:
            return "holds another event of the same report"
        p = profile(m)
        pair = scores.get(p)
        if pair is None:
            pair = scores[p] = compare_fn(ev, m, s)
        if not pair.compatible:
            return pair.blocked
    return None
