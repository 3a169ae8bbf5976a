"""``conflictwatch eval`` through click's runner, on hand-written inputs (our own sentences)."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from conflictwatch.cli.eval import eval_cli
from conflictwatch.evaluation.acled import REQUIRED_COLUMNS
from conflictwatch.evaluation.report import ERROR_COLUMNS

ROWS = [
    {
        "event_id_cnty": "T1", "event_date": "2019-05-12", "year": "2019", "time_precision": "1",
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Unidentified Armed Group (Burkina Faso)", "actor2": "Military Forces of Burkina Faso (2015-2022)",
        "inter1": "3", "inter2": "1", "country": "Burkina Faso", "admin1": "Sahel", "admin2": "Soum",
        "location": "Djibo", "latitude": "14.1", "longitude": "-1.63", "geo_precision": "1", "fatalities": "4",
        "notes": "On 12 May 2019, gunmen attacked an army patrol near Djibo (Soum, Sahel). Four soldiers were killed.",
    },
    {
        "event_id_cnty": "T2", "event_date": "2016-02-03", "year": "2016", "time_precision": "1",
        "event_type": "Protests", "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Mali)", "actor2": "", "inter1": "6", "inter2": "0", "country": "Mali",
        "admin1": "Bamako", "admin2": "Bamako", "location": "Bamako", "latitude": "12.65", "longitude": "-8.0",
        "geo_precision": "1", "fatalities": "0",
        "notes": "On 3 February 2016, traders marched peacefully in Bamako to protest against a new market tax.",
    },
]


@pytest.fixture()
def rows_csv(tmp_path):
    path = tmp_path / "rows.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(REQUIRED_COLUMNS))
        w.writeheader()
        w.writerows(ROWS)
    return path


def test_acled_table_and_errors(rows_csv, tmp_path):
    errors = tmp_path / "misses.csv"
    result = CliRunner().invoke(eval_cli, ["acled", str(rows_csv), "--errors", str(errors)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    for label in ("event_type accuracy", "sub_event_type micro-F1", "actor1 network", "location within 5 / 25 / 161 km",
                  "events per report", "reports/s", "counted wrong on every field"):
        assert label in out
    assert "ACLED rows: 2" in out
    with open(errors, encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    assert tuple(lines[0]) == ERROR_COLUMNS
    for line in lines[1:]:
        assert line[0] in {"T1", "T2"} and line[-1] in {r["notes"] for r in ROWS}


def test_acled_json_with_year_filter(rows_csv):
    result = CliRunner().invoke(eval_cli, ["acled", str(rows_csv), "--json", "--years", "2019"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["rows"] == 1 and data["years"] == [2019]
    assert 0.0 <= data["scores"]["sub_event_type.micro_f1"] <= 1.0
    assert data["events_per_report"]["mean"] >= 0


def test_acled_errors_are_reported_not_raised(rows_csv, tmp_path):
    runner = CliRunner()
    result = runner.invoke(eval_cli, ["acled", str(tmp_path / "missing.csv")])
    assert result.exit_code != 0 and "cannot read" in result.output
    result = runner.invoke(eval_cli, ["acled", str(rows_csv), "--years", "2030"])
    assert result.exit_code != 0 and "no rows left" in result.output
    result = runner.invoke(eval_cli, ["acled", str(rows_csv), "--years", "soon"])
    assert result.exit_code != 0 and "not a year list" in result.output


def test_extraction_command(tmp_path):
    import gzip

    key = "c" * 64
    body = ("Security forces said they had repelled an attack on a checkpoint outside the town overnight. "
            "Three assailants were arrested and weapons were seized, according to a police statement.")
    html = f"<html><body><nav>Home | News | Contact</nav><article><p>{body}</p></article></body></html>"
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / f"{key}.html.gz").write_bytes(gzip.compress(html.encode()))
    (tmp_path / "ground-truth.json").write_text(json.dumps({key: {"articleBody": body, "url": None}}))
    result = CliRunner().invoke(eval_cli, ["extraction", str(tmp_path), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["extractor"] for d in data] == ["main_text", "clean"]
    assert all(d["pages"] == 1 and d["recall"] > 0.9 for d in data)
    text = CliRunner().invoke(eval_cli, ["extraction", str(tmp_path), "--extractor", "main_text"]).output
    assert "ms/page" in text and "main_text" in text and "clean " not in text
