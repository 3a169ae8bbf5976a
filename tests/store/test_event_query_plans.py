"""Event lists give the same answer whichever way the database is made to read them.

On SQLite a page is read through the (date, id) index when most of the table matches, through the filter's
own index otherwise, and a count over a wide bounding box scans the table (``store/event_query.py``).  Here
several hundred events with analysts' corrections are listed page by page with small and large pages and
compared with the same filter applied in Python to the reviewed values.
"""

from __future__ import annotations

import random

import pytest

from conflictwatch.store.event_query import EventFilter, count_events, event_points, query_events
from conflictwatch.store.review import Review

from .conftest import make_event, make_extraction, make_raw

N = 240


@pytest.fixture
def filled(store):
    return _fill(store)


def _fill(store):
    rng = random.Random(7)
    raw = make_raw(uri="file:///plans.txt")
    store.put_raw(raw)
    events = []
    for n in range(N):
        undated = n % 37 == 0
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        events.append(make_event(
            raw.id, n,
            event_date=None if undated else f"2021-{month:02d}-{day:02d}",
            country=rng.choice(["Mali", "Niger", "Burkina Faso"]),
            admin1=rng.choice(["Mopti", "Gao", "Sahel", "Tillaberi"]),
            latitude=round(rng.uniform(10, 20), 4), longitude=round(rng.uniform(-5, 5), 4),
            fatalities=rng.randint(0, 30),
            actor1=rng.choice(["JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali (2021-)",
                               "Unidentified Armed Group (Mali)"]),
        ))
    store.save_extraction(make_extraction(raw, events=tuple(events)), "plans.v1")
    review = Review(store)
    ids = sorted(e.event_id_cnty for e in events)
    for event_id in ids[::9]:
        review.correct(event_id, "fatalities", rng.randint(0, 30), by="t")
    for event_id in ids[3::17]:
        review.correct(event_id, "latitude", 14.5, by="t")
    for event_id in ids[5::23]:
        review.correct(event_id, "event_date", "2021-06-15", by="t")
    for event_id in ids[7::29]:
        review.reject(event_id, by="t")
    return store


def _reviewed(store):
    """Every event as analysts see it (corrections applied), with its review status."""
    page = query_events(store, EventFilter(include_rejected=True), limit=1000)
    assert page.next_cursor is None
    return [(e, (page.review.get(e.event_id_cnty, {}).get("status") or {}).get("status")) for e in page.events]


def _expected(rows, f: EventFilter):
    out = []
    for e, status in rows:
        if status == "rejected" and not f.include_rejected:
            continue
        if f.bbox is not None:
            w, s, east, n = f.bbox
            if e.latitude is None or not (s <= e.latitude <= n and w <= e.longitude <= east):
                continue
        if f.min_fatalities is not None and not (e.fatalities is not None and e.fatalities >= f.min_fatalities):
            continue
        if f.date_from and not (e.event_date and e.event_date >= f.date_from):
            continue
        if f.date_to and not (e.event_date and e.event_date <= f.date_to):
            continue
        if f.actor and f.actor.lower() not in e.actor1.lower() + "|" + e.actor2.lower():
            continue
        if f.country and e.country != f.country:
            continue
        out.append(e)
    out.sort(key=lambda e: (e.event_date or "9999-99-99", e.event_id_cnty))
    return [e.event_id_cnty for e in out]


FILTERS = [
    EventFilter(),
    EventFilter(bbox=(-5, 10, 5, 20), min_fatalities=10),  # a box holding everything: the table is scanned
    EventFilter(bbox=(-1, 14, 1, 15), min_fatalities=3),  # a small box: its index
    EventFilter(bbox=(-5, 14.4, 5, 14.6)),  # corrected latitudes only
    EventFilter(min_fatalities=25),
    EventFilter(date_from="2021-06-01", date_to="2021-06-30"),
    EventFilter(date_from="2021-11-01"),
    EventFilter(date_to="2021-01-31"),
    EventFilter(actor="jnim"),
    EventFilter(actor="zzz"),
    EventFilter(country="Niger", min_fatalities=5),
    EventFilter(bbox=(-5, 10, 5, 20), include_rejected=True),
]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: ",".join(
    f"{k}={v}" for k, v in vars(f).items() if v not in (None, False)) or "all")
@pytest.mark.parametrize("limit", [7, 500])
def test_pages_counts_and_points_match_the_filter_applied_by_hand(filled, f, limit):
    want = _expected(_reviewed(filled), f)
    got, cursor, totals = [], None, set()
    while True:
        page = query_events(filled, f, limit=limit, cursor=cursor, with_total=True)
        got += [e.event_id_cnty for e in page.events]
        totals.add(page.total)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert got == want
    assert totals == {len(want)}
    assert count_events(filled, f) == len(want)
    # every event here has coordinates; the map's points come in stored-date order (re-dated events may move)
    assert sorted(event_points(filled, f)["event_id_cnty"]) == sorted(want)


@pytest.mark.sqlite_file  # the plans are chosen on SQLite only
def test_both_reading_plans_are_exercised_on_sqlite(tmp_path, monkeypatch):
    """The cases above really take each path (walk the date index / scan for a wide box) on SQLite."""
    from conflictwatch.store import Store, event_query

    seen: dict[str, list[bool]] = {"walk": [], "wide": []}
    walk, wide = event_query._walk_date_order, event_query._wide_bbox
    monkeypatch.setattr(event_query, "_walk_date_order", lambda *a: seen["walk"].append(walk(*a)) or seen["walk"][-1])
    monkeypatch.setattr(event_query, "_wide_bbox", lambda *a: seen["wide"].append(wide(*a)) or seen["wide"][-1])
    with Store.open(tmp_path / "plans.db") as store:
        assert store.backend == "sqlite"
        filled = _fill(store)
        for f in FILTERS:
            query_events(filled, f, limit=7, with_total=True)
    assert set(seen["walk"]) == {True, False}
    assert set(seen["wide"]) == {True, False}
