"""Turning generic and network-affiliate mentions into concrete ACLED actors."""

from __future__ import annotations

import pytest

from conflictwatch.actors import default_kb


@pytest.fixture(scope="module")
def kb():
    return default_kb()


def only(kb, text):
    (match,) = kb.find(text, [])
    return match


@pytest.mark.parametrize(
    "iso, name, expected",
    [
        ("ML", "Mali", "Unidentified Armed Group (Mali)"),
        ("BF", "Burkina Faso", "Unidentified Armed Group (Burkina Faso)"),
        ("NE", None, "Unidentified Armed Group (Niger)"),
        (None, "Niger", "Unidentified Armed Group (Niger)"),
    ],
)
def test_gunmen_specialised_by_country(kb, iso, name, expected):
    actor = kb.specialise(only(kb, "Gunmen attacked the village."), iso, name)
    assert actor.name == expected
    assert actor.inter == 3


def test_generic_kinds_by_country(kb):
    assert kb.specialise(only(kb, "Villagers fled."), "BF", "Burkina Faso").name == "Civilians (Burkina Faso)"
    assert kb.specialise(only(kb, "Villagers fled."), "BF", "Burkina Faso").inter == 7
    soldiers = kb.specialise(only(kb, "Soldiers returned fire."), "NE", "Niger")
    assert soldiers.id == "military:NE"
    assert kb.name_for(soldiers, "2022-03-01") == "Military Forces of Niger (2021-2023)"
    assert kb.specialise(only(kb, "Police arrested him."), "ML", "Mali").name == "Police Forces of Mali"
    assert kb.specialise(only(kb, "Protesters gathered."), "ML", "Mali").name == "Protesters (Mali)"
    assert kb.specialise(only(kb, "A mob gathered."), "NE", "Niger").name == "Rioters (Niger)"


def test_demonym_wins_over_context(kb):
    match = only(kb, "Burkinabe soldiers crossed the border.")
    assert kb.specialise(match, "ML", "Mali").id == "military:BF"


def test_demonym_inside_a_generic_match_wins(kb):
    generic = only(kb, "Soldiers returned fire.")
    burkinabe = generic.replace(text="Burkinabe soldiers")
    assert kb.specialise(burkinabe, "ML", "Mali").id == "military:BF"


def test_named_actor_is_unchanged(kb):
    match = only(kb, "JNIM claimed the attack.")
    assert kb.specialise(match, "BF", "Burkina Faso").id == "jnim"


def test_unknown_country_by_name(kb):
    actor = kb.specialise(only(kb, "Gunmen attacked."), None, "Sierra Leone")
    assert actor.name == "Unidentified Armed Group (Sierra Leone)"


def test_no_country_leaves_generic(kb):
    actor = kb.specialise(only(kb, "Gunmen attacked."), None, None)
    assert actor.id == "generic:armed-group"


@pytest.mark.parametrize(
    "text, iso, expected",
    [
        ("Al-Qaeda-linked militants attacked the post.", "BF", "jnim"),
        ("Al-Qaeda-linked militants attacked the post.", "ML", "jnim"),
        ("The Islamic State affiliate claimed it.", "NE", "isgs"),
        ("The Islamic State affiliate claimed it.", "NG", "iswap"),
        ("The Islamic State affiliate claimed it.", None, "islamic-state"),
    ],
)
def test_affiliates_specialised_by_country(kb, text, iso, expected):
    assert kb.specialise(only(kb, text), iso, None).id == expected


def test_affiliates_of_both_networks_in_burkina_faso(kb):
    text = "al-Qaeda and Islamic State affiliates launched a campaign to isolate Ouagadougou."
    resolved = [kb.specialise(m, "BF", "Burkina Faso").id for m in kb.find(text, [])]
    assert resolved == ["jnim", "isgs"]


def test_affiliate_before_jnim_existed(kb):
    match = only(kb, "Al-Qaeda-linked militants attacked the post.")
    assert kb.specialise(match, "ML", "Mali", date="2014-05-01").id == "aqim"
