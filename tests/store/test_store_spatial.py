"""Bounding-box filters: PostGIS where installed, plain latitude/longitude ranges elsewhere; same rows."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from conflictwatch.store import schema as _s
from conflictwatch.store.spatial import bbox_filter, check_bbox
from tests.store.conftest import make_event, make_extraction, make_raw

POINTS = {1: (15.04, -1.85), 2: (14.10, -1.63), 3: (13.51, 2.11), 4: (-17.5, 178.9), 5: (-17.6, -179.5), 6: (None, None)}


def _fill(store) -> None:
    raw = make_raw()
    store.put_raw(raw)
    events = tuple(make_event(raw.id, n, latitude=lat, longitude=lon) for n, (lat, lon) in POINTS.items())
    store.save_extraction(make_extraction(raw, events=events), "conflictwatch.events.v1")


def _ns(events) -> set[int]:
    return {int(e.event_id_cnty[3:8]) for e in events}


@pytest.mark.parametrize(("bbox", "expected"), [
    ((-2.0, 14.0, -1.5, 15.5), {1, 2}),
    ((-5.0, 10.0, 5.0, 16.0), {1, 2, 3}),
    ((178.0, -18.0, -179.0, -17.0), {4, 5}),  # across the antimeridian
    ((-1.85, 15.04, -1.85, 15.04), {1}),  # edges are inclusive
    ((20.0, 0.0, 30.0, 5.0), set()),
])
def test_bbox_filter(store, bbox, expected):
    _fill(store)
    assert _ns(store.iter_events(bbox=bbox)) == expected
    assert store.count_events(bbox=bbox) == len(expected)
    assert store.count_events(bbox=bbox, country="Niger") == 0


def test_postgis_and_plain_filters_agree(store):
    _fill(store)
    e = _s.events
    for bbox in ((-2.0, 14.0, -1.5, 15.5), (178.0, -18.0, -179.0, -17.0), (-180, -90, 180, 90)):
        plain = sa.select(e.c.event_id_cnty).where(*bbox_filter(bbox, postgis=False))
        with store.engine.connect() as conn:
            want = set(conn.execute(plain).scalars())
            if store.postgis:
                spatial = sa.select(e.c.event_id_cnty).where(*bbox_filter(bbox, postgis=True))
                assert set(conn.execute(spatial).scalars()) == want
        assert {ev.event_id_cnty for ev in store.iter_events(bbox=bbox)} == want


def test_postgis_is_detected_and_indexed(store):
    if store.backend != "postgresql":
        assert store.postgis is False
        return
    with store.engine.connect() as conn:
        has_ext = conn.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first() is not None
        indexes = set(conn.execute(sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'events'")).scalars())
    assert store.postgis is has_ext
    if has_ext:
        assert "ix_events_geom" in indexes


@pytest.mark.parametrize("bad", [(1, 2, 3), (0, 10, 5, 5), (0, -91, 5, 5), (200, 0, 5, 5)])
def test_bad_bbox_is_refused(bad):
    with pytest.raises(ValueError, match="bbox"):
        check_bbox(bad)


def test_a_box_is_read_in_date_order_across_chunks(store, monkeypatch):
    """A box's events are sorted as ids first and read by id a chunk at a time: same events, same order,
    same evidence as sorting the rows themselves (the order without a box, filtered by hand)."""
    import random

    from conflictwatch.store import database

    monkeypatch.setattr(database, "_CHUNK", 7)  # several chunks of ids
    rng = random.Random(5)
    raw = make_raw()
    store.put_raw(raw)
    events = tuple(
        make_event(raw.id, n, latitude=rng.uniform(13, 15), longitude=rng.uniform(-2, 0),
                   event_date=rng.choice([None, "2022-03-01", "2022-03-02", f"2022-04-{n % 28 + 1:02d}"]))
        for n in range(1, 60))
    store.save_extraction(make_extraction(raw, events=events), "conflictwatch.events.v1")
    bbox = (-1.8, 13.2, -0.2, 14.8)
    inside = lambda ev: -1.8 <= ev.longitude <= -0.2 and 13.2 <= ev.latitude <= 14.8  # noqa: E731
    want = [ev for ev in store.iter_events() if inside(ev)]
    got = list(store.iter_events(bbox=bbox))
    assert len(want) > 14 and [e.to_dict() for e in got] == [e.to_dict() for e in want]
    assert [e.event_id_cnty for e in store.iter_events(bbox=bbox, fields=["latitude"])] == [e.event_id_cnty for e in want]
    dated = [e.event_id_cnty for e in want if e.event_date and e.event_date >= "2022-03-02"]
    assert [e.event_id_cnty for e in store.iter_events(bbox=bbox, date_from="2022-03-02")] == dated
