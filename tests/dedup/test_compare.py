"""Pairwise coreference features: positives and hard negatives built by hand."""

from __future__ import annotations

import pytest

from conflictwatch.dedup import compare, default_settings

from tests.dedup.conftest import make_event

S = default_settings()


def test_attack_on_post_and_armed_clash_with_suspected_and_unidentified_actor_match():
    a = make_event("a" * 64, sub="Armed clash", actor1="JNIM: Group for Support of Islam and Muslims", fatalities=11)
    b = make_event("b" * 64, sub="Armed clash", actor1="Unidentified Armed Group (Burkina Faso)", fatalities=9)
    pair = compare(a, b, S)
    assert pair.compatible and pair.score >= S.threshold


def test_attack_and_clash_types_are_compatible_but_protest_is_not():
    a = make_event("a" * 64, event_type="Violence against civilians", sub="Attack", actor2="Civilians (Burkina Faso)")
    b = make_event("b" * 64)
    assert compare(a, b, S).features["type"] > 0
    c = make_event("c" * 64, event_type="Protests", sub="Peaceful protest", actor1="", actor2="")
    assert not compare(a, c, S).compatible


def test_rival_networks_never_merge():
    a = make_event("a" * 64, actor1="JNIM: Group for Support of Islam and Muslims")
    b = make_event("b" * 64, actor1="Islamic State (Greater Sahara)")
    pair = compare(a, b, S)
    assert not pair.compatible and "rival" in pair.blocked


def test_same_network_is_compatible():
    a = make_event("a" * 64, actor1="JNIM: Group for Support of Islam and Muslims")
    b = make_event("b" * 64, actor1="Katiba Macina")
    pair = compare(a, b, S)
    assert pair.compatible
    # sides averaged: the named groups score same_network, the army on both sides scores 1
    assert pair.features["actors"] == pytest.approx((S.actor_scores["same_network"] + 1.0) / 2)


def test_day_reports_two_days_apart_are_different_incidents():
    a = make_event("a" * 64, date="2022-03-07")
    b = make_event("b" * 64, date="2022-03-09")
    pair = compare(a, b, S)
    assert not pair.compatible and "dates" in pair.blocked
    assert compare(a, make_event("c" * 64, date="2022-03-08"), S).compatible  # overnight: one day of slack


def test_week_precision_report_matches_any_day_of_its_week():
    week = make_event("a" * 64, date="2022-03-07", date_end="2022-03-13", precision=2)
    day = make_event("b" * 64, date="2022-03-12")
    assert compare(week, day, S).compatible


def test_radius_follows_geo_precision():
    far = make_event("a" * 64, place="Djibo", geo_precision=1)
    other = make_event("b" * 64, place="Dori", geo_precision=1)  # about 175 km away
    pair = compare(far, other, S)
    assert not pair.compatible and "km apart" in pair.blocked


def test_different_named_towns_nearby_score_low():
    a = make_event("a" * 64, place="Kaya", geo_precision=2, fatalities=6)
    b = make_event("b" * 64, place="Pissila", geo_precision=2, fatalities=35)
    pair = compare(a, b, S)
    same_town = compare(a, make_event("c" * 64, place="Kaya", geo_precision=2, fatalities=35), S)
    assert pair.compatible  # 29 km apart, "near" both: possible, but weaker
    assert pair.features["place"] < 0.5 < same_town.features["place"]
    # with another type on the next day (the benchmark's hard negatives) it is not linked
    c = make_event("d" * 64, place="Pissila", geo_precision=2, date="2022-03-08",
                   event_type="Explosions/Remote violence", sub="Remote explosive/landmine/IED", fatalities=35)
    assert compare(a, c, S).score < S.threshold


def test_precise_reports_a_day_apart_need_the_same_kind_of_event():
    clash = make_event("a" * 64, date="2019-11-19", sub="Armed clash", fatalities=3)
    bomb = make_event("b" * 64, date="2019-11-20", event_type="Explosions/Remote violence",
                      sub="Remote explosive/landmine/IED", fatalities=2)
    pair = compare(clash, bomb, S)
    assert not pair.compatible and "different days" in pair.blocked
    # a day apart but the same kind (a night attack dated differently): still possible
    same_kind = make_event("c" * 64, date="2019-11-20", sub="Armed clash", fatalities=3)
    assert compare(clash, same_kind, S).compatible
    # the same day, different kinds: possible too
    bomb_same_day = make_event("d" * 64, date="2019-11-19", event_type="Explosions/Remote violence",
                               sub="Remote explosive/landmine/IED", fatalities=3)
    assert compare(clash, bomb_same_day, S).compatible
    # a week-precision report is not held to it
    vague = make_event("e" * 64, date="2019-11-18", precision=2, date_end="2019-11-24",
                       event_type="Explosions/Remote violence", sub="Remote explosive/landmine/IED")
    assert compare(clash, vague, S).compatible


def test_night_range_and_the_morning_after_are_the_same_day():
    # "during the night of 12 to 13 March" (an NGO update) and "on 13 March" (a wire story), coded with
    # different sub-types: the ranges overlap, so the reports are not "a day apart"
    night = make_event("a" * 64, date="2022-03-12", date_end="2022-03-13", event_type="Violence against civilians",
                       sub="Attack", actor2="Civilians (Burkina Faso)")
    day = make_event("b" * 64, date="2022-03-13")
    pair = compare(night, day, S)
    assert pair.compatible and pair.detail["gap_days"] == 0 and pair.features["date"] == 1.0
    # a report of the 11th is still a day away from that night, and of another kind: two incidents
    before = make_event("c" * 64, date="2022-03-11")
    assert not compare(night, before, S).compatible


def test_the_same_place_written_with_and_without_accents_is_one_place():
    a = make_event("a" * 64, place="Djibo")
    b = make_event("b" * 64, place="Djibo")
    b = b.__class__(**{**b.to_dict(), "location": "DJÍBO", "latitude": b.latitude + 0.09})  # a point 10 km off
    pair = compare(a, b, S)
    assert pair.features["place"] >= 0.6, pair.features  # two different names that far apart: below 0.3
