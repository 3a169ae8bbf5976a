"""The events builder on short reports written by the team (one incident each), through the full pipeline."""

from __future__ import annotations

import pytest

from conflictwatch.records import Document, PublicationDate
from conflictwatch.workflow import default_pipeline

PUB = PublicationDate(value="2019-06-05", precision=1, confidence=0.9, basis="test")


def extract(text: str):
    doc = Document(id="t" + str(abs(hash(text))), uri="test", text=text, published=PUB, language="en")
    return default_pipeline()(doc)


# text, event_type, sub_event_type, actor1 prefix, actor2 prefix, fatalities, location, country, event_date
CASES = [
    ("Suspected JNIM militants attacked an army post in Boulkessi, Mali, on 1 June 2019, killing 12 soldiers.",
     "Battles", "Armed clash", "JNIM", "Military Forces of Mali", 12, "Boulkessi", "Mali", "2019-06-01"),
    ("Gunmen killed five villagers in Ogossagou, Mali, on Monday.",
     "Violence against civilians", "Attack", "Unidentified Armed Group (Mali)", "Civilians (Mali)", 5, "Ogossagou", "Mali", "2019-06-03"),
    ("Unidentified gunmen abducted a village chief in Ayorou, Niger, on Tuesday night.",
     "Violence against civilians", "Abduction/forced disappearance", "Unidentified Armed Group (Niger)", "Civilians (Niger)", 0,
     "Ayorou", "Niger", "2019-06-04"),
    ("A roadside bomb struck a military convoy near Gao, Mali, on Sunday, killing two soldiers.",
     "Explosions/Remote violence", "Remote explosive/landmine/IED", "Unidentified Armed Group (Mali)", "Military Forces of Mali",
     2, "Gao", "Mali", "2019-06-02"),
    ("Police fired tear gas to disperse hundreds of students protesting in Niamey, Niger, on Monday.",
     "Protests", "Protest with intervention", "Protesters (Niger)", "Police Forces of Niger", 0, "Niamey", "Niger", "2019-06-03"),
    ("Traders protested peacefully in Bamako, Mali, on Tuesday against a new tax.",
     "Protests", "Peaceful protest", "Protesters (Mali)", "", 0, "Bamako", "Mali", "2019-06-04"),
    ("Burkinabe soldiers arrested 20 suspected jihadists in Djibo, Burkina Faso, on Saturday.",
     "Strategic developments", "Arrests", "Military Forces of Burkina Faso", "Unidentified Armed Group (Burkina Faso)", 0, "Djibo", "Burkina Faso", "2019-06-01"),
    ("French air strikes killed about 30 militants of the Islamic State in the Greater Sahara near Menaka, Mali, on Friday.",
     "Explosions/Remote violence", "Air/drone strike", "Military Forces of France", "Islamic State (Greater Sahara)", 30,
     "Ménaka", "Mali", "2019-05-31"),
    ("Militants of the Islamic State in the Greater Sahara seized control of the town of Inates, Niger, on Sunday after a battle with soldiers.",
     "Battles", "Non-state actor overtakes territory", "Islamic State (Greater Sahara)", "Military Forces of Niger", 0, "Inates", "Niger", "2019-06-02"),
    ("Malian soldiers retook control of the town of Dioura, Mali, on Thursday.",
     "Battles", "Government regains territory", "Military Forces of Mali", "", 0, "Dioura", "Mali", "2019-05-30"),
    ("A suicide bomber blew himself up at a military camp in Timbuktu, Mali, on Sunday, killing three soldiers.",
     "Explosions/Remote violence", "Suicide bomb", "Unidentified Armed Group (Mali)", "Military Forces of Mali", 3, "Timbuktu", "Mali",
     "2019-06-02"),
    ("Gunmen looted and burned shops in Arbinda, Burkina Faso, on Wednesday.",
     "Strategic developments", "Looting/property destruction", "Unidentified Armed Group (Burkina Faso)", "", 0, "Aribinda",
     "Burkina Faso", "2019-06-05"),  # published on a Wednesday: "on Wednesday" is that day
]


@pytest.mark.parametrize("case", CASES, ids=[c[2] + ":" + c[6] for c in CASES])
def test_case(case):
    text, etype, sub, a1, a2, fat, loc, country, date = case
    a = extract(text)
    assert len(a.events) == 1, [(e.sub_event_type, e.location) for e in a.events]
    e = a.events[0]
    assert (e.event_type, e.sub_event_type) == (etype, sub)
    assert e.actor1.startswith(a1), e.actor1
    assert (e.actor2 == "") if a2 == "" else e.actor2.startswith(a2), e.actor2
    assert e.fatalities == fat
    assert (e.location, e.country) == (loc, country)
    assert e.event_date == date
    assert e.disorder_type and e.interaction is not None
    assert {ev.field for ev in e.evidence} >= {"event_type", "location"}


def test_follow_up_sentence_adds_the_toll():
    a = extract("Militants attacked a gendarmerie post in Koutougou, Burkina Faso, on Monday. Five gendarmes were killed.")
    assert len(a.events) == 1 and a.events[0].fatalities == 5
    assert [ev.field for ev in a.events[0].evidence].count("fatalities") == 1


def test_planned_and_habitual_mentions_are_not_events():
    a = extract("Leaders meet near Gao, Mali, to plan ambushes. Soldiers face attacks every week, an officer said.")
    assert a.events == ()


def test_fatality_ranges_keep_low_and_high():
    a = extract("Between 10 and 15 civilians were killed when gunmen attacked the village of Sobane Da, Mali, on Sunday.")
    (e,) = a.events
    assert (e.fatalities, e.fatalities_low, e.fatalities_high) == (10, 10, 15)
    assert e.event_type == "Violence against civilians" and e.location == "Sobane Da"


def test_place_names_inside_actor_names_are_not_places():
    a = extract("Boko Haram fighters killed three fishermen in Diffa, Niger, on Friday.")
    (e,) = a.events
    assert e.location == "Diffa" and e.country == "Niger"
    assert e.actor1.startswith("Boko Haram") or "Islamic State" in e.actor1


def test_passive_property_destruction():
    a = extract("Several vehicles were set on fire by bandits in Niafunké, Mali, on Saturday.")
    (e,) = a.events
    assert e.sub_event_type == "Looting/property destruction"
