"""The CLI as a user meets it, through click's runner, on real SQLite files."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from conflictwatch.cli.main import cli
from conflictwatch.records import ACLED_COLUMNS
from conflictwatch.workflow import bundled_examples


@pytest.fixture()
def runner():
    return CliRunner()


def invoke(runner, *args):
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def test_help_lists_commands(runner):
    out = invoke(runner, "--help").output
    for cmd in ("extract", "run", "events"):
        assert cmd in out


def test_extract_json_shape(runner, seed_article_path, tmp_path):
    page = tmp_path / "article.txt"
    shutil.copy(seed_article_path, page)
    result = invoke(runner, "extract", page, "--json", "--published", "2020-02-22")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"document", "events", "facts", "entities"}
    assert data["document"]["text"].startswith("NOUAKCHOTT")
    assert data["document"]["published"]["value"] == "2020-02-22"
    assert {e["location"] for e in data["events"]} >= {"Ouagadougou", "Ndaki", "Dori"}
    for e in data["events"]:
        assert set(ACLED_COLUMNS) <= set(e) and e["evidence"] and e["confidence"]
    assert any(m["label"] == "PLACE" for m in data["entities"])


@pytest.mark.parametrize(
    "content,reason",
    [(b"", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"), (b"\xff\xfe\xfa\x80\x81" * 20, "")],
)
def test_extract_bad_input_names_the_file(runner, tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = runner.invoke(cli, ["extract", str(bad), "--json"])
    assert result.exit_code != 0
    assert "bad.txt" in result.output and reason in result.output


def test_extract_jsonl_batch_echoes_ids(runner, tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body><article><p>Gunmen attacked a village near Djibo, Burkina Faso, on Monday, "
                    "killing five civilians, officials said.</p></article></body></html>", encoding="utf-8")
    lines = [
        {"id": "a1", "text": "Suspected JNIM militants attacked an army post in Boulkessi, Mali, on 3 June 2019, killing 12 soldiers."},
        {"id": "a2", "path": str(page), "published": "2019-06-05"},
        "not json",
        {"id": "a4", "html": "<p>Police arrested three suspects in Niamey, Niger, on Tuesday.</p>", "published": "2019-06-05"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = invoke(runner, "extract", "--jsonl", src, "--out", out)
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    assert [r.get("id") for r in rows] == ["a1", "a2", None, "a4"]
    assert "line 3" in rows[2]["error"]["reason"]
    e1 = rows[0]["events"][0]
    assert e1["sub_event_type"] == "Armed clash" and e1["fatalities"] == 12 and e1["event_date"] == "2019-06-03"
    assert e1["actor1"].startswith("JNIM") and e1["country"] == "Mali"
    e2 = rows[1]["events"][0]
    assert e2["event_type"] == "Violence against civilians" and e2["fatalities"] == 5 and e2["event_date"] == "2019-06-03"
    assert rows[3]["events"][0]["sub_event_type"] == "Arrests"


def test_run_twice_adds_nothing_and_exports_open(runner, tmp_path):
    db = tmp_path / "cw.db"
    first = invoke(runner, "run", "--db", db, "--no-progress")
    assert first.exit_code == 0, first.output
    assert "failed: 0" in first.output
    second = invoke(runner, "run", "--db", db, "--no-progress")
    assert "new 0" in second.output and "events stored: 0" in second.output
    total = lambda out: int(out.rsplit("events in total: ", 1)[1].split(")")[0])  # noqa: E731
    assert total(first.output) == total(second.output) > 0

    csv = tmp_path / "e.csv"
    assert invoke(runner, "events", "--db", db, "--format", "acled-csv", "--out", csv).exit_code == 0
    df = pd.read_csv(csv)
    assert list(df.columns[: len(ACLED_COLUMNS)]) == list(ACLED_COLUMNS)
    assert len(df) == total(first.output)
    assert set(df["country"]) <= {"Mali", "Burkina Faso", "Niger"}

    gj = tmp_path / "e.geojson"
    assert invoke(runner, "events", "--db", db, "--format", "geojson", "--out", gj).exit_code == 0
    fc = json.loads(gj.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(df)
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -20 < lon < 30 and 0 < lat < 30  # lon/lat order, Sahel

    pq = tmp_path / "e.parquet"
    assert invoke(runner, "events", "--db", db, "--format", "parquet", "--out", pq).exit_code == 0
    assert len(pd.read_parquet(pq)) == len(df)


def test_run_goes_on_after_bad_inputs_and_records_them(runner, tmp_path):
    from conflictwatch.store import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(bundled_examples() / "menaka-dispatch.txt", corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (corpus / "broken.html").write_bytes(b"<<<>>>")
    (corpus / "latin.txt").write_bytes(b"\xff\xfe\xfa\x80\x81" * 20)
    db = tmp_path / "cw.db"
    result = invoke(runner, "run", corpus, "--db", db, "--no-progress")
    assert result.exit_code == 0, result.output
    assert "processed: 1" in result.output
    for name in ("empty.txt", "image.png", "broken.html"):
        assert name in result.output
    with Store.open(db) as store:
        failed = {f["uri"].rsplit("/", 1)[-1] for f in store.failures()}
        assert {"empty.txt", "image.png", "broken.html"} <= failed
        assert store.count_events() == 2
