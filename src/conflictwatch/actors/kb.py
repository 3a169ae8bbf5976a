"""The actor knowledge base: lookup, period-aware names, affiliates and matching."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping, Optional, Sequence, Union

from conflictwatch.actors.identity import IdentityKnowledge
from conflictwatch.actors.matcher import INFERRED, AliasMatcher, Target
from conflictwatch.actors.names import NameParse, NameParser, normalise_name, open_label
from conflictwatch.actors.schema import (
    GENERIC_KINDS,
    ActorSpec,
    CountrySpec,
    KnowledgeData,
    Period,
    Tie,
    read_knowledge,
)
from conflictwatch.actors.textfold import fold, fold_lower, is_acronym, variants
from conflictwatch.knowledge import path_of
from conflictwatch.records import Actor, ActorMatch, Sentence

__all__ = ["ActorKB", "default_kb", "GENERIC_PREFIX", "MATCHER_VERSION", "INFERRED"]

GENERIC_PREFIX = "generic:"
AFFILIATE_KIND = "affiliate"
MATCHER_VERSION = "actors.matcher.v2"  # bumped together with components.py and pipeline.py
_STATE_KINDS = ("military", "police", "government")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_lower(text)).strip("-")


def _bare_name(template: str) -> str:
    """"Unidentified Armed Group ({country})" -> "Unidentified Armed Group"."""
    return re.sub(r"\s*(?:\(\{\w+\}\)|of \{\w+\})", "", template).strip()


class ActorKB:
    """Armed actors, their aliases and ACLED names, with a fast text matcher.

    Build it with :meth:`load` (or the cached :func:`default_kb`).  Actor ids are
    the knowledge-file ids ("jnim", "isgs") and, for per-country actors generated
    from ``actors_countries.yaml``, "<kind>:<ISO2>" ("military:ML",
    "armed-group:BF", "civilians:NE").  Generic descriptors found in text come back
    as actors whose id starts with "generic:"; :meth:`specialise` resolves them.
    """

    def __init__(self, data: KnowledgeData):
        self.version = "+".join(data.versions)
        self._actors: dict[str, Actor] = {}
        self._generic: dict[str, Actor] = {}
        self._periods: dict[str, tuple[Period, ...]] = {}
        self._activity: dict[str, tuple[tuple[str, ...], Optional[str], Optional[str], int, int]] = {}
        self._countries = data.countries
        self._generic_specs = data.generic
        self._networks = data.networks
        self._specs: dict[str, ActorSpec] = dict(data.actors)
        self.identity = IdentityKnowledge.from_sections(data.identity)
        patterns: list[tuple[str, Target, bool]] = []

        self._build_country_actors(data, patterns)
        for order, spec in enumerate(data.actors.values()):
            self._add_named(spec, order, patterns)
        categories, affiliate_of = self._build_generic_actors(data, patterns)
        self._compose_identity(patterns)

        self._names: dict[str, str] = {}
        for actor in self._actors.values():
            self._names.setdefault(normalise_name(actor.name).casefold(), actor.id)
            for period in self._periods.get(actor.id, ()):
                self._names.setdefault(normalise_name(period.name).casefold(), actor.id)
                label = open_label(period.name)
                if label:
                    self._names.setdefault(normalise_name(label).casefold(), actor.id)
        for spec in data.actors.values():
            for other in spec.acled_names:
                self._names.setdefault(normalise_name(other).casefold(), spec.id)
        self._labels = {fold(a).casefold() for spec in data.actors.values() for a in spec.aliases + spec.cased
                        if is_acronym(a)} | {fold(a).casefold() for spec in data.actors.values() for a in spec.cased}
        self._country_words = self._build_country_words()
        self._name_parser = NameParser(self, self.identity)
        self._matcher = AliasMatcher(patterns, data.lexicon, self._lookup, categories, affiliate_of)

    # ------------------------------------------------------------- building

    def _build_country_actors(self, data: KnowledgeData, patterns: list) -> None:
        for iso2, c in data.countries.items():
            for kind, g in data.generic.items():
                ident = f"{kind}:{iso2}"
                name = g.name.format(country=c.name, of_country=c.of_name)
                aliases: tuple[str, ...] = ()
                cased: tuple[str, ...] = ()
                if kind == "military":
                    aliases, cased = c.military_aliases, c.military_cased
                elif kind == "police":
                    aliases = c.police_aliases
                inter = 8 if (kind in _STATE_KINDS and c.external) else g.inter
                self._actors[ident] = Actor(
                    id=ident, name=name, inter=inter, network=g.network, country_iso2=iso2,
                    aliases=aliases + cased, description=f"{kind} of {c.name} (generated)",
                )
                if kind in _STATE_KINDS and c.period_labels:
                    self._periods[ident] = tuple(
                        Period(f"{name} ({label})", start, end) for label, start, end in c.period_labels
                    )
                for alias in aliases:
                    for v in variants(alias):
                        patterns.append((v, Target(ident, "named"), is_acronym(alias)))
                for alias in cased:
                    for v in variants(alias):
                        patterns.append((v, Target(ident, "named"), True))
                self._compose(c, kind, g.nouns_en, g.nouns_fr, ident, patterns)

    @staticmethod
    def _compose(c, kind, nouns_en, nouns_fr, ident, patterns) -> None:
        """Adjective + noun forms: "Burkinabe soldiers", "soldats maliens", "Mali's army", "forces of Mali"."""
        target = Target(ident, "composed")
        before = [(d, is_acronym(d)) for d in c.demonyms + (c.name,) + c.country_names]
        before += [(f"{n}'s", False) for n in (c.name,) + c.country_names]
        after = {n for n in (c.name, c.of_name) + tuple(c.country_names) if n}
        for noun in nouns_en:
            for word, cased in before:
                for v in variants(f"{word} {noun}"):
                    patterns.append((v, target, cased))
            # "Military Forces of Mali", "the armed forces of Niger": ACLED's own word order
            for word in after:
                for v in variants(f"{noun} of {word}"):
                    patterns.append((v, target, False))
        for noun in nouns_fr:
            for word in c.fr_demonyms + c.fr_of:
                for v in variants(f"{noun} {word}"):
                    patterns.append((v, target, False))

    def _add_named(self, spec: ActorSpec, order: int, patterns: list) -> None:
        self._actors[spec.id] = Actor(
            id=spec.id, name=spec.name, inter=spec.inter, network=spec.network,
            country_iso2=spec.country, aliases=spec.aliases + spec.cased, parent=spec.parent,
            description=spec.description,
        )
        self._periods.pop(spec.id, None)
        if spec.periods:
            self._periods[spec.id] = spec.periods
        active_in = spec.active_in or ((spec.country,) if spec.country else ())
        self._activity[spec.id] = (active_in, spec.active_from, spec.active_to, spec.rank, order)
        for alias in spec.aliases:
            for v in variants(alias):
                patterns.append((v, Target(spec.id, "named"), is_acronym(alias)))
        for alias in spec.cased:
            for v in variants(alias):
                patterns.append((v, Target(spec.id, "named"), True))

    def _compose_identity(self, patterns: list) -> None:
        """Ethnic adjective + victim noun ("Fulani herders", "éleveurs peuls") as one civilians mention."""
        if f"{GENERIC_PREFIX}civilians" not in {f"{GENERIC_PREFIX}{k}" for k in self._generic_specs}:
            return
        target = Target(f"{GENERIC_PREFIX}civilians", "generic")
        for word, french in self.identity.ethnic_words():
            for noun in (self.identity.victim_nouns_fr if french else self.identity.victim_nouns_en):
                for v in variants(f"{noun} {word}" if french else f"{word} {noun}"):
                    patterns.append((v, target, False))

    def _build_generic_actors(self, data: KnowledgeData, patterns: list) -> tuple[dict, dict]:
        categories: dict[str, str] = {}
        for kind, g in data.generic.items():
            ident = f"{GENERIC_PREFIX}{kind}"
            self._generic[ident] = Actor(
                id=ident, name=_bare_name(g.name), inter=g.inter, network=g.network, aliases=g.aliases,
                description=f"generic descriptor ({kind}); resolve with ActorKB.specialise",
            )
            categories[ident] = kind
            for alias in g.aliases:
                for v in variants(alias):
                    patterns.append((v, Target(ident, "generic"), is_acronym(alias)))
        affiliate_of: dict[str, str] = {}
        for network, info in data.networks.items():
            ident = f"{GENERIC_PREFIX}{AFFILIATE_KIND}:{_slug(network)}"
            self._generic[ident] = Actor(
                id=ident, name=info["label"], inter=2, network=network, parent=info["central"],
                description=f"an affiliate of the {network} network; resolve with ActorKB.specialise",
            )
            categories[ident] = AFFILIATE_KIND
            affiliate_of[info["central"]] = ident
        return categories, affiliate_of

    def _build_country_words(self) -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
        """Regexes finding demonyms / country names, and the folded word -> ISO2 map."""
        words: dict[str, str] = {}
        cased: dict[str, str] = {}
        for iso2, c in self._countries.items():
            for w in c.demonyms + c.fr_demonyms + (c.name, c.of_name) + c.country_names:
                if is_acronym(w):
                    cased.setdefault(fold(w), iso2)
                else:
                    words.setdefault(fold_lower(w), iso2)

        def alternation(keys: Iterable[str]) -> str:
            return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)) or r"(?!x)x"

        ci = re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)")
        cs = re.compile(rf"(?<![\w.])(?:{alternation(cased)})(?!\w)")
        return ci, cs, {**words, **cased}

    def _lookup(self, ident: str) -> Actor:
        actor = self._actors.get(ident) or self._generic.get(ident)
        if actor is None:
            raise KeyError(f"unknown actor id {ident!r}")
        return actor

    # ------------------------------------------------------------------ load

    @classmethod
    def load(
        cls,
        path: Union[str, Path, None] = None,
        extra_paths: Sequence[Union[str, Path]] = (),
    ) -> "ActorKB":
        """Load ``path`` (default: the packaged ``actors.yaml``) and merge ``extra_paths``.

        Entries in later files replace earlier ones with the same id (actors), ISO2
        code (countries) or kind (generic descriptors).  Raises KnowledgeError naming
        the file and entry when a file is missing or malformed.
        """
        main = Path(path) if path is not None else path_of("actors.yaml")
        return cls(read_knowledge(main, tuple(Path(p) for p in extra_paths)))

    # --------------------------------------------------------------- lookup

    def get(self, actor_id: str) -> Optional[Actor]:
        """The actor with this id (generic ones included), or None."""
        return self._actors.get(actor_id) or self._generic.get(actor_id)

    def _exact_name(self, name: str) -> Optional[Actor]:
        ident = self._names.get(normalise_name(name).casefold())
        return self._actors.get(ident) if ident else None

    def _is_actor_label(self, text: str) -> bool:
        """Is ``text`` an acronym or cased alias of a named actor ("CMA", "Platform")?"""
        return fold(text.strip()).casefold() in self._labels

    def by_name(self, name: str) -> Optional[Actor]:
        """The actor an ACLED actor name stands for (case- and whitespace-insensitive), or None.

        Canonical, period, open-period ("(2013-)") and other ACLED spellings of
        knowledge-base actors; names built by ACLED's rules ("Fulani Ethnic Group
        (Mali)", "Police Forces of Mali (2013-2020) Gendarmerie", "Mutiny of ...")
        come back as generated actors.  "X and/or Y" gives None: see :meth:`parse_name`.
        """
        parsed = self.parse_name(name)
        return parsed.actor if parsed is not None and parsed.rule != "and/or" else None

    def parse_name(self, name: str) -> Optional[NameParse]:
        """How ``name`` is recognised (rule, actor, alternatives, open slot), or None."""
        return self._name_parser.parse(name)

    def all(self) -> list[Actor]:
        """All concrete actors (named and per-country), not the generic descriptors."""
        return list(self._actors.values())

    def generic(self) -> list[Actor]:
        """The generic descriptor actors ("generic:armed-group", affiliates, ...)."""
        return list(self._generic.values())

    @staticmethod
    def is_generic(actor: Actor) -> bool:
        return actor.id.startswith(GENERIC_PREFIX)

    def periods(self, actor: Union[Actor, str]) -> tuple[Period, ...]:
        ident = actor if isinstance(actor, str) else actor.id
        return self._periods.get(ident, ())

    def name_for(self, actor: Union[Actor, str], date_iso: Optional[str] = None) -> str:
        """ACLED name of ``actor`` on ``date_iso`` ("Military Forces of Mali (2013-2020)").

        For an actor without periods, the canonical name.  Without a date, an actor
        that only ever had one ACLED name-period (a mission that existed only during
        it) gets that period, since any event of it falls inside; an actor with several
        periods gets the canonical name without a period.  A date before the first
        period gets the first one; a date after the last, or in a gap, the latest
        period begun by then.
        """
        ident = actor if isinstance(actor, str) else actor.id
        base = self.get(ident) if isinstance(actor, str) else actor
        if base is None:
            raise KeyError(f"unknown actor id {ident!r}")
        periods = self._periods.get(ident)
        if not periods:
            return base.name
        if not date_iso:
            return periods[0].name if len(periods) == 1 else base.name
        day = str(date_iso)[:10]
        for p in periods:
            if (p.start is None or p.start <= day) and (p.end is None or day <= p.end):
                return p.name
        begun = [p for p in periods if p.start is None or p.start <= day]
        return (begun[-1] if begun else periods[0]).name

    def active_in(self, actor: Union[Actor, str]) -> tuple[str, ...]:
        ident = actor if isinstance(actor, str) else actor.id
        if ident in self._activity:
            return self._activity[ident][0]
        a = self.get(ident)
        return (a.country_iso2,) if a and a.country_iso2 else ()

    def home_country(self, actor: Union[Actor, str]) -> Optional[str]:
        """ISO2 of the one country an actor's presence implies, or None.

        A country's own forces and its per-country actors ("Malian soldiers",
        "Civilians (Niger)") imply that country; forces that act abroad (inter 8,
        ``external`` in actors_countries.yaml) imply none.  A named group implies the
        country when it is active in that one country only (MNLA, MINUSMA);
        multi-country groups (JNIM, Boko Haram) and generic descriptors imply none.
        """
        a = self.get(actor) if isinstance(actor, str) else actor
        if a is None or self.is_generic(a):
            return None
        kind, _, iso = a.id.partition(":")
        if iso and f"{kind}:{iso}" == a.id and iso in self._countries:
            return None if (kind in _STATE_KINDS and a.inter == 8) else iso
        where = self.active_in(a)
        return where[0] if len(where) == 1 else None

    # ------------------------------------------------------------ networks

    def source(self, actor: Union[Actor, str]) -> str:
        """The public source cited by the knowledge entry of a named actor ("" for generated ones)."""
        ident = actor if isinstance(actor, str) else actor.id
        spec = self._specs.get(ident)
        if spec is not None:
            return spec.citation
        kind, _, iso = ident.partition(":")
        if iso in self._countries and kind in self._generic_specs:
            return f"{self._generic_specs[kind].citation}; {self._countries[iso].citation}"
        return ""

    def ties(self, actor: Union[Actor, str], date: Optional[str] = None) -> tuple[Tie, ...]:
        """Dated ties of a named actor (all, or those in force on ``date``)."""
        ident = actor if isinstance(actor, str) else actor.id
        spec = self._specs.get(ident)
        if spec is None:
            return ()
        if not date:
            return spec.ties
        day = str(date)[:10]
        return tuple(t for t in spec.ties if (t.start is None or t.start <= day) and (t.end is None or day <= t.end))

    def components(self, actor: Union[Actor, str]) -> list[Actor]:
        """Actors whose parent is ``actor`` (JNIM -> Katiba Macina, Ansar Dine, ...)."""
        ident = actor if isinstance(actor, str) else actor.id
        return [a for a in self._actors.values() if a.parent == ident]

    def network_of(self, actor: Union[Actor, str]) -> list[Actor]:
        """The chain of parents up to the network's central organisation (nearest first)."""
        current = self.get(actor) if isinstance(actor, str) else actor
        chain: list[Actor] = []
        while current is not None and current.parent and len(chain) < 10:
            current = self.get(current.parent)
            if current is not None:
                chain.append(current)
        return chain

    def affiliates(
        self, network: str, country_iso2: Optional[str] = None, *, date: Optional[str] = None
    ) -> list[Actor]:
        """Affiliates of ``network`` active in ``country_iso2`` (all if None), best first.

        "best" is the knowledge file's ``rank`` (JNIM and ISGS first in the Sahel);
        with ``date``, groups not yet founded (``active_from``) or dissolved
        (``active_to``) by then are left out.
        """
        central = self._networks.get(network, {}).get("central")
        iso = country_iso2.upper() if country_iso2 else None
        day = str(date)[:10] if date else None
        found = []
        for ident, (active_in, start, end, rank, order) in self._activity.items():
            actor = self._actors[ident]
            if actor.network != network or ident == central:
                continue
            if iso and iso not in active_in and actor.country_iso2 != iso:
                continue
            if day and ((start and day < start) or (end and day > end)):
                continue
            found.append((rank, order, actor))
        found.sort(key=lambda t: (t[0], t[1]))
        return [a for _, _, a in found]

    # ------------------------------------------------------------- matching

    def find(self, text: str, sentences: Sequence[Sentence] = ()) -> list[ActorMatch]:
        """Actor mentions in ``text`` (offsets index ``text``), in text order.

        Generic descriptors come back as generic actors (``is_generic``); pass them
        to :meth:`specialise` with the event's country.
        """
        return self._matcher.find(text, sentences)

    @staticmethod
    def is_inference(match: ActorMatch) -> bool:
        """Was the actor inferred rather than named ("groups linked to al-Qaeda" -> JNIM)?"""
        return match.qualifier == INFERRED or match.actor.id.startswith(f"{GENERIC_PREFIX}{AFFILIATE_KIND}:")

    def associated_groups(
        self,
        text: str,
        country_iso2: Optional[str] = None,
        country_name: Optional[str] = None,
    ) -> list[Actor]:
        """ACLED associated actors for the identity and occupational groups named in ``text``.

        ``text`` is a victim phrase or the words around it ("Fulani herders",
        "enseignants", "Dogon villagers and their imam"); the groups come back in text
        order as "Fulani Ethnic Group (Mali)", "Pastoralists (Mali)", "Muslim Group
        (Mali)" for the country given (by ISO2 or name, or a demonym inside ``text``).
        Without a country nothing comes back: ACLED's names carry it.
        """
        iso = self.country_in(text) or (country_iso2.upper() if country_iso2 else None) or self.country_code(country_name)
        country = self._countries[iso].name if iso in self._countries else country_name
        if not country:
            return []
        out: list[Actor] = []
        seen: set[str] = set()
        for kind, group, _start, _end in self.identity.groups_in(text):
            template = (self.identity.ethnic_template() if kind == "ethnic" else self.identity.social_template(group))
            if template is None:
                continue
            name = template.template.replace("{group}", group).replace("{country}", country)
            parsed = self.parse_name(name)
            if parsed is not None and parsed.actor.id not in seen:
                seen.add(parsed.actor.id)
                out.append(parsed.actor)
        return out

    def country_in(self, text: str) -> Optional[str]:
        """ISO2 of the first demonym or country name in ``text`` ("Burkinabe" -> "BF")."""
        ci, cs, table = self._country_words
        hits = [m for m in (ci.search(fold_lower(text)), cs.search(fold(text))) if m]
        if not hits:
            return None
        first = min(hits, key=lambda m: m.start())
        return table.get(first.group(0))

    def countries(self) -> Mapping[str, CountrySpec]:
        """The countries the knowledge base names actors for (ISO2 -> spec from actors_countries.yaml)."""
        return MappingProxyType(self._countries)

    def country_code(self, country_name: Optional[str]) -> Optional[str]:
        """ISO2 for a country name or demonym known to the knowledge base."""
        if not country_name:
            return None
        _, _, table = self._country_words
        return table.get(fold_lower(country_name.strip())) or table.get(fold(country_name.strip()))

    def specialise(
        self,
        match: Union[ActorMatch, Actor],
        country_iso2: Optional[str] = None,
        country_name: Optional[str] = None,
        *,
        date: Optional[str] = None,
    ) -> Actor:
        """Concrete actor for ``match`` in the given country context.

        Named actors come back unchanged.  A generic descriptor becomes the country
        actor ("Unidentified Armed Group (Mali)", "Military Forces of Niger"); a
        demonym inside the match wins over the context ("Burkinabe soldiers" in a
        Mali story is Burkina Faso).  A network affiliate becomes the network's
        top-ranked affiliate in the country (optionally as of ``date``), or the
        central organisation when none is known.  Without any country the generic
        actor comes back unchanged.
        """
        actor = match.actor if isinstance(match, ActorMatch) else match
        if not self.is_generic(actor):
            return actor
        kind = actor.id[len(GENERIC_PREFIX):]
        text = match.text if isinstance(match, ActorMatch) else ""
        iso = (
            (self.country_in(text) if text else None)
            or (country_iso2.upper() if country_iso2 else None)
            or self.country_code(country_name)
        )
        if kind.startswith(AFFILIATE_KIND + ":"):
            found = self.affiliates(actor.network, iso, date=date) if iso else []
            if found:
                return found[0]
            central = self._networks.get(actor.network, {}).get("central")
            return self._actors.get(central, actor) if central else actor
        if iso and f"{kind}:{iso}" in self._actors:
            return self._actors[f"{kind}:{iso}"]
        spec = self._generic_specs.get(kind)
        if country_name and spec is not None and kind in GENERIC_KINDS:
            name = spec.name.format(country=country_name, of_country=country_name)
            return Actor(
                id=f"{kind}:{iso or _slug(country_name)}", name=name, inter=spec.inter,
                network=spec.network, country_iso2=iso, description=f"{kind} of {country_name}",
            )
        return actor


@functools.lru_cache(maxsize=1)
def default_kb() -> ActorKB:
    """The packaged knowledge base, loaded once per process."""
    return ActorKB.load()
