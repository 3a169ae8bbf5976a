"""Resolving the actor mentions of a text to concrete ACLED actors (what ``conflictwatch actors resolve`` shows).

:func:`resolve_text` runs the matcher, turns generic descriptors into country actors
and network affiliates into the local branch (for the date), and reports for each
mention the canonical actor, its ACLED name on that date, inter code, network chain,
confidence, whether the actor is an inference, and the identity / occupational groups
ACLED would add as associated actors.  :func:`list_actors` backs ``actors list``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass
from typing import Any, Optional

from conflictwatch.actors.kb import ActorKB
from conflictwatch.errors import InputError
from conflictwatch.records import Actor

__all__ = ["Resolution", "resolve_text", "list_actors", "check_date"]


@dataclass(frozen=True, slots=True)
class Resolution:
    text: str
    start: int
    end: int
    actor_id: str
    canonical_name: str
    acled_name: str
    inter: int
    network: str
    parents: tuple[str, ...]  # nearest first, up to the network's central organisation
    confidence: float
    qualifier: Optional[str]
    inferred: bool  # the actor was inferred (network affiliate), not named in the text
    resolved: bool  # a concrete actor (False: a generic descriptor left without a country)
    associated: tuple[str, ...]  # ACLED associated actors for identity / occupational groups
    source: str  # the public source the knowledge entry cites

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["parents"] = list(self.parents)
        out["associated"] = list(self.associated)
        return out


def check_date(date: Optional[str]) -> Optional[str]:
    """``date`` as YYYY-MM-DD, or InputError saying why not."""
    if date is None:
        return None
    try:
        return _dt.date.fromisoformat(date).isoformat()
    except ValueError as exc:
        raise InputError(date, "the date must be YYYY-MM-DD") from exc


def resolve_text(
    kb: ActorKB,
    text: str,
    *,
    date: Optional[str] = None,
    country: Optional[str] = None,
) -> list[Resolution]:
    """Every actor mention in ``text``, resolved for ``country`` (ISO2 or name) and ``date``.

    Without ``country`` the first country or demonym named in the text is the context.
    """
    day = check_date(date)
    iso, name = _country(kb, country)
    if iso is None and name is None:
        iso = kb.country_in(text)
    out = []
    for m in kb.find(text, []):
        actor = kb.specialise(m, iso, name, date=day)
        generic = kb.is_generic(actor)
        victims = actor.inter == 7 and not generic
        out.append(Resolution(
            text=m.text, start=m.start, end=m.end, actor_id=actor.id, canonical_name=actor.name,
            acled_name=kb.name_for(actor, day) if kb.get(actor.id) is not None else actor.name,
            inter=actor.inter, network=actor.network, parents=tuple(a.id for a in kb.network_of(actor)),
            confidence=m.confidence, qualifier=m.qualifier, inferred=kb.is_inference(m), resolved=not generic,
            associated=tuple(a.name for a in kb.associated_groups(m.text, actor.country_iso2, name)) if victims else (),
            source=kb.source(actor),
        ))
    return out


def _country(kb: ActorKB, country: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    if not country:
        return None, None
    if len(country) == 2 and country.isalpha():
        return country.upper(), None
    iso = kb.country_code(country)
    return iso, (None if iso else country)


def list_actors(
    kb: ActorKB,
    *,
    network: Optional[str] = None,
    country: Optional[str] = None,
    date: Optional[str] = None,
) -> list[dict[str, Any]]:
    """Named and per-country actors, optionally of one network and active in one country."""
    day = check_date(date)
    iso, _ = _country(kb, country)
    if country and iso is None:
        raise InputError(country, "unknown country (give an ISO2 code or a country name the knowledge base knows)")
    rows = []
    for actor in kb.all():
        if network and actor.network.casefold() != network.casefold():
            continue
        if iso and iso not in kb.active_in(actor) and actor.country_iso2 != iso:
            continue
        rows.append(_row(kb, actor, day))
    return rows


def _row(kb: ActorKB, actor: Actor, day: Optional[str]) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "acled_name": kb.name_for(actor, day),
        "periods": [{"name": p.name, "start": p.start, "end": p.end} for p in kb.periods(actor)],
        "inter": actor.inter,
        "network": actor.network,
        "country": actor.country_iso2,
        "active_in": list(kb.active_in(actor)),
        "parent": actor.parent,
        "source": kb.source(actor),
    }
