from __future__ import annotations

import numpy as np
import pytest

from conflictwatch.analysis import RelationConfig, active_groups, knox_test, relation_timeline

from ._events import ISGS, JNIM, MALI_ARMY, ev

CFG = RelationConfig(distance_km=20, days=5, permutations=199, seed=1)


def test_knox_counts_close_pairs_and_permutes():
    # A and B strike the same 4 places on the same days; 4 more of B's far away in space and time
    lat = np.array([14.0, 14.5, 15.0, 15.5])
    lon = np.array([-3.0, -2.0, -1.0, 0.0])
    t = np.array([100, 200, 300, 400])
    b_lat = np.concatenate([lat, lat + 3])
    b_lon = np.concatenate([lon, lon])
    b_t = np.concatenate([t + 1, t + 50])
    res = knox_test((lat, lon, t), (b_lat, b_lon, b_t), distance_km=20, days=5, permutations=499, seed=3)
    assert res.observed == 4 and res.n_a == 4 and res.n_b == 8
    assert res.p_value is not None and res.p_value < 0.05
    assert res.expected < 2
    assert sorted(res.close_pairs) == [(0, 0), (1, 1), (2, 2), (3, 3)]
    empty = knox_test((lat, lon, t), ([], [], []), distance_km=20, days=5)
    assert empty.p_value is None and empty.observed == 0


def _attacks_on_the_army(actor, dates, places, inter=2):
    return [ev(d, *p, actor, inter, actor2=MALI_ARMY, inter2=1) for d, p in zip(dates, places)]


PLACES = [(14.0, -3.0), (14.6, -2.0), (15.1, -1.0), (15.6, 0.0), (13.5, -4.0), (16.0, 1.0)]


def test_coordinating_when_both_hit_the_same_targets_together(resolver):
    dates_a = ["2018-01-10", "2018-03-10", "2018-05-10", "2018-07-10", "2018-09-10", "2018-11-10"]
    dates_b = ["2018-01-12", "2018-03-11", "2018-05-13", "2018-07-09", "2018-09-12", "2018-11-11"]
    events = _attacks_on_the_army(JNIM, dates_a, PLACES) + _attacks_on_the_army(ISGS, dates_b, PLACES)
    rel = relation_timeline(events, resolver, "JNIM", "ISGS", CFG)
    (p,) = rel.periods
    assert p.relation == "coordinating", p.reason
    assert p.n_joint_attacks == 6 and p.knox.observed == 6 and p.knox.p_value < 0.05
    assert all(t[2] == "military:ML" for t in p.joint_attacks)
    assert rel.a.startswith("JNIM") and rel.b == ISGS


def test_fighting_when_they_clash_and_coexisting_apart(resolver):
    apart_a = _attacks_on_the_army(JNIM, ["2017-02-01", "2017-06-01", "2017-09-01"], PLACES[:3])
    apart_b = _attacks_on_the_army(ISGS, ["2017-04-01", "2017-08-01", "2017-11-01"],
                                   [(p[0] + 2, p[1] + 3) for p in PLACES[:3]])
    clash = ev("2019-07-15", 14.9, -1.2, JNIM, actor2=ISGS, inter2=2, id="CLASH1")
    rel = relation_timeline(apart_a + apart_b + [clash], resolver, "jnim", "isgs", CFG)
    by = {p.period: p for p in rel.periods}
    assert by["2017"].relation == "coexisting" and by["2017"].knox.observed == 0
    assert by["2017"].knox.p_value == pytest.approx(1.0)
    assert by["2019"].relation == "fighting" and by["2019"].clashes == ("CLASH1",)


def test_joint_operations_and_inactive(resolver):
    joint = [ev(f"2018-0{m}-01", 15.0, 1.0, JNIM, assoc_actor_1=ISGS, actor2=MALI_ARMY, inter2=1) for m in (1, 2)]
    only_a = _attacks_on_the_army(JNIM, ["2016-05-05"], PLACES[:1])
    rel = relation_timeline(joint + only_a, resolver, JNIM, ISGS, CFG)
    by = {p.period: p for p in rel.periods}
    assert by["2018"].relation == "coordinating" and len(by["2018"].joint_operations) == 2
    assert by["2016"].relation == "inactive"


def test_active_groups_skips_unidentified_and_state(resolver):
    events = _attacks_on_the_army(JNIM, ["2018-01-01"] * 3, PLACES[:3]) + \
        _attacks_on_the_army(ISGS, ["2018-01-01"] * 2, PLACES[:2]) + \
        [ev("2018-01-01", 14, -3, "Unidentified Armed Group (Mali)", 3)] * 5 + \
        [ev("2018-01-01", 14, -3, MALI_ARMY, 1)] * 5
    assert [k for k, _ in active_groups(events, resolver)] == ["jnim", "isgs"]
