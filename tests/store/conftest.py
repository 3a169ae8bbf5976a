"""Fixtures for the store tests: a fresh database per test (SQLite file; PostgreSQL too when
CONFLICTWATCH_TEST_PG_URL is set) and builders for hand-written records."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from conflictwatch.records import (
    Document,
    Event,
    Evidence,
    Extraction,
    Fact,
    PublicationDate,
    RawDocument,
    content_id,
)
from conflictwatch.store import schema

PG_URL = os.environ.get("CONFLICTWATCH_TEST_PG_URL")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_file: the test is about SQLite files themselves (see pg_everywhere)")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _wipe_pg(url: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            for name in ("cw_test_extra",):
                conn.execute(sa.text(f"DROP TABLE IF EXISTS {name}"))
            schema.metadata.drop_all(conn)
    finally:
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """URL of an empty database; the same on every call within one test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cw.db'}"
        return
    assert PG_URL is not None
    _wipe_pg(PG_URL)
    yield PG_URL
    _wipe_pg(PG_URL)


@pytest.fixture
def store(db_url: str):
    from conflictwatch.store import Store

    with Store.open(db_url) as opened:
        yield opened


TEXT = (
    "BAMAKO, Mali — Suspected jihadists killed 12 soldiers on Tuesday in an attack on an army post "
    "near Boni, in the Mopti region, the army said. Le même jour, des hommes armés ont enlevé "
    "trois civils à Ménaka."
)


def make_raw(body: str = TEXT, uri: str = "file:///news/boni.txt") -> RawDocument:
    raw = body.encode("utf-8")
    return RawDocument(id=content_id(raw), uri=uri, raw=raw, media_type="text/plain", title="Attack near Boni")


@pytest.fixture
def raw_doc() -> Callable[..., RawDocument]:
    return make_raw


def make_event(doc_id: str, n: int = 1, **changes: Any) -> Event:
    ev1 = Evidence(
        field="actor1",
        doc_id=doc_id,
        start=15,
        end=34,
        text="Suspected jihadists",
        sentence=TEXT[15:150],
        sentence_start=15,
    )
    ev2 = Evidence(
        field="fatalities",
        doc_id=doc_id,
        start=42,
        end=53,
        text="12 soldiers",
        sentence=TEXT[15:150],
        sentence_start=15,
    )
    base = Event(
        event_id_cnty=f"MLI{n:05d}{doc_id[:6]}",
        doc_id=doc_id,
        event_date="2021-03-02",
        year=2021,
        time_precision=1,
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Unidentified Armed Group (Mali)",
        assoc_actor_1="",
        inter1=3,
        actor2="Military Forces of Mali (2021-)",
        inter2=1,
        interaction=13,
        iso=466,
        region="Western Africa",
        country="Mali",
        admin1="Mopti",
        admin2="Douentza",
        location="Boni",
        latitude=15.0405,
        longitude=-1.8531,
        geo_precision=2,
        source="Example Wire",
        source_scale="International",
        notes="On 2 March 2021, suspected jihadists attacked an army post near Boni (Mopti). 12 fatalities.",
        fatalities=12,
        timestamp=1614729600,
        fatalities_low=12,
        fatalities_high=15,
        year_inferred=True,
        date_end="2021-03-03",
        network1="other",
        network2="state",
        confidence={"actor1": 0.6, "location": 0.85, "event_date": 0.9},
        evidence=(ev1, ev2),
        extractor="conflictwatch.events.v1",
    )
    return base.replace(**changes) if changes else base


@pytest.fixture
def event_factory() -> Callable[..., Event]:
    return make_event


def make_extraction(
    raw: RawDocument, events: tuple[Event, ...] = (), facts: tuple[Fact, ...] = (), **doc
) -> Extraction:
    document = Document(
        id=raw.id,
        uri=raw.uri,
        text=raw.raw.decode("utf-8"),
        title=doc.get("title", "Attack near Boni"),
        publisher="Example Wire",
        language="en",
        language_confidence=0.93,
        published=PublicationDate(
            value="2021-03-03", precision=1, confidence=0.8, basis="dateline", evidence=("March 3",)
        ),
        dateline="BAMAKO, Mali",
        dateline_span=(0, 12),
        captions=((5, 9),),
        removed_lines=4,
    )
    return Extraction(document=document, events=events, facts=facts)


@pytest.fixture
def extraction_factory() -> Callable[..., Extraction]:
    return make_extraction


def make_fact(doc_id: str, n: int = 1, **changes: Any) -> Fact:
    fact = Fact(
        id=f"fact-{n}-{doc_id[:8]}",
        doc_id=doc_id,
        kind="aggregate_toll",
        summary="More than 2,000 people killed in central Mali since 2020",
        value=2000,
        unit="people",
        country="Mali",
        date_start="2020-01-01",
        date_end="2021-03-01",
        time_precision=3,
        confidence=0.7,
        evidence=(Evidence(field="value", doc_id=doc_id, start=0, end=5, text="2,000", sentence="More than 2,000."),),
        attributes={"approximate": True, "sources": ["UN"]},
    )
    return fact.replace(**changes) if changes else fact


@pytest.fixture
def fact_factory() -> Callable[..., Fact]:
    return make_fact
