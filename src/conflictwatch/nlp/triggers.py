"""Event triggers: phrases that signal an ACLED (sub-)event type.

The lexicon is data (``knowledge/triggers_<lang>.yaml``); this module compiles it
once into a :class:`TriggerLexicon` and scans text with it.  A trigger either
names its sub-event type or a *class* ("attack", "kill", "territory",
"protest") that the events builder resolves from the roles it finds.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from conflictwatch import knowledge
from conflictwatch.errors import KnowledgeError
from conflictwatch.nlp.sentences import sentence_index
from conflictwatch.records import Sentence, TriggerMatch

__all__ = ["TriggerLexicon", "TriggerEntry", "load_lexicon", "find_triggers"]


@dataclass(frozen=True)
class TriggerEntry:
    id: str
    sub_event_type: Optional[str]
    event_type: Optional[str]
    cls: Optional[str]
    priority: int
    regex: re.Pattern


def _alternation(patterns: Sequence[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _word_regex(patterns: Sequence[str], flags: int = re.IGNORECASE) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{_alternation(patterns)})(?![\w-])", flags)


class TriggerLexicon:
    """Compiled trigger patterns and the cue lists used to interpret them."""

    def __init__(self, data: dict, taxonomy: dict, name: str):
        self.name = name
        self.language = data.get("language", "en")
        self.version = data["version"]
        sub_to_type: dict[str, str] = {}
        self.disorder: dict[str, str] = {}
        for etype, subs in taxonomy["event_types"].items():
            for sub, disorder in subs.items():
                sub_to_type[sub] = etype
                self.disorder[sub] = disorder
        self.sub_to_type = sub_to_type
        entries = []
        for raw in data["triggers"]:
            try:
                sub = raw.get("sub_event_type")
                if sub is not None and sub not in sub_to_type:
                    raise KnowledgeError(f"{name}: trigger {raw['id']!r} names unknown sub-event type {sub!r}")
                entries.append(
                    TriggerEntry(
                        id=raw["id"],
                        sub_event_type=sub,
                        event_type=sub_to_type.get(sub) if sub else None,
                        cls=raw.get("class"),
                        priority=int(raw.get("priority", 50)),
                        regex=_word_regex(raw["patterns"]),
                    )
                )
            except (KeyError, re.error) as exc:
                raise KnowledgeError(f"{name}: bad trigger entry {raw!r}: {exc}") from exc
        self.entries = tuple(entries)
        self.classes: dict[str, dict[str, tuple[str, str]]] = {
            cls: {k: (v[0], v[1]) for k, v in rules.items()} for cls, rules in data.get("classes", {}).items()
        }
        self.protest_intervention = _word_regex(data.get("protest_intervention", ["$^"]))
        self.protest_excessive = _word_regex(data.get("protest_excessive_force", ["$^"]))
        # what demonstrators do that makes a protest a violent demonstration (barricades, blocked roads)
        self.protest_violent = _word_regex(data.get("protest_violent", ["$^"]))
        # ground fighting alongside a bombing or shelling ("IED and subsequent ambush"): ACLED codes the armed clash
        self.ground_fighting = _word_regex(data.get("ground_fighting", ["$^"]))
        self.target_armed = _word_regex(data["target_nouns"]["armed"])
        self.target_civilian = _word_regex(data["target_nouns"]["civilian"])
        self.irrealis = re.compile(rf"(?:^|\W)(?:{_alternation(data.get('irrealis_before', []))})\W*$", re.IGNORECASE)
        self.realis_to = re.compile(rf"(?:^|\W)(?:{_alternation(data.get('realis_to', ['$^']))})\s+to\W*$", re.IGNORECASE)
        self.habitual = _word_regex(data.get("habitual", ["$^"]))
        # the start of a reporting clause (", local sources said"): the words after it name the source
        self.attribution = re.compile(_alternation(data.get("attribution", ["$^"])), re.IGNORECASE)
        self.territory_non_violent = _word_regex(data.get("territory_non_violent", ["$^"]))
        self.civilian_clash_parties = _word_regex(data.get("civilian_clash_parties", ["$^"]))
        # security staff not serving ("an off-duty gendarme", "un soldat à la retraite"): civilians when attacked;
        # matched against the words just before / just after the actor's mention
        self.not_serving_before = re.compile(
            rf"(?<![\w-])(?:{_alternation(data.get('not_serving_before', ['$^']))})[\s-]*(?:[\w'’]+\s+)?$", re.IGNORECASE)
        self.not_serving_after = re.compile(
            rf"^[\s,]*(?:{_alternation(data.get('not_serving_after', ['$^']))})(?![\w-])", re.IGNORECASE)
        self.priority = {e.id: e.priority for e in self.entries}
        # counted nouns naming members of an armed force ("soldats"); the builder has its own English list
        self.military_units = frozenset(str(u).lower() for u in data.get("military_units", []))
        # verbs after which a date dates the report ("a annoncé mardi"); None: the builder's English default
        rb = data.get("reporting_before")
        self.reporting = re.compile(rf"\b(?:{_alternation(rb)})\s+$", re.IGNORECASE) if rb else None

    def resolve_class(self, cls: str, key: str) -> tuple[str, str]:
        rules = self.classes.get(cls, {})
        if key in rules:
            return rules[key]
        first = next(iter(rules.values()), None)
        if first is None:
            raise KnowledgeError(f"{self.name}: no rules for trigger class {cls!r}")
        return first

    def is_irrealis(self, text: str, start: int, window: int = 40) -> bool:
        """Does the text just before ``start`` make the trigger non-factual?"""
        before = text[max(0, start - window) : start]
        if not self.irrealis.search(before):
            return False
        # "continued to clash", "rallied to protest": a bare 'to' after these verbs is factual
        return not self.realis_to.search(before)


@functools.lru_cache(maxsize=4)
def load_lexicon(language: str = "en") -> TriggerLexicon:
    name = f"triggers_{language}.yaml"
    return TriggerLexicon(knowledge.load(name), knowledge.load("taxonomy.yaml"), name)


def find_triggers(text: str, sentences: Sequence[Sentence], lexicon: TriggerLexicon) -> list[TriggerMatch]:
    """All trigger matches in ``text``, in text order, with their sentence index."""
    out: list[TriggerMatch] = []
    for entry in lexicon.entries:
        for m in entry.regex.finditer(text):
            sub = entry.sub_event_type or f"class:{entry.cls}"
            out.append(
                TriggerMatch(
                    text=m.group(0),
                    start=m.start(),
                    end=m.end(),
                    event_type=entry.event_type or "",
                    sub_event_type=sub,
                    trigger_id=entry.id,
                    sentence=sentence_index(sentences, m.start()),
                    confidence=0.8 if entry.cls else 0.9,
                )
            )
    out.sort(key=lambda t: (t.start, -lexicon.priority[t.trigger_id]))
    return out
