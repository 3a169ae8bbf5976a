from __future__ import annotations

from datetime import date

from conflictwatch.analysis import IsolationConfig, Town, town_isolation, towns_from_events
from conflictwatch.analysis.isolation import ApproachRules

from ._events import JNIM, MALI_ARMY, ev

TOWN = Town("Testville", 14.0, -1.0)
# ~0.18 degree of latitude is ~20 km; of longitude at 14N ~19 km
NORTH = (14.18, -1.0)
EAST = (14.0, -0.72)
FAR = (15.5, -1.0)


def _ied(day, place, **kw):
    return ev(day, *place, JNIM, actor2=MALI_ARMY, inter2=1, event_type="Explosions/Remote violence",
              sub_event_type="Remote explosive/landmine/IED", **kw)


def test_sectors():
    rules = ApproachRules.default()
    assert [rules.sector(b) for b in (0, 44, 46, 90, 200, 350)] == ["N", "NE", "NE", "E", "S", "N"]


def test_cut_approaches_and_weekly_index():
    events = [
        _ied("2019-03-05", NORTH, id="IED-N"),
        ev("2019-03-06", *EAST, JNIM, actor2=MALI_ARMY, inter2=1, notes="Militants ambushed a supply convoy.",
           id="CONVOY-E"),
        ev("2019-03-06", *EAST, JNIM, actor2=MALI_ARMY, inter2=1, notes="Militants attacked an army camp."),
        _ied("2019-03-07", FAR),  # outside the radius
        ev("2019-05-20", 14.0, -1.0, MALI_ARMY, 1, notes="A patrol passed through."),  # extends the weeks
    ]
    (res,) = town_isolation(events, [TOWN], IsolationConfig(radius_km=60, cut_days=14))
    assert res.approach_events == 2 and res.by_sector == {"N": 1, "E": 1}
    weeks = {w.week: w for w in res.weeks}
    assert weeks["2019-03-04"].cut == ("N", "E") and weeks["2019-03-04"].index == 2 / 8
    assert weeks["2019-03-11"].index == 2 / 8  # still within 14 days
    assert weeks["2019-03-25"].index == 0.0  # reopened
    assert res.max_index == 0.25 and res.weeks[-1].week == "2019-05-20"
    assert res.cut_approaches == ()
    (later,) = town_isolation(events, [TOWN], IsolationConfig(cut_days=14), date_to=date(2019, 3, 10))
    assert [(c.sector, c.event_ids) for c in later.cut_approaches] == [("N", ("IED-N",)), ("E", ("CONVOY-E",))]


def test_towns_from_events():
    events = [ev("2019-01-01", 14.0, -1.0, location="Alpha") for _ in range(3)] + \
        [ev("2019-01-01", 15.0, -2.0, location="Beta")]
    towns = towns_from_events(events, top=1)
    assert towns == [Town("Alpha", 14.0, -1.0)]
