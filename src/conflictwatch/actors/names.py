"""Recognising ACLED actor names: knowledge-base names, their period forms and ACLED's naming rules.

:meth:`NameParser.parse` tries, in order:

1. a knowledge-base name: canonical, period ("Military Forces of Mali (2013-2020)"),
   open-period label ("Military Forces of Mali (2013-)", what exports carried while
   the period ran) or another ACLED spelling (``acled_names``);
2. an uncertain attribution "X and/or Y" (both parts must be recognised);
3. a prefix: "Mutiny of <state force>", "Former <state force>";
4. a state sub-unit after the period: "Police Forces of Burkina Faso (2015-2022) Gendarmerie";
5. a faction: "<named group> (Splinter Faction)", "<named group> (<other group's acronym>)";
6. an identity template (``actors_identity.yaml``): social, ethnic, country-only and
   open-slot templates ("Doundoudougou Communal Militia (Burkina Faso)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from conflictwatch.actors.identity import IdentityKnowledge
from conflictwatch.actors.textfold import fold_lower
from conflictwatch.records import Actor

if TYPE_CHECKING:  # pragma: no cover
    from conflictwatch.actors.kb import ActorKB

__all__ = ["NameParse", "NameParser", "normalise_name", "open_label"]

_SPACES = re.compile(r"\s+")
_PAREN_OPEN = re.compile(r"\s*\(\s*")
_PAREN_CLOSE = re.compile(r"\s*\)")
_CLOSED_SPAN = re.compile(r"\((\d{4})-(\d{4})\)$")
_PERIOD = re.compile(r"^(?P<base>.+ \(\d{4}-(?:\d{4})?\))(?: (?P<unit>.+))?$")
_STATE_KINDS = ("military", "police", "government")


@dataclass(frozen=True, slots=True)
class NameParse:
    """How a name was recognised.

    ``rule``: name | and/or | prefix | unit | faction | template | open-template.
    ``actor`` is the knowledge-base actor (or one generated from a template); for
    "X and/or Y" it is X and ``alternatives`` holds both.  ``open_slot`` is true when
    a free name slot (a village in "<village> Communal Militia (Mali)") was accepted
    without the knowledge base knowing that name.
    """

    name: str
    actor: Actor
    rule: str
    open_slot: bool = False
    alternatives: tuple[Actor, ...] = ()
    detail: str = ""

    @property
    def exact(self) -> bool:
        return not self.open_slot


def normalise_name(name: str) -> str:
    """Whitespace normalised, including around brackets: "X( Burkina Faso)" -> "X (Burkina Faso)"."""
    text = _SPACES.sub(" ", name).strip()
    text = _PAREN_OPEN.sub(" (", text).lstrip()
    text = _PAREN_CLOSE.sub(")", text)
    return text.replace("( ", "(")


def open_label(name: str) -> Optional[str]:
    """"X (2013-2020)" -> "X (2013-)": the label ACLED exports carried while the period ran."""
    m = _CLOSED_SPAN.search(name)
    return f"{name[:m.start()]}({m.group(1)}-)" if m else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_lower(text)).strip("-")


class NameParser:
    def __init__(self, kb: "ActorKB", identity: IdentityKnowledge):
        self.kb = kb
        self.identity = identity
        self._cache: dict[str, Optional[NameParse]] = {}

    def parse(self, name: str) -> Optional[NameParse]:
        key = normalise_name(name)
        if key not in self._cache:
            self._cache[key] = self._parse(key, depth=0)
        return self._cache[key]

    def _parse(self, name: str, depth: int) -> Optional[NameParse]:
        if not name or depth > 3:
            return None
        actor = self.kb._exact_name(name)
        if actor is not None:
            return NameParse(name, actor, "name")
        return (
            self._compound(name, depth)
            or self._prefixed(name, depth)
            or self._unit(name)
            or self._faction(name, depth)
            or self._template(name)
        )

    def _compound(self, name: str, depth: int) -> Optional[NameParse]:
        sep = self.identity.separator
        if sep not in name:
            return None
        parts = [self._parse(p.strip(), depth + 1) for p in name.split(sep)]
        if not all(parts):
            return None
        actors = tuple(p.actor for p in parts)
        return NameParse(name, actors[0], "and/or", any(p.open_slot for p in parts), actors)

    def _prefixed(self, name: str, depth: int) -> Optional[NameParse]:
        for prefix, kind, inter, _source in self.identity.prefixes:
            if not name.startswith(prefix):
                continue
            inner = self._parse(name[len(prefix):], depth + 1)
            if inner is None or inner.actor.inter not in (1, 8):
                continue
            base = inner.actor
            actor = Actor(
                id=f"{kind}:{base.id}", name=name, inter=inter, network="other",
                country_iso2=base.country_iso2, parent=base.id, description=f"{kind} of {base.name}",
            )
            return NameParse(name, actor, "prefix", inner.open_slot, detail=prefix.strip())
        return None

    def _unit(self, name: str) -> Optional[NameParse]:
        m = _PERIOD.match(name)
        if not m or not m.group("unit"):
            return None
        unit = m.group("unit")
        if unit not in self.identity.state_units:
            return None
        base = self.kb._exact_name(m.group("base"))
        if base is None or base.inter not in (1, 8):
            return None
        actor = Actor(
            id=f"{base.id}/{_slug(unit)}", name=f"{base.name} {unit}", inter=base.inter, network=base.network,
            country_iso2=base.country_iso2, parent=base.id, description=f"{unit} of {base.name}",
        )
        return NameParse(name, actor, "unit", detail=unit)

    def _faction(self, name: str, depth: int) -> Optional[NameParse]:
        m = re.fullmatch(r"(?P<base>.+) \((?P<faction>[^()]+)\)", name)
        if not m:
            return None
        base = self.kb._exact_name(m.group("base"))
        if base is None or base.inter in (1, 7) or self.kb.is_generic(base):
            return None
        faction = m.group("faction")
        if faction not in self.identity.faction_suffixes and not self.kb._is_actor_label(faction):
            return None
        actor = Actor(
            id=f"{base.id}/{_slug(faction)}", name=name, inter=base.inter, network=base.network,
            country_iso2=base.country_iso2, parent=base.id, description=f"{faction} faction of {base.name}",
        )
        return NameParse(name, actor, "faction", detail=faction)

    def _template(self, name: str) -> Optional[NameParse]:
        found = self.identity.parse(name, self.kb.country_code)
        if found is None:
            return None
        slots = dict(found.slots)
        if found.kind in _STATE_KINDS + ("civilians", "protesters", "rioters", "armed-group") and found.iso2:
            known = self.kb.get(f"{found.kind}:{found.iso2}")
            if known is not None and known.name == name:
                return NameParse(name, known, "name")
        where = found.iso2 or _slug(found.country or "") or "xx"
        extra = "".join(f":{_slug(v)}" for k, v in sorted(slots.items()) if k != "country")
        network = "state" if found.kind in _STATE_KINDS else "other"
        actor = Actor(
            id=f"{found.kind}:{where}{extra}", name=name, inter=found.inter, network=network,
            country_iso2=found.iso2, description=f"ACLED naming rule {found.template!r}",
        )
        return NameParse(name, actor, "open-template" if found.open_slot else "template", found.open_slot,
                         detail=found.template)
