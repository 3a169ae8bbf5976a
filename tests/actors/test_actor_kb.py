"""The actor knowledge base: loading, lookup, period names, affiliates, user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictwatch.actors import ActorKB, default_kb
from conflictwatch.errors import KnowledgeError
from conflictwatch.knowledge import load

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return default_kb()


def test_knowledge_files_are_versioned():
    for name in ("actors.yaml", "actors_countries.yaml", "actors_generic.yaml"):
        assert "version" in load(name)


def test_version_names_every_file(kb):
    assert "actors.yaml@" in kb.version
    assert "actors_countries.yaml@" in kb.version
    assert "actors_generic.yaml@" in kb.version


@pytest.mark.parametrize(
    "ident, name, inter, network",
    [
        ("jnim", "JNIM: Group for Support of Islam and Muslims", 2, "al-Qaeda"),
        ("isgs", "Islamic State (Greater Sahara)", 2, "Islamic State"),
        ("aqim", "AQIM: Al Qaeda in the Islamic Maghreb", 2, "al-Qaeda"),
        ("dan-na-ambassagou", "Dan Na Ambassagou", 4, "other"),
        ("armed-group:ML", "Unidentified Armed Group (Mali)", 3, "other"),
        ("civilians:BF", "Civilians (Burkina Faso)", 7, "other"),
        ("military:NE", "Military Forces of Niger", 1, "state"),
        ("military:FR", "Military Forces of France", 8, "state"),
        ("military:US", "Military Forces of the United States", 8, "state"),
        ("protesters:ML", "Protesters (Mali)", 6, "other"),
        ("rioters:NE", "Rioters (Niger)", 5, "other"),
    ],
)
def test_get(kb, ident, name, inter, network):
    actor = kb.get(ident)
    assert actor is not None
    assert (actor.name, actor.inter, actor.network) == (name, inter, network)


def test_get_unknown_is_none(kb):
    assert kb.get("no-such-actor") is None


def test_parents(kb):
    assert kb.get("jnim").parent == "al-qaeda"
    assert kb.get("isgs").parent == "islamic-state"
    assert kb.get("iswap").parent == "islamic-state"


def test_by_name_canonical_and_period_names(kb):
    assert kb.by_name("JNIM: Group for Support of Islam and Muslims").id == "jnim"
    assert kb.by_name("civilians (burkina faso)").id == "civilians:BF"
    assert kb.by_name("Military Forces of Mali (2013-2020)").id == "military:ML"
    assert kb.by_name("Nobody (Nowhere)") is None


def test_all_has_no_generic_actors(kb):
    ids = {a.id for a in kb.all()}
    assert {"jnim", "isgs", "military:ML"} <= ids
    assert not any(i.startswith("generic:") for i in ids)
    assert {a.id for a in kb.generic()} >= {"generic:armed-group", "generic:military"}


def test_every_actor_round_trips_through_dict(kb):
    for actor in kb.all()[:50]:
        assert type(actor).from_dict(actor.to_dict()) == actor


@pytest.mark.parametrize(
    "ident, date, expected",
    [
        ("military:ML", "2019-06-01", "Military Forces of Mali (2013-2020)"),
        ("military:ML", "2020-08-17", "Military Forces of Mali (2013-2020)"),
        ("military:ML", "2020-11-01", "Military Forces of Mali (2020-2021)"),
        ("military:ML", "2021-06-15", "Military Forces of Mali (2021-)"),
        ("military:ML", "2024-01-01T10:00:00", "Military Forces of Mali (2021-)"),
        ("military:BF", "2019-03-10", "Military Forces of Burkina Faso (2015-2022)"),
        ("military:BF", "2023-03-10", "Military Forces of Burkina Faso (2022-)"),
        ("military:NE", "2022-05-01", "Military Forces of Niger (2021-2023)"),
        ("police:NE", "2019-05-01", "Police Forces of Niger (2011-2021)"),
        ("military:FR", "2019-05-01", "Military Forces of France (2017-)"),
        ("military:US", "2020-02-01", "Military Forces of the United States (2017-2021)"),
        ("isgs", "2019-12-10", "Islamic State (Greater Sahara)"),
        ("jnim", "2019-12-10", "JNIM: Group for Support of Islam and Muslims"),
        ("armed-group:ML", "2019-12-10", "Unidentified Armed Group (Mali)"),
    ],
)
def test_name_for_is_period_aware(kb, ident, date, expected):
    assert kb.name_for(kb.get(ident), date) == expected


def test_name_for_without_date_is_the_canonical_name(kb):
    assert kb.name_for(kb.get("military:ML"), None) == "Military Forces of Mali"
    assert kb.name_for("military:ML") == "Military Forces of Mali"


def test_name_for_without_date_uses_an_only_period(kb):
    # a mission that existed in one period only: any undated report of it falls inside that period
    assert kb.name_for("minusma") == "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-2023)"
    assert kb.name_for("military:CI") == "Military Forces of Ivory Coast (2011-)"
    # several periods and no date: no period is guessed
    assert kb.name_for("isgs") == "Islamic State (Greater Sahara)"
    assert kb.name_for("military:NE") == "Military Forces of Niger"


def test_azawad_movements_take_the_acled_list_spelling_and_keep_the_short_one(kb):
    assert kb.name_for("cma") == "CMA: Coordination of Movements of the Azawad"
    assert kb.name_for("maa") == "MAA: Arab Movement of the Azawad"
    # the shorter spelling still reads back as the same actor
    assert kb.by_name("CMA: Coordination of Azawad Movements").id == "cma"
    assert kb.by_name("MAA: Arab Movement of Azawad").id == "maa"


def test_name_for_before_first_period_uses_first(kb):
    assert kb.name_for("military:ML", "1990-01-01") == "Military Forces of Mali (2002-2012)"


def test_affiliates_in_the_sahel(kb):
    for iso in ("ML", "BF", "NE"):
        assert kb.affiliates("al-Qaeda", iso)[0].id == "jnim"
        assert kb.affiliates("Islamic State", iso)[0].id == "isgs"
    assert kb.affiliates("Islamic State", "NG")[0].id == "iswap"
    assert "al-qaeda" not in {a.id for a in kb.affiliates("al-Qaeda")}
    assert kb.affiliates("al-Qaeda", "BF")[0].network == "al-Qaeda"


def test_affiliates_respect_founding_dates(kb):
    before_jnim = [a.id for a in kb.affiliates("al-Qaeda", "ML", date="2015-06-01")]
    assert "jnim" not in before_jnim
    assert before_jnim[0] == "aqim"


def test_user_file_overrides_by_id_and_adds():
    kb = ActorKB.load(extra_paths=[FIXTURES / "user_actors.yaml"])
    assert kb.get("jnim").name == "JNIM: Jama'at Nusrat al-Islam wal-Muslimin"
    assert kb.get("katiba-test").parent == "jnim"
    matches = kb.find("Fighters of Katiba Hypothetica and KHY raided the market.", [])
    assert [m.actor.id for m in matches] == ["katiba-test", "katiba-test"]
    # aliases of the replaced entry are gone, the packaged ones for others remain
    assert [m.actor.id for m in kb.find("the Group for Support of Islam and Muslims", [])] == []
    assert kb.find("ISGS fighters", [])[0].actor.id == "isgs"
    # the packaged default is untouched
    assert default_kb().get("jnim").name == "JNIM: Group for Support of Islam and Muslims"


@pytest.mark.parametrize(
    "fixture, words",
    [
        ("malformed_inter.yaml", ["malformed_inter.yaml", "#2", "bad-one", "inter"]),
        ("malformed_parent.yaml", ["malformed_parent.yaml", "orphan", "no-such-group"]),
        ("malformed_yaml.yaml", ["malformed_yaml.yaml", "YAML"]),
        ("no_version.yaml", ["no_version.yaml", "version"]),
        ("does_not_exist.yaml", ["does_not_exist.yaml", "not found"]),
    ],
)
def test_malformed_user_file_raises_knowledge_error(fixture, words):
    with pytest.raises(KnowledgeError) as info:
        ActorKB.load(extra_paths=[FIXTURES / fixture])
    for word in words:
        assert word in str(info.value)


def test_unknown_field_is_reported(tmp_path):
    bad = tmp_path / "typo.yaml"
    bad.write_text("version: 1\nactors:\n  - {id: x, name: X, inter: 2, alias: [X1], source: 'test'}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"typo\.yaml.*id='x'.*alias"):
        ActorKB.load(extra_paths=[bad])


def test_bad_network_and_country_are_reported(tmp_path):
    bad = tmp_path / "net.yaml"
    bad.write_text("version: 1\nactors:\n  - {id: x, name: X, inter: 2, network: ISIS, source: 'test'}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="network"):
        ActorKB.load(extra_paths=[bad])
    bad.write_text("version: 1\nactors:\n  - {id: x, name: X, inter: 2, country: Mali, source: 'test'}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="country"):
        ActorKB.load(extra_paths=[bad])


def test_user_can_add_a_country(tmp_path):
    extra = tmp_path / "countries.yaml"
    extra.write_text(
        "version: 1\ncountries:\n  GW:\n    name: Guinea-Bissau\n    demonyms: [Bissau-Guinean]\n"
        "    source: 'Wikipedia: List of heads of state of Guinea-Bissau'\n"
        "    periods:\n      - {label: '2020-', start: '2020-02-27', end: null}\n",
        encoding="utf-8",
    )
    kb = ActorKB.load(extra_paths=[extra])
    assert kb.get("civilians:GW").name == "Civilians (Guinea-Bissau)"
    assert kb.name_for("military:GW", "2021-01-01") == "Military Forces of Guinea-Bissau (2020-)"
    assert kb.find("Bissau-Guinean soldiers", [])[0].actor.id == "military:GW"


def test_main_file_elsewhere_falls_back_to_packaged_includes(tmp_path):
    main = tmp_path / "actors.yaml"
    main.write_text(
        "version: 7\ninclude: [actors_countries.yaml, actors_generic.yaml]\n"
        "actors:\n  - {id: solo, name: Solo Front, inter: 2, aliases: [Solo Front], source: 'test'}\n",
        encoding="utf-8",
    )
    kb = ActorKB.load(main)
    assert "actors.yaml@7" in kb.version
    assert kb.get("jnim") is None
    assert [m.actor.id for m in kb.find("The Solo Front and Malian soldiers clashed.", [])] == [
        "solo",
        "military:ML",
    ]
