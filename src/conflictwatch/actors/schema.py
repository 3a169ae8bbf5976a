"""Reading, merging and validating the actor knowledge files.

The packaged ``actors.yaml`` names the files it ``include``s (countries, generic
descriptors); user files given to :meth:`ActorKB.load` are merged on top, entry by
entry (actors by ``id``, countries by ISO2 code, generic descriptors by kind), so a
user entry replaces the packaged one with the same key.  Every problem raises
:class:`~conflictwatch.errors.KnowledgeError` naming the file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

from conflictwatch.errors import KnowledgeError
from conflictwatch.knowledge import path_of

__all__ = [
    "NETWORKS",
    "GENERIC_KINDS",
    "Period",
    "Tie",
    "ActorSpec",
    "citation",
    "CountrySpec",
    "GenericSpec",
    "Lexicon",
    "KnowledgeData",
    "read_knowledge",
]

NETWORKS = ("al-Qaeda", "Islamic State", "state", "other")
# Kinds of generic descriptor; each becomes a country actor "<kind>:<ISO2>".
GENERIC_KINDS = ("armed-group", "military", "police", "civilians", "protesters", "rioters", "government")

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ISO2 = re.compile(r"^[A-Z]{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[^\s]+$")


@dataclass(frozen=True, slots=True)
class Period:
    """A span of time during which an actor carries ``name`` (dates ISO, inclusive)."""

    name: str
    start: Optional[str]
    end: Optional[str]


@dataclass(frozen=True, slots=True)
class ActorSpec:
    id: str
    name: str
    inter: int
    network: str
    country: Optional[str]
    aliases: tuple[str, ...]
    cased: tuple[str, ...]
    active_in: tuple[str, ...]
    parent: Optional[str]
    rank: int
    active_from: Optional[str]
    active_to: Optional[str]
    periods: tuple[Period, ...]
    description: str
    source: str  # "file.yaml: actors entry #3 (id='jnim')", for error messages
    citation: str = ""  # the public source the entry is written from (its `source:` field)
    acled_names: tuple[str, ...] = ()  # other spellings ACLED has used for this actor
    ties: tuple["Tie", ...] = ()


@dataclass(frozen=True, slots=True)
class Tie:
    """A dated link to another actor ("allied", "faction", "split", ...), for groups whose ties changed."""

    actor: str
    relation: str
    start: Optional[str]
    end: Optional[str]
    note: str = ""


@dataclass(frozen=True, slots=True)
class CountrySpec:
    iso2: str
    name: str
    of_name: str
    demonyms: tuple[str, ...]
    fr_demonyms: tuple[str, ...]
    fr_of: tuple[str, ...]
    country_names: tuple[str, ...]
    external: bool
    military_aliases: tuple[str, ...]
    military_cased: tuple[str, ...]
    police_aliases: tuple[str, ...]
    period_labels: tuple[tuple[str, Optional[str], Optional[str]], ...]  # (label, start, end)
    source: str
    citation: str = ""


@dataclass(frozen=True, slots=True)
class GenericSpec:
    kind: str
    name: str  # template with {country} / {of_country}
    inter: int
    network: str
    aliases: tuple[str, ...]
    nouns_en: tuple[str, ...]
    nouns_fr: tuple[str, ...]
    source: str
    citation: str = ""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Small word lists that steer matching (qualifiers, nouns, connectors)."""

    qualifiers_before: tuple[str, ...] = ()
    qualifiers_after: tuple[str, ...] = ()
    member_nouns: tuple[str, ...] = ()
    affiliate_nouns: tuple[str, ...] = ()
    link_words: tuple[str, ...] = ()
    connectors: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    coordinators: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()  # qualifiers that lower confidence ("suspected", "présumés")
    affiliate_heads: tuple[str, ...] = ()  # "groups" in "groups linked to al-Qaeda"
    link_connectors: tuple[str, ...] = ()  # "linked to" in "groups linked to al-Qaeda"


