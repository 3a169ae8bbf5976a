"""Merged incident fields: ACLED's conservative fatalities, precise date and place, named actors."""

from __future__ import annotations

import pytest

from conflictwatch.dedup import merge_fields

from tests.dedup.conftest import make_event


def test_fatalities_are_the_most_conservative_best_estimate_keeping_low_and_high():
    events = [
        make_event("a" * 64, fatalities=11),
        make_event("b" * 64, fatalities=9, low=9, high=12),
        make_event("c" * 64, fatalities=15),
        make_event("d" * 64, fatalities=0),  # no toll given: not a claim of zero
    ]
    row = merge_fields("CWI1", events)
    assert row["fatalities"] == 9
    assert row["fatalities_low"] == 9 and row["fatalities_high"] == 15
    assert row["summary"]["fatalities_reported"] == [9, 11, 15]
    assert row["n_sources"] == 4 and row["n_events"] == 4


def test_no_toll_anywhere_gives_zero_without_bounds():
    row = merge_fields("CWI1", [make_event("a" * 64), make_event("b" * 64)])
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == (0, None, None)


def test_named_actor_preferred_and_most_precise_report_sets_date_and_place():
    vague = make_event("a" * 64, actor1="Unidentified Armed Group (Burkina Faso)", date="2022-03-07",
                       date_end="2022-03-13", precision=2, geo_precision=2)
    named = make_event("b" * 64, actor1="JNIM: Group for Support of Islam and Muslims", date="2022-03-09")
    row = merge_fields("CWI1", [vague, named], copies=["c" * 64])
    assert row["actor1"] == "JNIM: Group for Support of Islam and Muslims"
    assert row["event_date"] == "2022-03-09" and row["time_precision"] == 1 and row["geo_precision"] == 1
    assert "c" * 64 in row["sources"]


def test_empty_incident_is_refused():
    with pytest.raises(ValueError, match="no member events"):
        merge_fields("CWI1", [])
