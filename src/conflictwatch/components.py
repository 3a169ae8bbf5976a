"""The built-in pipeline components, registered explicitly through the same call plugins use.

Each factory loads its knowledge (gazetteer, actor base, lexicons) once, when
the pipeline is built, and returns a callable ``Analysis -> Analysis``.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Optional, Sequence

from conflictwatch.records import Analysis, Sentence

__all__ = ["register_builtins", "AUTO"]

# ``language="auto"`` (the default): each sentence is analysed in its own language
# (``Analysis.languages``, from ``nlp.language.v1``; the document's language when that did not run).
AUTO = "auto"


def _languages(language: str) -> tuple[str, ...]:
    """The analysis chains a component loads: one fixed language, or every supported one."""
    from conflictwatch.nlp.language import supported_languages

    return supported_languages() if language == AUTO else (language,)


def _groups(a: Analysis, language: str) -> list[tuple[str, Optional[list[Sentence]]]]:
    """(language, its sentences) for the passages of ``a``; ``None`` sentences mean the whole document."""
    if language != AUTO:
        return [(language, None)]
    if len(a.languages) != len(a.sentences) or not a.sentences:
        from conflictwatch.nlp.language import document_language

        return [(document_language(a.document), None)]
    groups: dict[str, list[Sentence]] = {}
    for s, lang in zip(a.sentences, a.languages):
        groups.setdefault(lang, []).append(s)
    if len(groups) == 1:
        return [(next(iter(groups)), None)]
    return list(groups.items())


def _restricted(a: Analysis, sents: Sequence[Sentence]) -> Analysis:
    """``a`` cut down to the sentences of one language, renumbered (offsets into the text are unchanged)."""
    new_index = {s.index: i for i, s in enumerate(sents)}
    keep = lambda x: x.sentence in new_index  # noqa: E731
    renumber = lambda x: x.replace(sentence=new_index[x.sentence])  # noqa: E731
    return dataclasses.replace(
        a,
        sentences=tuple(s.replace(index=i) for i, s in enumerate(sents)),
        triggers=tuple(renumber(t) for t in a.triggers if keep(t)),
        quantities=tuple(renumber(q) for q in a.quantities if keep(q)),
        dates=tuple(renumber(d) for d in a.dates if keep(d)),
        actors=tuple(renumber(m) if keep(m) else m.replace(sentence=-1) for m in a.actors),
        languages=(),
    )


def _language_factory() -> Callable[[Analysis], Analysis]:
    from conflictwatch.nlp.language import passage_languages

    def language(a: Analysis) -> Analysis:
        return dataclasses.replace(a, languages=passage_languages(a.document, a.sentences))

    return language


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


def _per_language(a: Analysis, language: str, find) -> tuple:
    """Run ``find(lang, sentences)`` on each language's passages; keep what lies in those passages."""
    out: list = []
    for lang, sents in _groups(a, language):
        if sents is None:
            out.extend(find(lang, a.sentences))
        else:
            out.extend(x for x in find(lang, sents) if x.sentence >= 0)
    out.sort(key=lambda x: x.start)
    return tuple(out)


def _dates_factory(language: str = AUTO) -> Callable[[Analysis], Analysis]:
    from conflictwatch.nlp.dates import find_dates

    def dates(a: Analysis) -> Analysis:
        return dataclasses.replace(a, dates=_per_language(
            a, language, lambda lang, sents: find_dates(a.document.text, sents, a.document.published, lang=lang)))

    return dates


def _quantities_factory(language: str = AUTO) -> Callable[[Analysis], Analysis]:
    from conflictwatch.nlp.quantities import find_quantities

    def quantities(a: Analysis) -> Analysis:
        # numbers inside date expressions are not counts: pass the dates found already
        return dataclasses.replace(a, quantities=_per_language(
            a, language, lambda lang, sents: find_quantities(a.document.text, sents, lang=lang, dates=a.dates)))

    return quantities


def _triggers_factory(language: str = AUTO) -> Callable[[Analysis], Analysis]:
    from conflictwatch.nlp.triggers import find_triggers, load_lexicon

    lexicons = {lang: load_lexicon(lang) for lang in _languages(language)}

    def find(text: str, lang: str, sents: Sequence[Sentence]) -> list:
        # find_triggers numbers sentences by their position in ``sents``: give them back their own index
        return [t if t.sentence < 0 else t.replace(sentence=sents[t.sentence].index)
                for t in find_triggers(text, sents, lexicons[lang])]

    def triggers(a: Analysis) -> Analysis:
        return dataclasses.replace(
            a, triggers=_per_language(a, language, lambda lang, sents: find(a.document.text, lang, sents)))

    return triggers


def _builder_factory(language: str = AUTO) -> Callable[[Analysis], Analysis]:
    from conflictwatch import knowledge
    from conflictwatch.actors import default_kb
    from conflictwatch.events.builder import EventBuilder
    from conflictwatch.events.country_cues import CountryCues
    from conflictwatch.nlp.triggers import load_lexicon

    from conflictwatch.geo import default_gazetteer

    kb = default_kb()

    def country_place(iso2: str):
        # the shared gazetteer the place components opened (its countries table is all this needs)
        return default_gazetteer().country(iso2)

    def capital_place(iso2: str, name: str):
        towns = [c.place for c in default_gazetteer().candidates(name, iso2) if c.place.kind == "locality"]
        return max(towns, key=lambda p: p.population) if towns else None

    cues = CountryCues(kb.countries(), capital_place)
    builders = {lang: EventBuilder(load_lexicon(lang), kb, knowledge.load(f"relations_{lang}.yaml"), country_place,
                                   cues)
                for lang in _languages(language)}

    def build(a: Analysis) -> Analysis:
        groups = _groups(a, language)
        if len(groups) == 1 and groups[0][1] is None:
            events, facts = builders[groups[0][0]](a)
            return dataclasses.replace(a, events=events, facts=facts)
        all_events: list = []
        all_facts: list = []
        for lang, sents in groups:
            events, facts = builders[lang](_restricted(a, sents))
            all_events.extend(events)
            all_facts.extend(facts)
        return dataclasses.replace(a, events=tuple(all_events), facts=tuple(all_facts))

    return build


def register_builtins(register) -> None:
    """Register the built-in components (called once by the pipeline registry)."""
    register("nlp.sentences.v1", _sentences_factory, assigns=["sentences"],
             description="rule-based sentence splitter with news abbreviations")
    register("nlp.language.v1", _language_factory, requires=["sentences"], assigns=["languages"],
             description="language of each passage (lingua per line; short lines take the document's)")
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
