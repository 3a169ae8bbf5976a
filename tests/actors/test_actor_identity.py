"""Victims: "Civilians (Country)" with ethnic and occupational groups as associated actors."""

from __future__ import annotations

import pytest

from conflictwatch.actors import default_kb


@pytest.fixture(scope="module")
def kb():
    return default_kb()


@pytest.mark.parametrize(
    "phrase, iso, name, expected",
    [
        ("Fulani herders", "ML", None, ["Fulani Ethnic Group (Mali)", "Pastoralists (Mali)"]),
        ("Dogon villagers", None, "Mali", ["Dogon Ethnic Group (Mali)"]),
        ("two teachers", "BF", None, ["Teachers (Burkina Faso)"]),
        ("aid workers", "NE", None, ["Aid Workers (Niger)"]),
        ("Tuareg traders", "NE", None, ["Tuareg Ethnic Group (Niger)", "Traders (Niger)"]),
        ("gold miners", "BF", None, ["Miners (Burkina Faso)"]),
        ("éleveurs peuls", "BF", None, ["Pastoralists (Burkina Faso)", "Fulani Ethnic Group (Burkina Faso)"]),
        ("the imam and worshippers", "ML", None, ["Muslim Group (Mali)"]),
        ("Burkinabe farmers", "ML", None, ["Farmers (Burkina Faso)"]),  # a demonym in the phrase wins
        ("villagers", "ML", None, []),
    ],
)
def test_associated_groups(kb, phrase, iso, name, expected):
    assert [a.name for a in kb.associated_groups(phrase, iso, name)] == expected


def test_associated_groups_need_a_country(kb):
    assert kb.associated_groups("Fulani herders") == []


def test_associated_group_actors_are_acled_names(kb):
    (fulani, herders) = kb.associated_groups("Fulani herders", "ML")
    assert kb.by_name(fulani.name).id == fulani.id
    assert fulani.inter == 7 and herders.inter == 7


@pytest.mark.parametrize(
    "text, span",
    [
        ("Gunmen killed Fulani herders near Djibo.", "Fulani herders"),
        ("Dogon villagers fled to Bandiagara.", "Dogon villagers"),
        ("Des hommes armés ont tué des éleveurs peuls.", "éleveurs peuls"),
    ],
)
def test_ethnic_victims_are_one_civilians_mention(kb, text, span):
    victims = [m for m in kb.find(text, []) if m.actor.id == "generic:civilians"]
    assert [m.text for m in victims] == [span]
    assert kb.specialise(victims[0], "ML", "Mali").name == "Civilians (Mali)"


def test_ethnic_militia_stays_a_militia(kb):
    (match,) = kb.find("A Dogon militia attacked the village.", [])
    assert match.actor.id == "dogon-militia"


def test_government_from_adjective(kb):
    (match,) = kb.find("The Malian government denied it.", [])
    assert match.actor.id == "government:ML"
    assert kb.name_for(match.actor, "2019-01-01") == "Government of Mali (2013-2020)"
