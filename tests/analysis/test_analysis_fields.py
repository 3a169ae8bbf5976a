"""Analyses read only ``ANALYSIS_FIELDS``: the same answers from events that carry only those fields.

The command line and the watcher stream events with ``store.iter_events(fields=ANALYSIS_FIELDS)``: an analysis
that read another field would silently see its default there.  Every event below sets every field to a
non-default value, so such a read changes an answer and fails here.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from conflictwatch.analysis import (
    ANALYSIS_FIELDS,
    InfluenceConfig,
    IsolationConfig,
    Town,
    compute_influence,
    evaluate_alerts,
    evidence_from_events,
    load_alert_config,
    relation_timelines,
    to_points,
    town_isolation,
    towns_from_events,
    weekly_series_from_events,
)
from conflictwatch.analysis.alerts import _event_summary  # what the Atom sink shows of an evidence event
from conflictwatch.analysis.index import conflict_index
from conflictwatch.records import Event, Evidence
from conflictwatch.store.rows import REQUIRED_EVENT_COLUMNS

from ._events import CIVILIANS, ISGS, JNIM, MALI_ARMY, ev


def _full_events() -> list[Event]:
    out = []
    for i in range(40):
        day = date.fromordinal(date(2019, 1, 1).toordinal() + 9 * i).isoformat()
        common = dict(assoc_actor_1="Katiba Macina" if i % 2 else "", source=f"Outlet {i % 3}", region="Western Africa",
                      admin3="Commune X", iso=466, interaction=12, civilian_targeting="", tags="crowd size=no report",
                      timestamp=1_600_000_000 + i, source_scale="National", fatalities_low=0, fatalities_high=9,
                      date_end=day, confidence={"actor1": 0.5}, extractor="test.v1", year_inferred=True,
                      evidence=(Evidence(field="actor1", doc_id="d" * 64, start=0, end=4, text="JNIM",
                                             sentence="JNIM attacked."),),
                      network1="al-Qaeda", location=f"Place {i % 5}", notes="the road to Testville was blocked")
        out.append(ev(day, 14.0 + 0.02 * (i % 7), -1.0 + 0.03 * (i % 5), JNIM, 2, actor2=MALI_ARMY, inter2=1,
                      fatalities=i % 4, admin1="Mopti" if i % 3 else "Segou", id=f"FLD{i}A",
                      admin2="Bandiagara" if i >= 30 else "Douentza", **common))
        out.append(ev(day, 14.1, -1.1, ISGS, 2, actor2=CIVILIANS, inter2=7, event_type="Violence against civilians",
                      sub_event_type="Attack", fatalities=1 + i % 2, admin1="Menaka", id=f"FLD{i}B",
                      country="Republic of Mali",  # a name the area table lacks: the index needs the iso code
                      **{**common, "network1": "Islamic State", "civilian_targeting": "Civilian targeting"}))
    out.append(ev("2019-06-01", 14.0, -1.0, JNIM, 2, actor2=ISGS, inter2=2, id="FLDC"))
    return [e.replace(geo_precision=3) if i % 10 == 0 else e for i, e in enumerate(out)]  # some only at a region


def _bare(events: list[Event]) -> list[Event]:
    keep = set(ANALYSIS_FIELDS) | set(REQUIRED_EVENT_COLUMNS)
    return [Event(**{f.name: getattr(e, f.name) for f in dataclasses.fields(e) if f.name in keep}) for e in events]


def test_every_field_left_out_is_set_so_a_stray_read_would_show():
    for event in _full_events()[:-1]:
        defaults = Event(**{n: getattr(event, n) for n in REQUIRED_EVENT_COLUMNS})
        left_out = [f.name for f in dataclasses.fields(event) if f.name not in ANALYSIS_FIELDS + REQUIRED_EVENT_COLUMNS]
        assert left_out and all(getattr(event, n) != getattr(defaults, n) for n in left_out)


def test_analyses_give_the_same_answers_on_analysis_fields_only(resolver):
    full, bare = _full_events(), _bare(_full_events())
    assert bare != full

    def influence(events):
        return [m.to_dict() for m in compute_influence(events, resolver, InfluenceConfig())]

    def relations(events):
        return [r.to_dict() for r in relation_timelines(events, resolver, [(JNIM, ISGS)])]

    def trends(events):
        return {k: (s.weeks, s.events, s.fatalities) for k, s in weekly_series_from_events(events, "admin2").items()}

    def isolation(events):
        towns = [Town("Testville", 14.05, -0.95), *towns_from_events(events)]
        return [t.to_dict() for t in town_isolation(events, towns, IsolationConfig(radius_km=60))]

    def index(events):
        return [i.to_dict() for level in ("country", "admin1") for i in conflict_index(events, resolver, level=level)]

    def alerts(events):
        found = evaluate_alerts(to_points(events), load_alert_config().rules, since=date(2019, 1, 1))
        lookup = evidence_from_events(lambda a, b: [e for e in events if a.isoformat() <= e.event_date <= b.isoformat()])
        return [a.to_dict() for a in found], {k: _event_summary(v) for k, v in lookup(found).items()}

    for analysis in (influence, relations, trends, isolation, index, alerts):
        assert analysis(bare) == analysis(full), analysis.__name__
    assert influence(full)[0]["cells"]  # the analyses found something to compare
    assert alerts(full)[0] and alerts(full)[1]


def test_influence_from_rows_in_any_order_matches_compute_influence(resolver):
    import random

    from conflictwatch.analysis.influence import INFLUENCE_FIELDS, influence_from_rows

    events = _full_events()
    expected = [m.to_dict() for m in compute_influence(events, resolver, InfluenceConfig(period="quarter"))]
    rows = [tuple(getattr(e, n) for n in INFLUENCE_FIELDS) for e in events]
    random.Random(3).shuffle(rows)  # the store streams rows unsorted
    got = [m.to_dict() for m in influence_from_rows(iter(rows), resolver, InfluenceConfig(period="quarter"))]
    assert got == expected and any(m["cells"] for m in got)
