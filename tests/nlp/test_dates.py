"""Date expressions: absolute, relative, year inference, unknown publication date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conflictwatch.errors import KnowledgeError
from conflictwatch.nlp.dates import DateGrammar, find_dates
from conflictwatch.records import PublicationDate, Sentence

from tests.conftest import SEED_ARTICLE as SEED


def sents(text: str) -> list[Sentence]:
    """One sentence per line (enough for these tests)."""
    return [Sentence(i, m.start(), m.end(), m.group()) for i, m in enumerate(re.finditer(r"[^\n]+", text))]


def dates(text: str, pub: str | None = "2020-02-22", year_inferred: bool = False):
    return find_dates(text, sents(text), PublicationDate(value=pub, year_inferred=year_inferred))


def one(text: str, pub: str | None = "2020-02-22", **kw):
    found = dates(text, pub, **kw)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


# -- absolute ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gunmen attacked Djibo on 31 July 2020.", "31 July 2020"),
        ("Gunmen attacked Djibo on July 31, 2020.", "July 31, 2020"),
        ("Gunmen attacked Djibo on the 31st of July 2020.", "the 31st of July 2020"),
        ("Gunmen attacked Djibo on Friday, July 31, 2020.", "Friday, July 31, 2020"),
        ("The report is dated 2020-07-31.", "2020-07-31"),
    ],
)
def test_full_dates(text, expected):
    m = one(text)
    assert m.text == expected
    assert (m.start_date, m.end_date, m.precision) == ("2020-07-31", "2020-07-31", 1)
    assert not m.year_inferred and not m.relative
    assert m.confidence == 1.0
    assert text[m.start : m.end] == m.text


def test_abbreviated_month():
    m = one("Soldiers patrol in Dori on Feb. 3, 2020 at a camp.")
    assert m.text == "Feb. 3, 2020" and m.start_date == "2020-02-03"


@pytest.mark.parametrize("text", ["It happened on 3 February.", "It happened on Feb. 3.", "It happened on February 3rd."])
def test_day_without_year_takes_publication_year(text):
    m = one(text)
    assert m.start_date == "2020-02-03" and m.precision == 1
    assert m.year_inferred and not m.relative


def test_year_boundary():
    m = one("The attack on Dec. 30 killed five.", pub="2020-01-05")
    assert m.start_date == "2019-12-30" and m.year_inferred


def test_day_after_publication_goes_to_previous_year():
    assert one("on 6 January", pub="2020-01-05").start_date == "2019-01-06"
    assert one("on 5 January", pub="2020-01-05").start_date == "2020-01-05"


def test_month_with_and_without_year():
    m = one("Fighting broke out in March 2019.")
    assert (m.text, m.start_date, m.end_date, m.precision) == ("March 2019", "2019-03-01", "2019-03-31", 3)
    assert not m.year_inferred
    m = one("French soldiers conduct an operation in Ndaki, Mali, in July.")
    assert (m.text, m.start_date, m.end_date, m.precision) == ("July", "2019-07-01", "2019-07-31", 3)
    assert m.year_inferred


def test_current_month_is_cut_at_publication():
    m = one("Attacks rose in February.")
    assert (m.start_date, m.end_date) == ("2020-02-01", "2020-02-22")


def test_last_month_name():
    m = one("The militants have changed tactics since last July.", pub="2020-02-15")
    assert m.text == "since last July"
    assert (m.start_date, m.end_date, m.precision) == ("2019-07-01", "2020-02-15", 3)
    m = one("They struck last July.", pub="2020-02-15")
    assert (m.start_date, m.end_date) == ("2019-07-01", "2019-07-31") and m.relative


def test_last_month_name_in_same_month_means_previous_year():
    assert one("They struck last July.", pub="2020-07-20").start_date == "2019-07-01"


def test_since_month():
    m = one("Mali has lost more than 100 soldiers in routine clashes since October.")
    assert m.text == "since October"
    assert (m.start_date, m.end_date, m.precision) == ("2019-10-01", "2020-02-22", 3)
    assert m.relative


@pytest.mark.parametrize(
    "text, span, start, end",
    [
        ("It's a departure from 2012, when al-Qaeda moved in.", "2012", "2012-01-01", "2012-12-31"),
        ("Violence spread in 2012.", "2012", "2012-01-01", "2012-12-31"),
        ("The group formed in late 2019.", "late 2019", "2019-09-01", "2019-12-31"),
        ("The group formed in mid-2019.", "mid-2019", "2019-05-01", "2019-08-31"),
        ("Attacks grew between 2012 and 2015.", "between 2012 and 2015", "2012-01-01", "2015-12-31"),
    ],
)
def test_years(text, span, start, end):
    m = one(text)
    assert (m.text, m.start_date, m.end_date, m.precision) == (span, start, end, 3)
    assert not m.year_inferred


def test_since_year_runs_to_publication():
    m = one("The army has fought there since 2012.")
    assert (m.text, m.start_date, m.end_date, m.precision) == ("since 2012", "2012-01-01", "2020-02-22", 3)


def test_parts_of_month():
    m = one("Clashes took place in mid-January.")
    assert (m.text, m.start_date, m.end_date, m.precision) == ("mid-January", "2020-01-11", "2020-01-20", 2)
    m = one("Clashes took place in early March 2019.")
    assert (m.start_date, m.end_date, m.precision) == ("2019-03-01", "2019-03-10", 2)
    m = one("Clashes took place at the end of June 2019.")
    assert (m.start_date, m.end_date) == ("2019-06-21", "2019-06-30")


def test_day_range():
    m = one("Fighting raged between 3 and 5 July 2019 near Gao.")
    assert m.text == "between 3 and 5 July 2019"
    assert (m.start_date, m.end_date, m.precision) == ("2019-07-03", "2019-07-05", 2)
    m = one("Fighting raged from 1 to 20 July 2019.")
    assert m.precision == 3
    m = one("Fighting raged between 30 June and 2 July 2019.")
    assert (m.start_date, m.end_date) == ("2019-06-30", "2019-07-02")


def test_night_of():
    m = one("During the night of 4 to 5 June 2019, gunmen attacked Sobane.")
    assert m.text == "the night of 4 to 5 June 2019"
    assert (m.start_date, m.end_date, m.precision) == ("2019-06-04", "2019-06-05", 1)


def test_lowercase_may_and_march_are_not_months():
    assert dates("The militants may march on the town.") == []


def test_counts_are_not_years():
    assert dates("Over 1900 people fled; 2,012 soldiers stayed.") == []


# -- relative ---------------------------------------------------------------
# 2020-02-22 is a Saturday.


@pytest.mark.parametrize(
    "text, span, start, end, precision",
    [
        ("Gunmen attacked the post yesterday.", "yesterday", "2020-02-21", "2020-02-21", 1),
        ("Gunmen attacked the post on Monday.", "Monday", "2020-02-17", "2020-02-17", 1),
        ("Gunmen attacked the post last Tuesday.", "last Tuesday", "2020-02-18", "2020-02-18", 1),
        ("Gunmen attacked the post on Sunday night.", "Sunday night", "2020-02-16", "2020-02-16", 1),
        ("Gunmen attacked the post last week.", "last week", "2020-02-10", "2020-02-16", 2),
        ("Gunmen attacked the post this week.", "this week", "2020-02-17", "2020-02-22", 2),
        ("Gunmen attacked the post earlier this month.", "earlier this month", "2020-02-01", "2020-02-22", 3),
        ("Gunmen attacked the post last month.", "last month", "2020-01-01", "2020-01-31", 3),
        ("Gunmen attacked the post last year.", "last year", "2019-01-01", "2019-12-31", 3),
        ("Gunmen attacked the post two days ago.", "two days ago", "2020-02-20", "2020-02-20", 1),
        ("Gunmen attacked the post overnight.", "overnight", "2020-02-21", "2020-02-22", 1),
    ],
)
def test_relative(text, span, start, end, precision):
    m = one(text)
    assert (m.text, m.start_date, m.end_date, m.precision) == (span, start, end, precision)
    assert m.relative and not m.year_inferred


def test_weekday_is_most_recent_not_after_publication():
    # Published on a Saturday: "Saturday" is that day, "last Saturday" the week before.
    assert one("on Saturday").start_date == "2020-02-22"
    assert one("last Saturday").start_date == "2020-02-15"


def test_over_the_weekend():
    m = one("Gunmen attacked the post over the weekend.", pub="2020-02-24")  # a Monday
    assert (m.start_date, m.end_date, m.precision) == ("2020-02-22", "2020-02-23", 2)


def test_late_last_year_seed_sentence():
    text = "American agencies watched late last year as al-Qaeda and Islamic State affiliates launched a campaign."
    m = one(text)
    assert m.text == "late last year"
    assert (m.start_date, m.end_date, m.precision) == ("2019-09-01", "2019-12-31", 3)
    assert m.relative


def test_vague_expressions_have_low_confidence():
    recent = one("The militants have wielded sophisticated tactics in recent months.")
    assert recent.precision == 3 and recent.end_date == "2020-02-22" and recent.confidence <= 0.4
    lately = one("Al-Qaeda leaders were recently outraged.")
    assert lately.precision == 3 and lately.confidence <= recent.confidence
    assert one("on 31 July 2020").confidence > one("last week").confidence > recent.confidence


# -- publication date unknown or inferred -----------------------------------


def test_unknown_publication_date():
    found = dates("On 31 July 2020 and yesterday, and last week, in July, since 2012.", pub=None)
    by_text = {m.text: m for m in found}
    full = by_text["31 July 2020"]
    assert full.start_date == "2020-07-31" and full.confidence == 1.0
    for key, precision in (("yesterday", 1), ("last week", 2), ("July", 3)):
        m = by_text[key]
        assert m.start_date is None and m.end_date is None
        assert m.precision == precision and m.confidence < 0.5
    since = by_text["since 2012"]
    assert since.start_date == "2012-01-01" and since.end_date is None


def test_inferred_publication_year_is_inherited():
    m = one("Gunmen attacked the post yesterday.", year_inferred=True)
    assert m.year_inferred and m.start_date == "2020-02-21"
    plain = one("Gunmen attacked the post yesterday.")
    assert m.confidence < plain.confidence
    assert not one("on 31 July 2020", year_inferred=True).year_inferred


# -- order, sentences, the seed article ---------------------------------------


def test_text_order_and_sentence_index():
    text = "First line with nothing.\nThey attacked on 3 February.\nThen yesterday again, last week too."
    found = dates(text)
    assert [m.text for m in found] == ["3 February", "yesterday", "last week"]
    assert [m.sentence for m in found] == [1, 2, 2]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_seed_article():
    text = SEED.read_text(encoding="utf-8")
    found = dates(text, year_inferred=True)
    texts = [m.text for m in found]
    for expected in ("since October", "late last year", "since last July", "Feb. 3", "Feb. 22", "2012"):
        assert expected in texts
    assert [m.start for m in found] == sorted(m.start for m in found)
    feb3 = next(m for m in found if m.text == "Feb. 3")
    assert feb3.start_date == "2020-02-03" and feb3.year_inferred


def test_malformed_knowledge_is_reported():
    with pytest.raises(KnowledgeError):
        DateGrammar({"version": 1, "months": {}}, "broken.yaml")
    with pytest.raises(KnowledgeError, match="quote"):
        DateGrammar({"version": 1, "context_words": ["in", True]}, "bool.yaml")


def test_numeric_day_first_dates():
    from conflictwatch.nlp.sentences import split_sentences

    t = "The strike ran from 21/09/2018 to 24/09/2018; a march followed on 27.09.2018; 32/14/2018 is no date."
    got = [(d.text, d.start_date, d.precision) for d in find_dates(t, split_sentences(t), None)]
    assert got == [("21/09/2018", "2018-09-21", 1), ("24/09/2018", "2018-09-24", 1), ("27.09.2018", "2018-09-27", 1)]


def test_numeric_date_at_the_end_of_a_sentence():
    from conflictwatch.nlp.sentences import split_sentences

    t = "Date of incident: 12/03/2023. Impact: 35 civilians killed."
    assert [(d.text, d.start_date) for d in find_dates(t, split_sentences(t), None)] == [("12/03/2023", "2023-03-12")]



def test_french_night_between_two_weekday_dates_is_both_days():
    # "dans la nuit du samedi 8 au dimanche 9 octobre": the night spans the two days (it was dated the
    # second day only); also across a month end
    text = "C'est dans la nuit du samedi 8 octobre au dimanche 9 octobre que le poste a été attaqué."
    found = find_dates(text, sents(text), PublicationDate(value="2022-10-11"), lang="fr")
    assert [(m.start_date, m.end_date) for m in found] == [("2022-10-08", "2022-10-09")]
    text = "Dans la nuit du vendredi 30 septembre au samedi 1er octobre, des hommes armés ont attaqué le village."
    found = find_dates(text, sents(text), PublicationDate(value="2022-10-03"), lang="fr")
    assert [(m.start_date, m.end_date) for m in found] == [("2022-09-30", "2022-10-01")]


def test_dotted_short_weekday_counts_but_the_bare_word_does_not():
    m = one("An attack was reported in the north on Sat. by local sources.", "2022-10-11")
    assert m.start_date == "2022-10-08"
    assert dates("The guard sat at the gate all night.", "2022-10-11") == []
    assert dates("The Sun reported the story.", "2022-10-11") == []
