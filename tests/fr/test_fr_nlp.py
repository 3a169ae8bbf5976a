"""French date and number expressions (knowledge files dates_fr.yaml, quantities_fr.yaml)."""

from __future__ import annotations

import pytest

from conflictwatch.nlp.dates import find_dates
from conflictwatch.nlp.quantities import find_quantities
from conflictwatch.nlp.sentences import split_sentences
from conflictwatch.records import PublicationDate

PUB = PublicationDate(value="2023-06-08")  # a Thursday


@pytest.mark.parametrize(
    "text, phrase, start, end, precision",
    [
        ("Dans la nuit du 4 au 5 juin, des hommes armés ont attaqué le village.", "Dans la nuit du 4 au 5 juin", "2023-06-04", "2023-06-05", 1),
        ("L'attaque a eu lieu mardi dernier près de Djibo.", "mardi dernier", "2023-06-06", "2023-06-06", 1),
        ("Hier soir, des tirs ont été entendus à Gao.", "Hier soir", "2023-06-07", "2023-06-07", 1),
        ("Le week-end dernier, trois civils ont été tués.", "Le week-end dernier", "2023-06-03", "2023-06-04", 2),
        ("En début de semaine, l'armée a mené des frappes.", "En début de semaine", "2023-06-05", "2023-06-08", 2),
        ("Le 1er juin 2023, à Gao.", "Le 1er juin 2023", "2023-06-01", "2023-06-01", 1),
        ("des combats dans la nuit de samedi à dimanche", "dans la nuit de samedi à dimanche", "2023-06-03", "2023-06-04", 1),
        ("il y a trois jours", "il y a trois jours", "2023-06-05", "2023-06-05", 1),
        ("à la mi-mai", "à la mi-mai", "2023-05-11", "2023-05-20", 2),
        ("début juin", "début juin", "2023-06-01", "2023-06-08", 2),
        ("du 3 au 5 juin", "du 3 au 5 juin", "2023-06-03", "2023-06-05", 2),
        ("Dimanche 4 juin, à l'aube", "Dimanche 4 juin", "2023-06-04", "2023-06-04", 1),
        ("la semaine dernière", "la semaine dernière", "2023-05-29", "2023-06-04", 2),
        ("avant-hier", "avant-hier", "2023-06-06", "2023-06-06", 1),
        ("en mai dernier", "mai dernier", "2023-05-01", "2023-05-31", 3),
        ("Jeudi matin, l'armée", "Jeudi matin", "2023-06-08", "2023-06-08", 1),
    ],
)
def test_french_dates_resolve_against_publication(text, phrase, start, end, precision):
    found = find_dates(text, split_sentences(text), PUB, lang="fr")
    assert [(d.text, d.start_date, d.end_date, d.precision) for d in found] == [(phrase, start, end, precision)]


def test_french_weekday_without_publication_date_is_unresolved():
    text = "Mardi dernier, des hommes armés ont attaqué."
    (d,) = find_dates(text, split_sentences(text), PublicationDate(), lang="fr")
    assert d.start_date is None and d.confidence < 0.5


def test_english_grammar_does_not_read_french_modifiers():
    text = "mardi dernier"
    assert find_dates(text, split_sentences(text), PUB, lang="en") == []


@pytest.mark.parametrize(
    "text, best, kind",
    [
        ("Au moins 132 civils ont été tués.", 132, "killed"),
        ("Une dizaine de soldats ont été tués.", 10, "killed"),
        ("Une vingtaine de morts ont été dénombrés.", 20, "killed"),
        ("Plusieurs dizaines de civils ont été tués.", 10, "killed"),
        ("Une centaine de personnes ont été tuées.", 100, "killed"),
        ("Un bilan provisoire de 12 morts.", 12, "killed"),
        ("Le bilan s'élève à 35 morts.", 35, "killed"),
        ("Un soldat a été tué.", 1, "killed"),
        ("Vingt et un soldats tués.", 21, "killed"),
        ("Quatre-vingts morts.", 80, "killed"),
        ("Dix-sept terroristes neutralisés.", 17, "killed"),
        ("Deux civils ont été enlevés.", 2, "abducted"),
        ("Trois individus armés ont été interpellés.", 3, "arrested"),
        ("12 soldats maliens ont été tués.", 12, "killed"),
        ("3 personnes ont perdu la vie dans l'attaque.", 3, "killed"),
        ("Une dizaine de terroristes présumés de l'EIGS ont été neutralisés.", 10, "killed"),
    ],
)
def test_french_counts(text, best, kind):
    found = [q for q in find_quantities(text, split_sentences(text), lang="fr") if q.kind == kind]
    assert [q.best for q in found] == [best]


def test_french_active_voice_count_is_not_the_victims():
    text = "12 hommes armés ont tué 3 soldats."
    found = find_quantities(text, split_sentences(text), lang="fr")
    assert [(q.best, q.kind) for q in found] == [(12, "people"), (3, "killed")]


def test_french_vague_counts_are_approximate_and_qualifiers_set_bounds():
    text = "Une dizaine de civils et au moins 7 soldats ont été tués."
    q1, q2 = find_quantities(text, split_sentences(text), lang="fr")
    assert q1.approximate and q1.best == 10
    assert q2.low == 7 and q2.approximate


def test_french_zero_and_not_people():
    text = "L'attaque n'a fait aucune victime. Les assaillants ont emporté 40 têtes de bétail et 3 motos."
    found = find_quantities(text, split_sentences(text), lang="fr")
    assert [(q.best, q.kind) for q in found] == [(0, "killed")]
