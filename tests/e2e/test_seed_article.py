"""End to end on the reference article, as a new user would run it (issue 2's acceptance list)."""

from __future__ import annotations

import shutil

import pytest

from conflictwatch.records import Extraction
from conflictwatch.sources import iter_sources
from conflictwatch.workflow import bundled_examples, extract_raw

FURNITURE = ["Connect with us", "Hi, what are you looking for?", "Click to comment", "Leave a Reply",
             "You May Also Like", "Buratai", "Copyright"]


@pytest.fixture(scope="module")
def seed_with_date(tmp_path_factory, seed_article_path) -> Extraction:
    """The page plus what its collector knew (publication date), as bundled with the package."""
    (raw,) = list(iter_sources([bundled_examples() / "sahel-affiliates-newshawk.txt"]))
    assert raw.published == "2020-02-22"
    ex = extract_raw(raw)
    assert isinstance(ex, Extraction)
    return ex


@pytest.fixture(scope="module")
def seed_raw_page(tmp_path_factory, seed_article_path) -> Extraction:
    """The page alone: ../shared/seed/article.txt, no metadata."""
    d = tmp_path_factory.mktemp("seed")
    shutil.copy(seed_article_path, d / "article.txt")
    (raw,) = list(iter_sources([d / "article.txt"]))
    ex = extract_raw(raw)
    assert isinstance(ex, Extraction)
    return ex


def _evidenced(event, field):
    ev = [e for e in event.evidence if e.field == field]
    assert ev, f"no evidence for {field}"
    return ev


def test_clean_text_has_article_and_no_furniture(seed_raw_page):
    text = seed_raw_page.document.text
    assert text.startswith("NOUAKCHOTT, Mauritania — Groups linked to al-Qaeda")
    assert "Souad Mekhennet in Washington contributed to this report." in text
    for junk in FURNITURE:
        assert junk not in text


def test_evidence_spans_point_into_the_clean_text(seed_with_date):
    text = seed_with_date.document.text
    for item in list(seed_with_date.events) + list(seed_with_date.facts):
        for ev in item.evidence:
            assert text[ev.start : ev.end] == ev.text
            assert ev.sentence in text and ev.doc_id == seed_with_date.document.id


def _event_at(ex, location):
    found = [e for e in ex.events if e.location == location]
    assert len(found) == 1, f"expected one event at {location}, got {[(e.location, e.sub_event_type) for e in ex.events]}"
    return found[0]


def test_ouagadougou_campaign(seed_with_date):
    e = _event_at(seed_with_date, "Ouagadougou")
    assert e.country == "Burkina Faso" and e.geo_precision == 1
    assert e.event_date.startswith("2019-") and e.time_precision == 3  # "late last year"
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert {e.network1} == {"al-Qaeda"} and "Islamic State" in e.assoc_actor_1
    assert "seizing control of" in {x.text for x in _evidenced(e, "event_type")}
    assert _evidenced(e, "event_date")[0].text == "late last year"


def test_french_operation_in_ndaki(seed_with_date):
    e = _event_at(seed_with_date, "Ndaki")
    assert e.country == "Mali" and e.geo_precision == 3  # unknown village: placed at its unit, said so
    assert "location approximate" in e.tags
    assert e.actor1.startswith("Military Forces of France")
    assert e.event_date.startswith("2019-07") and e.time_precision == 3


def test_dori_patrol_once(seed_with_date):
    e = _event_at(seed_with_date, "Dori")  # the caption appears twice on the page: one event
    assert e.country == "Burkina Faso" and e.geo_precision == 1
    assert e.event_date == "2020-02-03" and e.time_precision == 1 and e.year_inferred
    assert e.actor1.startswith("Military Forces of Burkina Faso") and e.actor2 == ""


def test_dateline_is_not_an_event_location(seed_with_date):
    assert seed_with_date.document.dateline == "Nouakchott, Mauritania"
    assert all(e.location != "Nouakchott" and e.country != "Mauritania" for e in seed_with_date.events)


def test_mali_losses_are_an_aggregate_not_an_event(seed_with_date):
    tolls = [f for f in seed_with_date.facts if f.kind == "aggregate_toll"]
    assert len(tolls) == 1
    t = tolls[0]
    assert t.value == 100 and t.country == "Mali" and t.subject.startswith("Military Forces of Mali")
    assert t.date_start == "2019-10-01"  # since October
    assert all(e.fatalities == 0 for e in seed_with_date.events)


def test_2012_push_on_bamako_is_historical(seed_with_date):
    hist = [f for f in seed_with_date.facts if f.kind == "historical_event"]
    assert len(hist) == 1
    h = hist[0]
    assert h.place == "Bamako" and h.date_start.startswith("2012")
    assert "France" in h.subject and "Qaeda" in h.object
    assert not any(e.location == "Bamako" for e in seed_with_date.events)


def test_relations_between_the_networks(seed_with_date):
    rel = {(f.relation, f.subject.split(":")[0], f.object.split(":")[0]) for f in seed_with_date.facts if f.kind == "relation"}
    assert ("cooperation", "JNIM", "Islamic State (Greater Sahara)") in rel
    assert ("rivalry", "JNIM", "Islamic State (Greater Sahara)") in rel  # the recruitment dispute
    recruit = [f for f in seed_with_date.facts if f.kind == "relation" and f.relation == "rivalry" and "recruit" in f.summary]
    assert recruit and any(ev.field == "relation" for ev in recruit[0].evidence)


def test_troop_figures(seed_with_date):
    dep = {(f.value, f.subject.split(" (")[0], f.place) for f in seed_with_date.facts if f.kind == "deployment"}
    assert (1400, "Military Forces of the United States", "West Africa") in dep
    assert (4400, "Military Forces of the United States", "East Africa") in dep
    assert (4500, "Military Forces of France", "West Africa") in dep
    assert any(v == 13000 and "United Nations" in s and p == "Mali" for v, s, p in dep)
    assert any(v == 12000 and s == "Military Forces of Mali" for v, s, _ in dep)


def test_page_without_metadata_says_what_it_knows(seed_raw_page):
    pub = seed_raw_page.document.published
    assert pub.year_inferred and pub.confidence < 0.5
    assert pub.value.endswith("-02-22") and pub.latest.startswith("2021")
    assert "Correction (Feb. 22)" in pub.evidence
    # relative dates inherit the uncertainty and say so
    e = _event_at(seed_raw_page, "Ouagadougou")
    assert e.year_inferred and "year inferred" in e.tags and e.confidence["event_date"] <= 0.5
