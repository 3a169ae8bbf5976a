"""Scoring primitives, on hand-built cases."""

from __future__ import annotations

import math

import pytest

from conflictwatch.evaluation.metrics import (
    NO_EVENT,
    bag_of_tokens,
    classification_scores,
    distance_scores,
    haversine_km,
    normalise_name,
    prf,
    strip_period,
    open_period,
    same_actor_name,
    token_prf,
)


def test_prf_counts():
    assert prf(8, 2, 8) == pytest.approx((0.8, 0.5, 2 * 0.8 * 0.5 / 1.3))
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(0, 3, 0) == (0.0, 0.0, 0.0)


def test_classification_micro_equals_accuracy_and_macro_is_unweighted():
    gold = ["Armed clash", "Armed clash", "Armed clash", "Attack", "Looting/property destruction"]
    pred = ["Armed clash", "Armed clash", "Attack", "Attack", NO_EVENT]
    s = classification_scores(gold, pred)
    assert s.accuracy == pytest.approx(3 / 5)
    assert s.micro_f1 == s.accuracy  # a row without an event is a wrong prediction
    assert s.micro_precision == pytest.approx(3 / 4)  # among rows with an event
    assert s.micro_recall == pytest.approx(3 / 5)
    # per class: clash P 1 R 2/3; attack P 1/2 R 1; looting P 0 R 0
    f_clash = 2 * 1 * (2 / 3) / (1 + 2 / 3)
    f_attack = 2 * 0.5 * 1 / 1.5
    assert s.per_class["Armed clash"]["f1"] == pytest.approx(f_clash)
    assert s.per_class["Attack"]["f1"] == pytest.approx(f_attack)
    assert s.per_class["Looting/property destruction"]["f1"] == 0.0
    assert s.macro_f1 == pytest.approx((f_clash + f_attack + 0.0) / 3)
    assert NO_EVENT not in s.per_class
    assert s.confusions[0][2] == 1 and ("Armed clash", "Attack", 1) in s.confusions
    assert ("Looting/property destruction", NO_EVENT, 1) in s.confusions


def test_macro_counts_a_predicted_class_absent_from_gold():
    s = classification_scores(["A", "A"], ["A", "B"])
    assert set(s.per_class) == {"A", "B"}
    assert s.per_class["B"]["f1"] == 0.0
    assert s.macro_f1 == pytest.approx((2 * 1 * 0.5 / 1.5) / 2)


def test_classification_rejects_misaligned_input():
    with pytest.raises(ValueError):
        classification_scores(["A"], [])


def test_haversine_known_distances():
    assert haversine_km(12.37, -1.52, 12.37, -1.52) == 0.0
    # one degree of latitude is about 111.2 km
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.19, abs=0.05)
    # Bamako (12.65, -8.00) to Ouagadougou (12.37, -1.52): about 703 km
    assert haversine_km(12.65, -8.0, 12.37, -1.52) == pytest.approx(703, abs=5)
    # symmetric, antipodes = half the circumference
    assert haversine_km(10, 20, -10, -160) == pytest.approx(math.pi * 6371.0088, rel=1e-6)


def test_distance_scores_count_unlocated_rows_as_misses():
    s = distance_scores([1.0, 10.0, 100.0, None])
    assert s.n == 4 and s.located == 3
    assert s.within == {5: 0.25, 25: 0.5, 161: 0.75}
    assert s.median_located_km == 10.0
    assert s.median_km == pytest.approx(55.0)  # median of 1, 10, 100, inf
    assert distance_scores([None, None, 3.0]).median_km is None  # more than half unlocated


def test_normalise_name_accents_case_punctuation():
    assert normalise_name("Ségou") == normalise_name("SEGOU") == "segou"
    assert normalise_name("Boucle du Mouhoun") == "boucle du mouhoun"
    assert normalise_name("Centre-Nord") == normalise_name("Centre Nord")
    assert normalise_name(None) == ""
    assert normalise_name("Tillabéri") != normalise_name("Tahoua")


def test_strip_period_keeps_country_and_unit():
    assert strip_period("Military Forces of Mali (2013-2020)") == "Military Forces of Mali"
    assert strip_period("Military Forces of Mali (2021-)") == "Military Forces of Mali"
    assert strip_period("Police Forces of Niger (2011-) Gendarmerie") == "Police Forces of Niger Gendarmerie"
    assert strip_period("Civilians (Burkina Faso)") == "Civilians (Burkina Faso)"
    assert strip_period("") == ""


def test_open_period_writes_closed_spans_as_open_labels():
    assert open_period("Police Forces of Niger (2011-2021) Gendarmerie") == "Police Forces of Niger (2011-) Gendarmerie"
    assert open_period("Military Forces of Chad (2021-)") == "Military Forces of Chad (2021-)"
    assert open_period("Protesters (Niger)") == "Protesters (Niger)"
    assert open_period(None) == ""


@pytest.mark.parametrize("predicted, gold, same", [
    ("Military Forces of Niger (2011-2021)", "Military Forces of Niger (2011-)", True),
    ("Military Forces of Niger (2011-)", "Military Forces of Niger (2011-2021)", True),
    ("Military Forces of Niger (2021-2023)", "Military Forces of Niger (2011-)", False),  # another period
    ("Military Forces of Niger", "Military Forces of Niger (2011-)", False),  # no period is not a period
    ("Police Forces of Niger (2011-2021)", "Police Forces of Niger (2011-) Gendarmerie", False),
    ("Civilians (Chad)", "Civilians (Chad)", True),
])
def test_same_actor_name_ignores_only_the_export_label(predicted, gold, same):
    assert same_actor_name(predicted, gold) is same


def test_bag_of_tokens_lowercase_words():
    assert bag_of_tokens("The army, the ARMY; l'armée!") == {"the": 2, "army": 2, "l": 1, "armée": 1}
    assert bag_of_tokens("a b c d e", ngram=4) == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert bag_of_tokens("a b", ngram=4) == {("a", "b"): 1}


def test_token_prf_bag_semantics():
    p, r, f = token_prf("soldiers were killed near Djibo", "Two soldiers were killed. Share this")
    # predicted tokens: two soldiers were killed share this (6); gold: 5; common: soldiers were killed (3)
    assert (p, r) == pytest.approx((3 / 6, 3 / 5))
    assert f == pytest.approx(2 * 0.5 * 0.6 / 1.1)
    assert token_prf("", "") == (1.0, 1.0, 1.0)
    assert token_prf("some text", "") == (0.0, 0.0, 0.0)
    # repeated tokens count as often as they occur (multiset)
    assert token_prf("attack attack", "attack")[1] == pytest.approx(0.5)
