"""Hedged and inferred attributions: lower confidence and a clear marker."""

from __future__ import annotations

import pytest

from conflictwatch.actors import INFERRED, default_kb


@pytest.fixture(scope="module")
def kb():
    return default_kb()


def test_suspected_named_group_is_that_group_with_lower_confidence(kb):
    (plain,) = kb.find("JNIM militants attacked the post.", [])
    (hedged,) = kb.find("Suspected JNIM militants attacked the post.", [])
    assert plain.actor.id == hedged.actor.id == "jnim"
    assert hedged.qualifier == "suspected"
    assert hedged.confidence < plain.confidence
    assert not kb.is_inference(hedged)


def test_french_hedge(kb):
    (m,) = kb.find("Des présumés combattants du JNIM ont attaqué le poste.", [])
    assert m.actor.id == "jnim" and m.qualifier == "présumés" and m.confidence < 0.95


def test_unidentified_is_not_a_hedge(kb):
    (m,) = kb.find("Unidentified gunmen attacked the post.", [])
    assert m.qualifier == "unidentified" and m.confidence == 0.6


def test_seed_vague_actors_are_inferred_affiliates(kb):
    text = ("Groups linked to al-Qaeda and the Islamic State, at war with each other in the Middle East, "
            "are working together to take control of territory across a vast stretch of West Africa.")
    matches = kb.find(text, [])
    assert [m.text for m in matches] == ["Groups linked to al-Qaeda", "Islamic State"]
    resolved = [kb.specialise(m, "BF", "Burkina Faso", date="2019-02-01").id for m in matches]
    assert resolved == ["jnim", "isgs"]
    for m in matches:
        assert m.confidence <= 0.6
        assert m.qualifier == INFERRED
        assert kb.is_inference(m)


def test_islamic_state_affiliate_is_an_inference(kb):
    (m,) = kb.find("The Islamic State affiliate claimed the attack.", [])
    assert m.confidence <= 0.6 and m.qualifier == INFERRED
    assert kb.specialise(m, "NE", None).id == "isgs"


def test_suspected_affiliate_keeps_the_texts_hedge(kb):
    (m,) = kb.find("Suspected al-Qaeda-linked militants attacked the post.", [])
    assert m.qualifier == "suspected" and kb.is_inference(m) and m.confidence <= 0.6


def test_named_central_organisation_is_not_an_inference(kb):
    (m,) = kb.find("Al-Qaeda leaders were outraged.", [])
    assert m.actor.id == "al-qaeda" and not kb.is_inference(m)


@pytest.mark.parametrize(
    "actor, date, expected",
    [
        ("ansaroul-islam", "2019-01-01", {"jnim", "isgs"}),
        ("ansaroul-islam", "2021-01-01", {"jnim"}),
        ("katiba-macina", "2016-01-01", {"ansar-dine"}),
        ("katiba-macina", "2018-01-01", {"jnim"}),
    ],
)
def test_changing_ties_by_date(kb, actor, date, expected):
    assert {t.actor for t in kb.ties(actor, date) if t.relation != "trained-by"} == expected


def test_network_components_and_chain(kb):
    components = {a.id for a in kb.components("jnim")}
    assert {"katiba-macina", "ansar-dine", "al-mourabitoun", "ansaroul-islam"} <= components
    assert [a.id for a in kb.network_of("katiba-macina")] == ["jnim", "al-qaeda"]
    assert [a.id for a in kb.network_of("isgs")] == ["islamic-state"]


def test_every_named_actor_cites_a_source(kb):
    for actor in kb.all():
        assert kb.source(actor), actor.id
