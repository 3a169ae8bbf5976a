"""``conflictwatch actors resolve`` and ``actors list`` through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conflictwatch.cli.actors import actors_cli

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args):
    result = CliRunner().invoke(actors_cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_resolve_json_gives_acled_name_for_the_date():
    out = json.loads(run("resolve", "Soldiers repelled an attack by ISGS fighters.", "--country", "ML",
                         "--date", "2016-03-01", "--json"))
    by_id = {r["actor_id"]: r for r in out}
    assert by_id["military:ML"]["acled_name"] == "Military Forces of Mali (2013-2020)"
    assert by_id["military:ML"]["inter"] == 1 and by_id["military:ML"]["network"] == "state"
    assert by_id["isgs"]["acled_name"] == "Islamic State (Greater Sahara)"
    assert by_id["isgs"]["parents"] == ["islamic-state"]
    assert by_id["isgs"]["confidence"] >= 0.9 and by_id["isgs"]["inferred"] is False
    assert by_id["isgs"]["source"]


def test_resolve_date_changes_the_period_name():
    out = json.loads(run("resolve", "ISGS fighters and FAMa soldiers clashed.", "--date", "2022-06-01", "--json"))
    names = [r["acled_name"] for r in out]
    assert names == ["Islamic State (Sahel)", "Military Forces of Mali (2021-)"]


def test_resolve_inferred_affiliate_and_victims():
    out = json.loads(run("resolve", "Groups linked to al-Qaeda killed Fulani herders.", "--country", "BF",
                         "--date", "2019-05-01", "--json"))
    assert out[0]["actor_id"] == "jnim" and out[0]["inferred"] is True and out[0]["confidence"] <= 0.6
    assert out[1]["acled_name"] == "Civilians (Burkina Faso)"
    assert out[1]["associated"] == ["Fulani Ethnic Group (Burkina Faso)", "Pastoralists (Burkina Faso)"]


def test_resolve_affiliate_before_jnim_existed():
    out = json.loads(run("resolve", "Al-Qaeda-linked militants attacked the post.", "--country", "ML",
                         "--date", "2014-05-01", "--json"))
    assert out[0]["actor_id"] == "aqim"


def test_resolve_text_output_and_country_from_text():
    out = run("resolve", "Gunmen attacked a village in Niger.")
    assert "Unidentified Armed Group (Niger)" in out


def test_resolve_bad_date_is_an_error():
    result = CliRunner().invoke(actors_cli, ["resolve", "Gunmen attacked.", "--date", "01/02/2019"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output


def test_list_filters_by_network_and_country():
    rows = json.loads(run("list", "--network", "Islamic State", "--country", "NE", "--json"))
    ids = [r["id"] for r in rows]
    assert "isgs" in ids and "iswap" in ids and "jnim" not in ids
    isgs = next(r for r in rows if r["id"] == "isgs")
    assert [p["name"] for p in isgs["periods"]] == ["Islamic State (Greater Sahara)", "Islamic State (Sahel)"]
    assert isgs["source"]


def test_list_text_and_date():
    out = run("list", "--country", "BF", "--network", "state", "--date", "2019-01-01")
    assert "Military Forces of Burkina Faso (2015-2022)" in out
    assert "Military Forces of Mali" not in out


def test_list_unknown_country_is_an_error():
    result = CliRunner().invoke(actors_cli, ["list", "--country", "Atlantis"])
    assert result.exit_code != 0 and "Atlantis" in result.output


def test_user_knowledge_file():
    out = json.loads(run("resolve", "KHY fighters attacked.", "--country", "BF", "--json",
                         "--knowledge", str(FIXTURES / "user_actors.yaml")))
    assert out[0]["actor_id"] == "katiba-test"