@dataclass(slots=True)
class KnowledgeData:
    """Everything read from the knowledge files, merged and validated."""

    versions: list[str] = field(default_factory=list)
    networks: dict[str, dict[str, str]] = field(default_factory=dict)  # network -> {central, label}
    actors: dict[str, ActorSpec] = field(default_factory=dict)
    countries: dict[str, CountrySpec] = field(default_factory=dict)
    generic: dict[str, GenericSpec] = field(default_factory=dict)
    lexicon: Lexicon = field(default_factory=Lexicon)
    identity: dict[str, Any] = field(default_factory=dict)  # raw `identity:` sections, see actors/identity.py
    identity_sources: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_LOADER)  # a safe loader (C-accelerated when built)
    except FileNotFoundError as exc:
        raise KnowledgeError(f"actor knowledge file not found: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"actor knowledge file {path} cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"actor knowledge file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise KnowledgeError(f"actor knowledge file {path} must be a mapping with a 'version' key")
    return data


def read_knowledge(main: Path, extra: tuple[Path, ...] = ()) -> KnowledgeData:
    """Read ``main`` (and the files it includes), then merge ``extra`` files on top."""
    out = KnowledgeData()
    seen: set[Path] = set()

    def visit(path: Path) -> None:
        resolved = path.resolve()
        if resolved in seen:
            return
        seen.add(resolved)
        data = _read_yaml(path)
        includes = data.get("include") or []
        if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
            raise KnowledgeError(f"{path}: 'include' must be a list of file names")
        for inc in includes:
            local = path.parent / inc
            # an override folder may hold only some files: fall back to the packaged ones
            visit(local if local.exists() else path_of(inc))
        _merge(out, data, path)

    visit(main)
    for p in extra:
        visit(Path(p))
    _check_references(out)
    return out


def _merge(out: KnowledgeData, data: dict[str, Any], path: Path) -> None:
    name = path.name
    out.versions.append(f"{name}@{data['version']}")
    known = {"version", "include", "networks", "actors", "countries", "generic", "qualifiers",
             "member_nouns", "affiliate_nouns", "link_words", "connectors", "articles", "coordinators",
             "affiliate_heads", "link_connectors", "identity"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise KnowledgeError(f"{path}: unknown top-level key(s) {unknown}")

    networks = data.get("networks") or {}
    if not isinstance(networks, dict):
        raise KnowledgeError(f"{path}: 'networks' must be a mapping")
    for net, spec in networks.items():
        if net not in NETWORKS or not isinstance(spec, dict) or not isinstance(spec.get("central"), str):
            raise KnowledgeError(f"{path}: networks entry {net!r} needs a known network name and a 'central' id")
        out.networks[net] = {"central": spec["central"], "label": str(spec.get("label") or f"{net} affiliate")}

    actors = data.get("actors") or []
    if not isinstance(actors, list):
        raise KnowledgeError(f"{path}: 'actors' must be a list of entries")
    for i, raw in enumerate(actors, start=1):
        spec = _actor(raw, f"{path}: actors entry #{i}")
        out.actors.pop(spec.id, None)  # re-insert so a user entry keeps the user's order
        out.actors[spec.id] = spec

    countries = data.get("countries") or {}
    if not isinstance(countries, dict):
        raise KnowledgeError(f"{path}: 'countries' must be a mapping of ISO2 code to entry")
    for iso2, raw in countries.items():
        out.countries[str(iso2)] = _country(str(iso2), raw, f"{path}: countries entry {iso2!r}")

    generic = data.get("generic") or {}
    if not isinstance(generic, dict):
        raise KnowledgeError(f"{path}: 'generic' must be a mapping of kind to entry")
    for kind, raw in generic.items():
        out.generic[str(kind)] = _generic(str(kind), raw, f"{path}: generic entry {kind!r}")

    out.lexicon = _lexicon(out.lexicon, data, path)

    identity = data.get("identity")
    if identity is not None:
        if not isinstance(identity, dict):
            raise KnowledgeError(f"{path}: 'identity' must be a mapping")
        for key, value in identity.items():
            if isinstance(value, list):
                out.identity.setdefault(key, []).extend((item, f"{path}: identity.{key} entry #{i}")
                                                        for i, item in enumerate(value, start=1))
            else:
                out.identity[key] = (value, f"{path}: identity.{key}")
        out.identity_sources.append(str(path))


def _check_references(out: KnowledgeData) -> None:
    generated = {f"{kind}:{iso}" for kind in GENERIC_KINDS for iso in out.countries}
    ids = set(out.actors) | generated
    for spec in out.actors.values():
        if spec.parent is not None and spec.parent not in ids:
            raise KnowledgeError(f"{spec.source}: parent {spec.parent!r} is not a known actor id")
        for tie in spec.ties:
            if tie.actor not in ids:
                raise KnowledgeError(f"{spec.source}: tie to {tie.actor!r}, which is not a known actor id")
    for net, info in out.networks.items():
        if info["central"] not in ids:
            raise KnowledgeError(f"networks entry {net!r}: central actor {info['central']!r} is not defined")


# ---------------------------------------------------------------------------
# field validation
# ---------------------------------------------------------------------------


def _str_list(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _opt_date(raw: dict[str, Any], key: str, where: str) -> Optional[str]:
    value = raw.get(key)
    if value is None:
        return None
    value = str(value)  # YAML may have parsed an unquoted date
    if not _DATE.match(value):
        raise KnowledgeError(f"{where}: '{key}' must be an ISO date YYYY-MM-DD, got {value!r}")
    return value


def _inter(raw: dict[str, Any], where: str) -> int:
    value = raw.get("inter")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 8:
        raise KnowledgeError(f"{where}: 'inter' must be an integer 1-8 (ACLED actor type), got {value!r}")
    return value


def _network(raw: dict[str, Any], where: str, default: str = "other") -> str:
    value = raw.get("network", default)
    if value not in NETWORKS:
        raise KnowledgeError(f"{where}: 'network' must be one of {list(NETWORKS)}, got {value!r}")
    return value


def _check_keys(raw: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise KnowledgeError(f"{where}: unknown field(s) {unknown}")


def citation(raw: dict[str, Any], where: str) -> str:
    """The entry's required ``source:`` (a public reference: ACLED codebook, UN list, article title)."""
    value = raw.get("source")
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(f"{where}: 'source' is required: cite the public source of this entry")
    return value.strip()


_ACTOR_KEYS = {"id", "name", "inter", "network", "country", "aliases", "cased", "active_in", "parent",
               "rank", "active_from", "active_to", "periods", "description", "source", "acled_names", "ties"}
_TIE_KEYS = {"actor", "relation", "start", "end", "note"}


def _ties(raw: dict[str, Any], where: str) -> tuple[Tie, ...]:
    items = raw.get("ties") or []
    if not isinstance(items, list):
        raise KnowledgeError(f"{where}: 'ties' must be a list of {{actor, relation, start, end, note}}")
    out = []
    for j, t in enumerate(items, start=1):
        tw = f"{where} tie #{j}"
        if not isinstance(t, dict) or not isinstance(t.get("actor"), str) or not isinstance(t.get("relation"), str):
            raise KnowledgeError(f"{tw}: must be a mapping with 'actor' and 'relation'")
        _check_keys(t, _TIE_KEYS, tw)
        out.append(Tie(t["actor"], t["relation"], _opt_date(t, "start", tw), _opt_date(t, "end", tw),
                       str(t.get("note") or "")))
    return tuple(out)


def _actor(raw: Any, where: str) -> ActorSpec:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: must be a mapping, got {type(raw).__name__}")
    ident = raw.get("id")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise KnowledgeError(f"{where}: 'id' must be a non-empty string without spaces, got {ident!r}")
    where = f"{where} (id={ident!r})"
    _check_keys(raw, _ACTOR_KEYS, where)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise KnowledgeError(f"{where}: 'name' must be a non-empty string")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not _ISO2.match(country)):
        raise KnowledgeError(f"{where}: 'country' must be an ISO2 code or null, got {country!r}")
    active_in = _str_list(raw, "active_in", where)
    bad = [c for c in active_in if not _ISO2.match(c)]
    if bad:
        raise KnowledgeError(f"{where}: 'active_in' has codes that are not ISO2: {bad}")
    parent = raw.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise KnowledgeError(f"{where}: 'parent' must be an actor id")
    rank = raw.get("rank", 100)
    if isinstance(rank, bool) or not isinstance(rank, int):
        raise KnowledgeError(f"{where}: 'rank' must be an integer")
    periods_raw = raw.get("periods") or []
    if not isinstance(periods_raw, list):
        raise KnowledgeError(f"{where}: 'periods' must be a list of {{name, start, end}}")
    periods = []
    for j, p in enumerate(periods_raw, start=1):
        pw = f"{where} period #{j}"
        if not isinstance(p, dict) or not isinstance(p.get("name"), str):
            raise KnowledgeError(f"{pw}: must be a mapping with a 'name'")
        _check_keys(p, {"name", "start", "end"}, pw)
        periods.append(Period(p["name"], _opt_date(p, "start", pw), _opt_date(p, "end", pw)))
    description = raw.get("description") or ""
    if not isinstance(description, str):
        raise KnowledgeError(f"{where}: 'description' must be a string")
    return ActorSpec(
        id=ident,
        name=name.strip(),
        inter=_inter(raw, where),
        network=_network(raw, where),
        country=country,
        aliases=_str_list(raw, "aliases", where),
        cased=_str_list(raw, "cased", where),
        active_in=active_in,
        parent=parent,
        rank=rank,
        active_from=_opt_date(raw, "active_from", where),
        active_to=_opt_date(raw, "active_to", where),
        periods=tuple(sorted(periods, key=lambda p: p.start or "")),
        description=description.strip(),
        source=where,
        citation=citation(raw, where),
        acled_names=_str_list(raw, "acled_names", where),
        ties=_ties(raw, where),
    )


_COUNTRY_KEYS = {"name", "of_name", "demonyms", "fr_demonyms", "fr_of", "country_names", "external",
                 "military_aliases", "military_cased", "police_aliases", "periods", "source"}


def _country(iso2: str, raw: Any, where: str) -> CountrySpec:
    if not _ISO2.match(iso2):
        raise KnowledgeError(f"{where}: key must be an ISO2 code")
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: must be a mapping")
    _check_keys(raw, _COUNTRY_KEYS, where)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise KnowledgeError(f"{where}: 'name' must be a non-empty string")
    external = raw.get("external", False)
    if not isinstance(external, bool):
        raise KnowledgeError(f"{where}: 'external' must be true or false")
    labels = []
    periods_raw = raw.get("periods") or []
    if not isinstance(periods_raw, list):
        raise KnowledgeError(f"{where}: 'periods' must be a list of {{label, start, end}}")
    for j, p in enumerate(periods_raw, start=1):
        pw = f"{where} period #{j}"
        if not isinstance(p, dict) or not isinstance(p.get("label"), str):
            raise KnowledgeError(f"{pw}: must be a mapping with a 'label'")
        _check_keys(p, {"label", "start", "end"}, pw)
        labels.append((p["label"], _opt_date(p, "start", pw), _opt_date(p, "end", pw)))
    return CountrySpec(
        iso2=iso2,
        name=name.strip(),
        of_name=str(raw.get("of_name") or name).strip(),
        demonyms=_str_list(raw, "demonyms", where),
        fr_demonyms=_str_list(raw, "fr_demonyms", where),
        fr_of=_str_list(raw, "fr_of", where),
        country_names=_str_list(raw, "country_names", where),
        external=external,
        military_aliases=_str_list(raw, "military_aliases", where),
        military_cased=_str_list(raw, "military_cased", where),
        police_aliases=_str_list(raw, "police_aliases", where),
        period_labels=tuple(sorted(labels, key=lambda t: t[1] or "")),
        source=where,
        citation=citation(raw, where),
    )


def _generic(kind: str, raw: Any, where: str) -> GenericSpec:
    if kind not in GENERIC_KINDS:
        raise KnowledgeError(f"{where}: kind must be one of {list(GENERIC_KINDS)}")
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: must be a mapping")
    _check_keys(raw, {"name", "inter", "network", "aliases", "nouns_en", "nouns_fr", "source"}, where)
    name = raw.get("name")
    if not isinstance(name, str) or ("{country}" not in name and "{of_country}" not in name):
        raise KnowledgeError(f"{where}: 'name' must be a template with {{country}} or {{of_country}}")
    return GenericSpec(
        kind=kind,
        name=name,
        inter=_inter(raw, where),
        network=_network(raw, where),
        aliases=_str_list(raw, "aliases", where),
        nouns_en=_str_list(raw, "nouns_en", where),
        nouns_fr=_str_list(raw, "nouns_fr", where),
        source=where,
        citation=citation(raw, where),
    )


def _lexicon(base: Lexicon, data: dict[str, Any], path: Path) -> Lexicon:
    """Word lists from a later file extend those already read (no duplicates)."""

    def merged(current: tuple[str, ...], raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        new = _str_list(raw, key, where)
        return current + tuple(w for w in new if w not in current)

    where = str(path)
    quals = data.get("qualifiers") or {}
    if not isinstance(quals, dict):
        raise KnowledgeError(f"{path}: 'qualifiers' must be a mapping with 'before'/'after' lists")
    return Lexicon(
        qualifiers_before=merged(base.qualifiers_before, quals, "before", f"{where}: qualifiers"),
        qualifiers_after=merged(base.qualifiers_after, quals, "after", f"{where}: qualifiers"),
        member_nouns=merged(base.member_nouns, data, "member_nouns", where),
        affiliate_nouns=merged(base.affiliate_nouns, data, "affiliate_nouns", where),
        link_words=merged(base.link_words, data, "link_words", where),
        connectors=merged(base.connectors, data, "connectors", where),
        articles=merged(base.articles, data, "articles", where),
        coordinators=merged(base.coordinators, data, "coordinators", where),
        hedges=merged(base.hedges, quals, "hedging", f"{where}: qualifiers"),
        affiliate_heads=merged(base.affiliate_heads, data, "affiliate_heads", where),
        link_connectors=merged(base.link_connectors, data, "link_connectors", where),
    )
