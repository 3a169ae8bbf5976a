from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from conflictwatch.cli.analysis import analyze_cli
from conflictwatch.records import Document, Extraction
from conflictwatch.store import Store

from ._events import ISGS, JNIM, MALI_ARMY, ev


@pytest.fixture()
def db(tmp_path):
    doc_id = "d" * 64
    events = []
    start = date(2019, 1, 7)
    for i in range(20):
        day = (start + timedelta(days=7 * i)).isoformat()
        events.append(ev(day, 14.2, -3.0, JNIM, actor2=MALI_ARMY, inter2=1, location="Testville", id=f"A{i}"))
        events.append(ev(day, 15.2, 1.5, ISGS, actor2=MALI_ARMY, inter2=1, admin1="Menaka", id=f"B{i}",
                         event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED"))
    events.append(ev("2019-07-01", 14.8, -1.0, JNIM, actor2=ISGS, inter2=2, id="CLASH"))
    events = [e.replace(doc_id=doc_id) for e in events]
    path = tmp_path / "cw.db"
    with Store.open(path) as store:
        store.save_extraction(Extraction(document=Document(id=doc_id, uri="test", text="t"), events=tuple(events)),
                              "test.v1")
    return str(path)


def _run(args):
    res = CliRunner().invoke(analyze_cli, args)
    assert res.exit_code == 0, res.output
    return res.output


def test_influence_json_geojson_png(db, tmp_path):
    out = json.loads(_run(["influence", "--db", db, "--json", "--geojson", str(tmp_path / "m.geojson"),
                           "--png", str(tmp_path / "m.png"), "--actor", "JNIM"]))
    (m,) = out["maps"]
    # IEDs by ISGS alone: dominant; JNIM's battles with the army: contested with the state
    assert m["summary"]["dominant"] == {"Islamic State": 1} and m["summary"]["contested"] == 1
    assert m["actor"]["cells"]
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
    assert json.loads((tmp_path / "m.geojson").read_text())["features"]


def test_relations_isolation_trends_alerts(db, tmp_path):
    rel = json.loads(_run(["relations", "--db", db, "--pair", "JNIM", "ISGS", "--json", "--permutations", "49"]))
    assert rel[0]["timeline"][0]["relation"] == "fighting" and rel[0]["timeline"][0]["clashes"] == ["CLASH"]
    iso = json.loads(_run(["isolation", "--db", db, "--town", "Menakaville@15.0,1.5", "--json"]))
    assert iso[0]["town"] == "Menakaville" and iso[0]["approach_events"] == 20 and iso[0]["by_sector"] == {"N": 20}
    trends = json.loads(_run(["trends", "--db", db, "--json", "--level", "admin1"]))
    assert {t["area"] for t in trends} == {"Mali / Mopti", "Mali / Menaka"}
    text = _run(["relations", "--db", db, "--pair", "JNIM", "ISGS", "--permutations", "9"])
    assert "fighting" in text
    res = _run(["alerts", "--db", db, "--json", "--jsonl", str(tmp_path / "a.jsonl")])
    assert "alerts" in json.loads(res)


def test_isolation_needs_towns(db):
    res = CliRunner().invoke(analyze_cli, ["isolation", "--db", db])
    assert res.exit_code != 0 and "--town" in res.output
