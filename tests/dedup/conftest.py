"""Hand-built events and documents for the dedup tests (no ACLED rows; invented incidents)."""

from __future__ import annotations

import itertools

import pytest

from conflictwatch.records import Document, Event, Evidence, Extraction, PublicationDate, content_id
from conflictwatch.store import Store

PLACES = {  # name: (lat, lon, admin1, country)
    "Djibo": (14.10, -1.63, "Sahel", "Burkina Faso"),
    "Aribinda": (14.23, -0.87, "Sahel", "Burkina Faso"),
    "Kaya": (13.09, -1.08, "Centre-Nord", "Burkina Faso"),
    "Pissila": (13.16, -0.82, "Centre-Nord", "Burkina Faso"),
    "Dori": (14.03, -0.03, "Sahel", "Burkina Faso"),
}
ACTORS = {  # name: (inter, network)
    "JNIM: Group for Support of Islam and Muslims": (2, "al-Qaeda"),
    "Katiba Macina": (2, "al-Qaeda"),
    "Islamic State (Greater Sahara)": (2, "Islamic State"),
    "Unidentified Armed Group (Burkina Faso)": (3, "other"),
    "Military Forces of Burkina Faso (2015-2022)": (1, "state"),
    "Civilians (Burkina Faso)": (7, "other"),
}
_counter = itertools.count()


def make_event(
    doc_id: str,
    *,
    date: str = "2022-03-07",
    precision: int = 1,
    place: str = "Djibo",
    geo_precision: int = 1,
    event_type: str = "Battles",
    sub: str = "Armed clash",
    actor1: str = "JNIM: Group for Support of Islam and Muslims",
    actor2: str = "Military Forces of Burkina Faso (2015-2022)",
    fatalities: int = 0,
    low: int | None = None,
    high: int | None = None,
    date_end: str | None = None,
    seq: int | None = None,
) -> Event:
    lat, lon, admin1, country = PLACES[place]
    n = next(_counter) if seq is None else seq
    i1, n1 = ACTORS.get(actor1, (None, "other"))
    i2, n2 = ACTORS.get(actor2, (None, "other")) if actor2 else (None, "")
    sentence = f"{actor1} fought {actor2} in {place}."
    return Event(
        event_id_cnty=f"BFACW{doc_id[:6]}{n:04d}",
        doc_id=doc_id,
        event_date=date,
        year=int(date[:4]),
        time_precision=precision,
        disorder_type="Political violence",
        event_type=event_type,
        sub_event_type=sub,
        actor1=actor1,
        inter1=i1,
        actor2=actor2,
        inter2=i2,
        country=country,
        admin1=admin1,
        location=place,
        latitude=lat,
        longitude=lon,
        geo_precision=geo_precision,
        fatalities=fatalities,
        fatalities_low=low if low is not None else (fatalities or None),
        fatalities_high=high if high is not None else (fatalities or None),
        date_end=date_end or date,
        network1=n1,
        network2=n2,
        evidence=(Evidence("location", doc_id, 0, len(place), place, sentence),),
        extractor="test",
    )


def make_doc(text: str, published: str = "2022-03-08") -> Document:
    doc_id = content_id(text.encode())
    return Document(id=doc_id, uri=f"test:{doc_id[:8]}", text=text, published=PublicationDate(value=published, precision=1))


def save(store: Store, doc: Document, *events_kwargs: dict) -> list[Event]:
    """Save ``doc`` with one event per kwargs dict (as the pipeline would) and return the events."""
    events = [make_event(doc.id, seq=i, **kw) for i, kw in enumerate(events_kwargs)]
    store.save_extraction(Extraction(document=doc, events=tuple(events)), "test-extractor")
    return events


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "dedup.db") as s:
        yield s
