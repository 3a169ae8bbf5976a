"""The one-pass (streaming) variants give the same answers as the in-memory ones."""

from __future__ import annotations

from datetime import date

from conflictwatch.analysis import RelationConfig, relation_timeline, relation_timelines
from conflictwatch.analysis.trends import to_points, weekly_series, weekly_series_from_events
from conflictwatch.records import Event

from ._events import CIVILIANS, ISGS, JNIM, MALI_ARMY, ev


def _events() -> list[Event]:
    out = []
    for i in range(30):
        day = date(2019, 1, 1).toordinal() + 5 * i
        iso = date.fromordinal(day).isoformat()
        out.append(ev(iso, 15.0 + 0.01 * i, -2.0, JNIM, 2, actor2=MALI_ARMY, inter2=1, fatalities=i % 4,
                      admin1="Mopti" if i % 3 else "Segou"))
        out.append(ev(iso, 15.05, -2.02, ISGS, 2, actor2=CIVILIANS, inter2=7, event_type="Violence against civilians",
                      sub_event_type="Attack", fatalities=1, admin1="Menaka"))
    out.append(ev("2019-06-01", 15.0, -2.0, JNIM, 2, actor2=ISGS, inter2=2))
    return out


def test_weekly_series_from_events_matches_weekly_series():
    events = _events()
    for level in ("country", "admin1", "admin2"):
        a = weekly_series(to_points(events), level)
        b = weekly_series_from_events(reversed(events), level, keep_ids=True)  # any order, one pass
        assert a.keys() == b.keys()
        for k in a:
            assert (a[k].weeks, a[k].events, a[k].fatalities) == (b[k].weeks, b[k].events, b[k].fatalities)
            assert {w: sorted(v) for w, v in a[k].event_ids.items()} == {w: sorted(v) for w, v in b[k].event_ids.items()}
    assert weekly_series_from_events(iter(()), "admin1") == {}
    without_ids = weekly_series_from_events(iter(events), "admin1")
    assert all(s.event_ids == {} for s in without_ids.values())


def test_relation_timelines_one_pass_matches_pairwise(resolver):
    events = _events()
    cfg = RelationConfig(permutations=99)
    pairs = [("JNIM", "ISGS"), ("JNIM", MALI_ARMY)]
    together = relation_timelines(iter(events), resolver, pairs, cfg)  # a generator: read once
    apart = [relation_timeline(events, resolver, a, b, cfg) for a, b in pairs]
    assert [r.to_dict() for r in together] == [r.to_dict() for r in apart]
    assert together[0].periods[0].relation == "fighting" and together[0].periods[0].clashes


def test_knox_sequential_p_value_stops_early_only_when_large():
    import numpy as np

    from conflictwatch.analysis import knox_test

    rng = np.random.default_rng(3)
    lat, lon = 14 + rng.random(60) * 0.2, -3 + rng.random(60) * 0.2  # all within ~30 km: every pair close
    t = rng.integers(0, 365, 60)
    a, b = (lat[:30], lon[:30], t[:30]), (lat[30:], lon[30:], t[30:])
    full = knox_test(a, b, distance_km=50, days=10, permutations=499, seed=1)
    quick = knox_test(a, b, distance_km=50, days=10, permutations=499, seed=1, stop_after=10)
    assert full.observed == quick.observed and full.permutations == 499
    assert quick.permutations < 100 and quick.p_value == 10 / quick.permutations
    assert full.p_value > 0.2 and quick.p_value > 0.2  # no interaction: both large
    # a real interaction is never cut short
    a2 = (lat[:30], lon[:30], t[:30])
    b2 = (lat[:30] + 0.001, lon[:30], t[:30] + 1)
    sig = knox_test(a2, b2, distance_km=5, days=3, permutations=199, seed=1, stop_after=10)
    assert sig.permutations == 199 and sig.p_value < 0.05


def test_knox_on_a_subset_of_pairs_keeps_the_full_count():
    import numpy as np

    from conflictwatch.analysis import knox_test

    rng = np.random.default_rng(3)
    lat, lon, t = 14 + rng.random(40) * 0.05, -3 + rng.random(40) * 0.05, rng.integers(0, 365, 40)
    a, b = (lat, lon, t), (lat + 0.001, lon, t + 1)  # B follows A everywhere: strong interaction
    full = knox_test(a, b, distance_km=20, days=3, permutations=199, seed=2)
    part = knox_test(a, b, distance_km=20, days=3, permutations=199, seed=2, max_pairs=300)
    assert part.observed == full.observed  # the whole count, not the subset's
    assert part.p_value < 0.05 and full.p_value < 0.05
    assert abs(part.expected - full.expected) / full.expected < 0.5
