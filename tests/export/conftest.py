"""Hand-built events for the export tests."""

from __future__ import annotations

import pytest

from conflictwatch.records import Event, Evidence

DOC = "d" * 64
SENTENCE = "Gunmen on motorbikes attacked the village of Tamalat on Sunday, killing 17 civilians, officials said."


def _evidence(field: str, text: str) -> Evidence:
    start = SENTENCE.index(text)
    return Evidence(
        field=field,
        doc_id=DOC,
        start=100 + start,
        end=100 + start + len(text),
        text=text,
        sentence=SENTENCE,
        sentence_start=100,
    )


@pytest.fixture
def events() -> list[Event]:
    located = Event(
        event_id_cnty="NIG0001a",
        doc_id=DOC,
        event_date="2021-03-21",
        year=2021,
        time_precision=1,
        disorder_type="Political violence",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor1="Islamic State (Sahel)",
        inter1=2,
        actor2="Civilians (Niger)",
        inter2=7,
        interaction=27,
        civilian_targeting="Civilian targeting",
        iso=562,
        region="Western Africa",
        country="Niger",
        admin1="Tahoua",
        admin2="Tillia",
        location="Tamalat",
        latitude=15.7214,
        longitude=4.4017,
        geo_precision=1,
        source="Example Wire",
        source_scale="International",
        notes="On 21 March 2021, gunmen attacked Tamalat (Tillia, Tahoua), killing 17 civilians.",
        fatalities=17,
        timestamp=1616457600,
        fatalities_low=17,
        fatalities_high=20,
        date_end=None,
        network1="Islamic State",
        confidence={"actor1": 0.55, "location": 0.9, "fatalities": 0.95},
        evidence=(_evidence("location", "Tamalat"), _evidence("fatalities", "killing 17 civilians")),
        extractor="conflictwatch.events.v1",
    )
    west = located.replace(
        event_id_cnty="MLI0002b",
        event_date="2021-02-03",
        event_type="Battles",
        sub_event_type="Armed clash",
        country="Mali",
        iso=466,
        admin1="Mopti",
        location="Boni",
        latitude=15.0405,
        longitude=-1.8531,  # negative: must stay a number in the CSV
        fatalities=0,
        fatalities_low=None,
        fatalities_high=None,
        year_inferred=True,
        date_end="2021-02-05",
        actor1="-Unidentified Armed Group (Mali)",  # text starting with '-': neutralised in CSV
        notes="Clashes near Boni; « no casualties reported ».",
        confidence={},
        evidence=(),
    )
    unlocated = located.replace(
        event_id_cnty="BFA0003c",
        event_date=None,
        year=None,
        time_precision=3,
        country="Burkina Faso",
        iso=854,
        admin1="",
        admin2="",
        location="",
        latitude=None,
        longitude=None,
        geo_precision=None,
        inter2=None,
        interaction=None,
        notes="=cmd|' /C calc'!A0",
        tags="@SUM(1+1)",
        evidence=(_evidence("actor1", "Gunmen on motorbikes"),),
    )
    return [located, west, unlocated]
