"""ACLED actor names: periods by date, open-period labels, sub-units, prefixes, compounds and naming rules."""

from __future__ import annotations

import pytest

from conflictwatch.actors import default_kb
from conflictwatch.actors.names import normalise_name, open_label


@pytest.fixture(scope="module")
def kb():
    return default_kb()


@pytest.mark.parametrize(
    "actor, date, expected",
    [
        ("military:ML", "2012-06-01", "Military Forces of Mali (2012-2013)"),
        ("military:ML", "2016-06-01", "Military Forces of Mali (2013-2020)"),
        ("military:ML", "2020-09-01", "Military Forces of Mali (2020-2021)"),
        ("military:ML", "2022-01-01", "Military Forces of Mali (2021-)"),
        ("military:BF", "2015-06-01", "Military Forces of Burkina Faso (2014-2015)"),
        ("military:BF", "2019-06-01", "Military Forces of Burkina Faso (2015-2022)"),
        ("military:BF", "2023-06-01", "Military Forces of Burkina Faso (2022-)"),
        ("military:NE", "2023-08-01", "Military Forces of Niger (2023-)"),
        ("police:BF", "2019-06-01", "Police Forces of Burkina Faso (2015-2022)"),
        ("government:ML", "2019-06-01", "Government of Mali (2013-2020)"),
        ("military:NG", "2012-01-01", "Military Forces of Nigeria (1999-2015)"),
        ("isgs", "2019-06-01", "Islamic State (Greater Sahara)"),
        ("isgs", "2023-06-01", "Islamic State (Sahel)"),
        ("minusma", "2019-06-01", "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-2023)"),
    ],
)
def test_acled_name_by_date(kb, actor, date, expected):
    assert kb.name_for(actor, date) == expected


@pytest.mark.parametrize(
    "name, actor_id",
    [
        ("Military Forces of Mali (2013-2020)", "military:ML"),
        ("Military Forces of Mali (2013-)", "military:ML"),  # the label exports carried while the period ran
        ("military forces of  mali (2013-)", "military:ML"),
        ("Police Forces of Burkina Faso (2015-)", "police:BF"),
        ("Government of Burkina Faso (2015-)", "government:BF"),
        ("MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-)", "minusma"),
        ("Islamic State (Sahel)", "isgs"),
        ("Islamic State Sahel Province", "isgs"),
        ("Islamic State (West Africa)", "iswap"),
        ("Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad", "boko-haram"),
    ],
)
def test_period_and_export_labels_name_the_same_actor(kb, name, actor_id):
    assert kb.by_name(name).id == actor_id
    assert kb.parse_name(name).rule == "name"


def test_open_label():
    assert open_label("Military Forces of Mali (2013-2020)") == "Military Forces of Mali (2013-)"
    assert open_label("Military Forces of Mali (2021-)") is None
    assert normalise_name("Kouka Communal Militia( Burkina Faso)") == "Kouka Communal Militia (Burkina Faso)"


@pytest.mark.parametrize(
    "name, rule, actor_id, inter, open_slot",
    [
        ("Police Forces of Burkina Faso (2015-2022) Gendarmerie", "unit", "police:BF/gendarmerie", 1, False),
        ("Military Forces of Niger (2011-) National Guard", "unit", "military:NE/national-guard", 1, False),
        ("Mutiny of Military Forces of Mali (2002-2012)", "prefix", "mutiny:military:ML", 2, False),
        ("Former Military Forces of Burkina Faso (1987-2014)", "prefix", "former:military:BF", 3, False),
        ("Civilians (International)", "template", "civilians:international", 7, False),
        ("Civilians (Sudan)", "template", "civilians:SD", 7, False),
        ("Unidentified Communal Militia (Niger)", "template", "communal-militia:NE", 4, False),
        ("Islamist Militia (Mali)", "template", "islamist-militia:ML", 3, False),
        ("Fulani Ethnic Group (Mali)", "template", "ethnic-group:ML:fulani", 7, False),
        ("Peul Ethnic Militia (Burkina Faso)", "template", "ethnic-militia:BF:fulani", 4, False),
        ("Teachers (Burkina Faso)", "template", "social:Teachers:BF", 7, False),
        ("Refugees/IDPs (Niger)", "template", "social:Refugees/IDPs:NE", 7, False),
        ("Military Forces of Estonia", "template", "military:EE", 1, False),
        ("Kouka Communal Militia (Burkina Faso)", "open-template", "communal-militia:BF:kouka", 4, True),
        ("Militia (Pro-Government)", "open-template", "militia:xx:pro-government", 3, True),
        ("MAA: Arab Movement of Azawad (Splinter Faction)", "faction", "maa/splinter-faction", 2, False),
        ("MAA: Arab Movement of Azawad (CMA)", "faction", "maa/cma", 2, False),
    ],
)
def test_naming_rules(kb, name, rule, actor_id, inter, open_slot):
    parsed = kb.parse_name(name)
    assert parsed is not None
    assert (parsed.rule, parsed.actor.id, parsed.actor.inter, parsed.open_slot) == (rule, actor_id, inter, open_slot)


def test_compound_attribution(kb):
    parsed = kb.parse_name("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)")
    assert parsed.rule == "and/or"
    assert [a.id for a in parsed.alternatives] == ["jnim", "isgs"]
    assert kb.by_name("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)") is None


@pytest.mark.parametrize(
    "name",
    [
        "Nobody (Nowhere)",
        "Fulani Ethnic Group (Atlantis)",  # unknown country
        "Martian Ethnic Group (Mali)",  # unknown ethnic group
        "Police Forces of Mali (2013-2020) Ministry of Magic",  # unknown sub-unit
        "Mutiny of Civilians (Mali)",  # only state forces mutiny
        "JNIM: Group for Support of Islam and Muslims and/or Nobody",
        "kouka Communal Militia (Mali)",  # a place name is capitalised
    ],
)
def test_unrecognised_names(kb, name):
    assert kb.parse_name(name) is None
