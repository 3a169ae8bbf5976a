"""The built-in pipeline components, registered explicitly through the same call plugins use.

Each factory loads its knowledge (gazetteer, actor base, lexicons) once, when
the pipeline is built, and returns a callable ``Analysis -> Analysis``.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Optional

from conflictwatch.records import Analysis

__all__ = ["register_builtins"]


def _sentences_factory() -> Callable[[Analysis], Analysis]:
    from conflictwatch.nlp.sentences import split_sentences

    def sentences(a: Analysis) -> Analysis:
        return dataclasses.replace(a, sentences=split_sentences(a.document.text, a.document.captions))

    return sentences


def _toponyms_factory(gazetteer: Optional[str] = None) -> Callable[[Analysis], Analysis]:
    from conflictwatch.geo import default_gazetteer, find_toponyms

    gaz = default_gazetteer(gazetteer)

    def toponyms(a: Analysis) -> Analysis:
        return dataclasses.replace(a, places=tuple(find_toponyms(a.document.text, a.sentences, gaz)))

    return toponyms


def _resolver_factory(gazetteer: Optional[str] = None) -> Callable[[Analysis], Analysis]:
    from conflictwatch.geo import default_gazetteer, resolve_places

    gaz = default_gazetteer(gazetteer)

    def resolver(a: Analysis) -> Analysis:
        return dataclasses.replace(a, resolved_places=tuple(resolve_places(a.document, a.sentences, list(a.places), gaz)))

    return resolver


def _actors_factory() -> Callable[[Analysis], Analysis]:
    from conflictwatch.actors import default_kb

    kb = default_kb()

    def actors(a: Analysis) -> Analysis:
        return dataclasses.replace(a, actors=tuple(kb.find(a.document.text, a.sentences)))

    return actors


def _dates_factory(language: str = "en") -> Callable[[Analysis], Analysis]:
    from conflictwatch.nlp.dates import find_dates

    def dates(a: Analysis) -> Analysis:
        return dataclasses.replace(a, dates=tuple(find_dates(a.document.text, a.sentences, a.document.published, lang=language)))

    return dates


def _quantities_factory(language: str = "en") -> Callable[[Analysis], Analysis]:
    from conflictwatch.nlp.quantities import find_quantities

    def quantities(a: Analysis) -> Analysis:
        # numbers inside date expressions are not counts: pass the dates found already
        return dataclasses.replace(
            a, quantities=tuple(find_quantities(a.document.text, a.sentences, lang=language, dates=a.dates))
        )

    return quantities


def _triggers_factory(language: str = "en") -> Callable[[Analysis], Analysis]:
    from conflictwatch.nlp.triggers import find_triggers, load_lexicon

    lexicon = load_lexicon(language)

    def triggers(a: Analysis) -> Analysis:
        return dataclasses.replace(a, triggers=tuple(find_triggers(a.document.text, a.sentences, lexicon)))

    return triggers


def _builder_factory(language: str = "en") -> Callable[[Analysis], Analysis]:
    from conflictwatch import knowledge
    from conflictwatch.actors import default_kb
    from conflictwatch.events.builder import EventBuilder
    from conflictwatch.nlp.triggers import load_lexicon

    builder = EventBuilder(load_lexicon(language), default_kb(), knowledge.load(f"relations_{language}.yaml"))

    def build(a: Analysis) -> Analysis:
        events, facts = builder(a)
        return dataclasses.replace(a, events=events, facts=facts)

    return build


def register_builtins(register) -> None:
    """Register the built-in components (called once by the pipeline registry)."""
    register("nlp.sentences.v1", _sentences_factory, assigns=["sentences"],
             description="rule-based sentence splitter with news abbreviations")
    register("geo.toponyms.v1", _toponyms_factory, requires=["sentences"], assigns=["places"],
             description="gazetteer toponym matcher (+ unknown-village patterns)")
    register("geo.resolver.v1", _resolver_factory, requires=["sentences", "places"], assigns=["resolved_places"],
             description="context-aware toponym resolution with geo_precision")
    register("actors.matcher.v2", _actors_factory, requires=["sentences"], assigns=["actors"],
             description="actor knowledge-base matcher (aliases, acronyms, generic descriptors)")
    register("nlp.dates.v1", _dates_factory, requires=["sentences"], assigns=["dates"],
             description="date expressions resolved against the publication date")
    register("nlp.quantities.v1", _quantities_factory, requires=["sentences", "dates"], assigns=["quantities"],
             description="counts of people: fatalities, wounded, abducted, troops")
    register("nlp.triggers.v1", _triggers_factory, requires=["sentences"], assigns=["triggers"],
             description="ACLED event triggers from the lexicon")
    register("events.builder.v1", _builder_factory,
             requires=["sentences", "resolved_places", "actors", "dates", "quantities", "triggers"],
             assigns=["events", "facts"], description="events and facts with evidence and confidence")
