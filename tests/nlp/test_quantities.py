"""Counts of people: values, vague numbers, ranges, kinds, and what must not count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conflictwatch.errors import KnowledgeError
from conflictwatch.nlp.dates import find_dates
from conflictwatch.nlp.quantities import QuantityGrammar, find_quantities, grammar
from conflictwatch.records import PublicationDate, Sentence

from tests.conftest import SEED_ARTICLE as SEED


def sents(text: str) -> list[Sentence]:
    """Naive sentence split at '. ' (enough for these hand-written cases)."""
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[A-Z\"“(]|\s*$)|\n", text):
        if text[start : m.end()].strip():
            out.append(Sentence(len(out), start, m.end(), text[start : m.end()]))
        start = m.end()
    if text[start:].strip():
        out.append(Sentence(len(out), start, len(text), text[start:]))
    return out


def qs(text: str):
    return find_quantities(text, sents(text))


def one(text: str):
    found = qs(text)
    assert len(found) == 1, [(q.text, q.kind, q.best) for q in found]
    return found[0]


# -- values ------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase, best",
    [
        ("1,400", 1400),
        ("13,000", 13000),
        ("2.2 million", 2200000),
        ("two", 2),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("a hundred", 100),
        ("two hundred and fifty", 250),
        ("three thousand", 3000),
    ],
)
def test_number_values(phrase, best):
    assert grammar("en").value(phrase).best == best


@pytest.mark.parametrize(
    "text, best, low, approximate",
    [
        ("Dozens of civilians were killed.", 12, 12, True),
        ("Tens of civilians were killed.", 10, 10, True),
        ("Hundreds of civilians were killed.", 100, 100, True),
        ("Scores of civilians were killed.", 20, 20, True),
        ("Several civilians were killed.", 3, 3, True),
        ("A few civilians were killed.", 3, 3, True),
        ("A dozen civilians were killed.", 12, None, False),
        ("Some 30 civilians were killed.", 30, None, True),
        ("At least 20 civilians were killed.", 20, 20, True),
        ("More than 100 civilians were killed.", 100, 100, True),
    ],
)
def test_vague_and_qualified_numbers(text, best, low, approximate):
    q = one(text)
    assert (q.kind, q.best, q.low, q.approximate) == ("killed", best, low, approximate)
    assert q.unit == "civilians"


def test_range_takes_lower_bound():
    q = one("Between 10 and 15 civilians were killed.")
    assert (q.best, q.low, q.high, q.approximate) == (10, 10, 15, True)
    q = one("Two or three soldiers were killed.")
    assert (q.best, q.low, q.high) == (2, 2, 3)


def test_up_to_and_fewer_than():
    q = one("Up to 30 villagers were killed.")
    assert (q.best, q.low, q.high, q.approximate) == (30, None, 30, True)
    q = one("Fewer than 10 villagers were killed.")
    assert (q.best, q.high) == (9, 9)


def test_vague_numbers_have_lower_confidence():
    assert one("Dozens of civilians were killed.").confidence < one("12 civilians were killed.").confidence


# -- kinds -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, best, unit",
    [
        ("Jihadists killed 12 people in Mopti.", "killed", 12, "people"),
        ("12 people were killed in Mopti.", "killed", 12, "people"),
        ("Twelve soldiers died in the ambush.", "killed", 12, "soldiers"),
        ("The attack left 5 dead.", "killed", 5, "dead"),
        ("There were five fatalities.", "killed", 5, "fatalities"),
        ("Security forces lost 8 soldiers in the ambush.", "killed", 8, "soldiers"),
        ("Nine soldiers were wounded.", "wounded", 9, "soldiers"),
        ("Seven civilians were injured in the blast.", "wounded", 7, "civilians"),
        ("Gunmen kidnapped 7 aid workers near Gao.", "abducted", 7, "aid workers"),
        ("Hundreds of people were abducted.", "abducted", 100, "people"),
        ("Thirty hostages were freed.", "abducted", 30, "hostages"),
        ("Nearly 50 suspects were arrested.", "arrested", 50, "suspects"),
        ("Police detained 14 men.", "arrested", 14, "men"),
        ("About 1,400 troops provide intelligence.", "troops", 1400, "troops"),
        ("France deployed 400 French soldiers.", "troops", 400, "soldiers"),
        ("The UN has about 13,000 peacekeepers in Mali alone.", "troops", 13000, "peacekeepers"),
        ("About 300 villagers fled to Djibo.", "people", 300, "villagers"),
    ],
)
def test_kinds(text, kind, best, unit):
    q = one(text)
    assert (q.kind, q.best, q.unit) == (kind, best, unit)
    assert text[q.start : q.end] == q.text


def test_death_toll():
    q = one("The death toll rose to 35 on Sunday.")
    assert (q.kind, q.best, q.text) == ("killed", 35, "35")
    assert one("The toll now stands at 41.").best == 41


def test_killing_and_wounding_in_one_sentence():
    found = qs("Gunmen attacked the village, killing two soldiers and wounding three.")
    assert [(q.kind, q.best, q.unit) for q in found] == [("killed", 2, "soldiers"), ("wounded", 3, "soldiers")]


def test_killed_and_wounded_counts():
    found = qs("The blast killed 12 people and wounded 30 others.")
    assert [(q.kind, q.best) for q in found] == [("killed", 12), ("wounded", 30)]


def test_singular_victim_counts_one():
    q = one("A soldier was killed when his patrol hit a mine.")
    assert (q.kind, q.best, q.unit) == ("killed", 1, "soldier")
    q = one("Gunmen shot dead a village chief in Boni.")
    assert (q.kind, q.best) == ("killed", 1)
    q = one("One soldier was wounded.")
    assert (q.kind, q.best) == ("wounded", 1)


def test_singular_without_casualty_word_is_not_counted():
    assert qs("A Burkina Faso soldier patrols at a camp in Dori.") == []


def test_active_voice_counts_the_victims_not_the_attackers():
    found = qs("12 gunmen killed 3 soldiers.")
    assert [(q.kind, q.best) for q in found] == [("people", 12), ("killed", 3)]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("There were no casualties.", "killed"),
        ("No one was killed in the attack.", "killed"),
        ("Nobody was killed.", "killed"),
        ("No one was injured.", "wounded"),
    ],
)
def test_explicit_zero(text, kind):
    q = one(text)
    assert (q.kind, q.best, q.low, q.high) == (kind, 0, 0, 0)


# -- what must not count --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers were killed in 2012.",
        "The attack was killed on 3 February, officials said.",
        "The convoy was attacked at 10 pm and two vehicles were burned.",
        "Turnout fell to 30% after the attack killed the mayor's hopes.",
        "The ransom was $5 million before they were killed.",
        "The patrol drove 20 km before it was ambushed.",
        "A 12-year-old herder led them to the camp.",
        "They destroyed 12 vehicles and killed the engine.",
    ],
)
def test_non_people_numbers_are_not_killed(text):
    assert [q for q in qs(text) if q.kind == "killed" and q.best > 1] == []


def test_population_is_never_killed():
    q = one("Militants seized highways into the city of 2.2 million, said an official.")
    assert q.kind == "other" and q.best == 2_200_000


def test_dates_passed_in_are_skipped():
    text = "Gunmen killed 5 people on 3 February."
    ds = find_dates(text, sents(text), PublicationDate(value="2020-02-22"))
    found = find_quantities(text, sents(text), dates=ds)
    assert [(q.kind, q.best) for q in found] == [("killed", 5)]


# -- the seed article -----------------------------------------------------------


def test_seed_article():
    text = SEED.read_text(encoding="utf-8")
    found = find_quantities(text, sents(text))
    by_text = {q.text: q for q in found}
    lost = by_text["more than 100 soldiers"]
    assert (lost.kind, lost.best, lost.low, lost.approximate) == ("killed", 100, 100, True)
    troops = by_text["about 1,400 troops"]
    assert (troops.kind, troops.best) == ("troops", 1400)
    assert by_text["about 13,000 peacekeepers"].kind == "troops"
    assert by_text["about 12,000 soldiers"].kind == "troops"
    city = by_text["2.2 million"]
    assert city.kind != "killed"
    killed = [q for q in found if q.kind == "killed"]
    assert [q.text for q in killed] == ["more than 100 soldiers"]  # "five children whose parents died" is not
    assert [q.start for q in found] == sorted(q.start for q in found)
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.sentence >= 0


def test_malformed_knowledge_is_reported():
    with pytest.raises(KnowledgeError):
        QuantityGrammar({"version": 1}, "broken.yaml")
    with pytest.raises(KnowledgeError, match="quote"):
        QuantityGrammar({"version": 1, "function_words": ["in", True]}, "bool.yaml")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("A 4th Chadian peacekeeper died of his wounds after the convoy was hit.", [("killed", 1)]),  # an ordinal is no count
        ("A councillor from the rural commune was killed outside his home.", [("killed", 1)]),
        ("5 members of the self-defence committee were killed when their post was overrun.", [("killed", 5)]),
        ("The fighting left 14 assailants and 6 gendarmes dead.", [("killed", 14), ("killed", 6)]),
    ],
)
def test_counts_with_phrases_ordinals_and_coordination(text, expected):
    from conflictwatch.nlp.sentences import split_sentences

    got = [(q.kind, q.best) for q in find_quantities(text, split_sentences(text))]
    assert got == expected


def test_french_thousands_grouped_with_spaces():
    from conflictwatch.nlp.sentences import split_sentences

    t = "Environ 1 200 soldats et 13\u202f000 casques bleus sont déployés."
    got = [(q.kind, q.best) for q in find_quantities(t, split_sentences(t), lang="fr")]
    assert got == [("troops", 1200), ("troops", 13000)]
