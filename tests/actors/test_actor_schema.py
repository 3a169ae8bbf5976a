"""Schema errors name the file and the entry; every packaged entry cites a source."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictwatch.actors import ActorKB
from conflictwatch.errors import KnowledgeError
from conflictwatch.knowledge import load

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    "fixture, words",
    [
        ("missing_source.yaml", ["missing_source.yaml", "#2", "uncited-militia", "source"]),
        ("unknown_field.yaml", ["unknown_field.yaml", "typo-militia", "alias"]),
        ("uncited_country.yaml", ["uncited_country.yaml", "SL", "source"]),
        ("bad_identity.yaml", ["bad_identity.yaml", "country_templates", "place"]),
    ],
)
def test_schema_errors_name_file_and_entry(fixture, words):
    with pytest.raises(KnowledgeError) as info:
        ActorKB.load(extra_paths=[FIXTURES / fixture])
    for word in words:
        assert word in str(info.value)


def test_tie_to_unknown_actor_is_reported(tmp_path):
    bad = tmp_path / "ties.yaml"
    bad.write_text(
        "version: 1\nactors:\n  - {id: x, name: X, inter: 2, source: test,"
        " ties: [{actor: nobody, relation: allied}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match=r"ties\.yaml.*id='x'.*nobody"):
        ActorKB.load(extra_paths=[bad])


def test_identity_entry_needs_a_source(tmp_path):
    bad = tmp_path / "identity.yaml"
    bad.write_text("version: 1\nidentity:\n  social_groups:\n    - {name: Bakers, inter: 7}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"identity\.yaml.*social_groups entry #1.*source"):
        ActorKB.load(extra_paths=[bad])


def test_user_identity_groups_extend_the_packaged_ones(tmp_path):
    extra = tmp_path / "identity.yaml"
    extra.write_text(
        "version: 1\nidentity:\n  social_groups:\n"
        "    - {name: Bakers, inter: 7, en: [bakers], source: 'a user convention'}\n",
        encoding="utf-8",
    )
    kb = ActorKB.load(extra_paths=[extra])
    assert [a.name for a in kb.associated_groups("Fulani bakers", "ML")] == ["Fulani Ethnic Group (Mali)", "Bakers (Mali)"]
    assert kb.parse_name("Bakers (Niger)").actor.inter == 7


@pytest.mark.parametrize("name", ["actors.yaml", "actors_countries.yaml", "actors_generic.yaml", "actors_identity.yaml"])
def test_every_packaged_entry_has_a_source(name):
    data = load(name)
    for entry in data.get("actors") or []:
        assert entry.get("source"), entry["id"]
    for iso, entry in (data.get("countries") or {}).items():
        assert entry.get("source"), iso
    for kind, entry in (data.get("generic") or {}).items():
        assert entry.get("source"), kind
    for section, items in (data.get("identity") or {}).items():
        for item in items if isinstance(items, list) else [items]:
            assert item.get("source"), (section, item)


def test_issue_actors_are_present():
    kb = ActorKB.load()
    for ident in ("jnim", "katiba-macina", "ansar-dine", "al-mourabitoun", "aqim", "ansaroul-islam", "isgs", "iswap",
                  "boko-haram", "minusma", "eutm", "g5-sahel", "takuba", "wagner", "africa-corps",
                  "dan-na-ambassagou", "koglweogo", "dozo", "vdp", "gatia", "msa", "cma", "hcua", "mnla",
                  "military:FR", "military:US", "police:ML", "government:NE"):
        assert kb.get(ident) is not None, ident
    for alias, ident in (("GSIM", "jnim"), ("Jama'at Nusrat al-Islam wal-Muslimin", "jnim"),
                         ("Groupe de soutien à l'islam et aux musulmans", "jnim"), ("EIGS", "isgs"),
                         ("ISSP", "isgs"), ("FAMa", "military:ML"), ("Barkhane", "military:FR"),
                         ("Serval", "military:FR"), ("Sabre", "military:FR"), ("VDP", "vdp"),
                         ("Africa Corps", "africa-corps"), ("Wilayat Gharb Ifriqiyah", "iswap")):
        found = kb.find(f"Then {alias} struck.", [])
        assert found and found[0].actor.id == ident, alias
