from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictwatch.actors import default_kb
from conflictwatch.cli.analysis import import_cli
from conflictwatch.errors import InputError
from conflictwatch.sources.acled import EXTRACTOR, import_acled, parse_acled_date, read_acled
from conflictwatch.store import Store

FIX = Path(__file__).parent / "fixtures"
HEADER = ("event_id_cnty,event_date,event_type,sub_event_type,actor1,inter1,actor2,inter2,country,admin1,"
          "location,latitude,longitude,fatalities\n")


def test_dates_in_the_formats_users_download():
    assert str(parse_acled_date("2019-03-31")) == "2019-03-31"
    assert str(parse_acled_date("03 December 2020")) == "2020-12-03"
    assert str(parse_acled_date("31-March-2019")) == "2019-03-31"
    assert str(parse_acled_date("31 Mar 2019")) == "2019-03-31"
    assert parse_acled_date("March the 31st") is None


def test_dyadic_file_with_hxl_row():
    raw = (FIX / "dyadic_hxl.csv").read_bytes()
    events = read_acled(raw, "dyadic_hxl.csv", kb=default_kb())
    assert [e.event_id_cnty for e in events] == ["MLIT001", "MLIT002", "MLIT003"]
    a, b, c = events
    assert (a.event_date, b.event_date, c.event_date) == ("2019-03-31", "2020-12-03", "2019-03-31")
    assert a.network1 == "al-Qaeda" and a.network2 == "state"
    assert b.network1 == "Islamic State" and b.inter2 == 7
    assert a.disorder_type == "Political violence"  # derived from the taxonomy (no column in old exports)
    assert a.latitude == pytest.approx(15.01) and a.fatalities == 4
    assert all("import:acled" in e.tags and e.extractor == EXTRACTOR for e in events)


def test_monadic_rows_are_merged_by_event_id():
    events = read_acled((FIX / "monadic.csv").read_bytes(), "monadic.csv", kb=default_kb())
    assert len(events) == 2
    clash = events[0]
    assert clash.actor1.startswith("JNIM") and clash.actor2.startswith("Military Forces of Burkina Faso")
    assert clash.inter1 == 2 and clash.inter2 == 1 and clash.network2 == "state"
    assert clash.fatalities == 5  # the event's toll, not one per row
    assert events[1].actor2 == "" and events[1].tags == "crowd size=no report; import:acled"


def test_bad_date_names_file_and_line():
    raw = (HEADER + 'X1,2019-01-02,Battles,Armed clash,A,2,B,1,Mali,Mopti,"multi\nline",14,-1,0\n'
           "X2,the second of May,Battles,Armed clash,A,2,B,1,Mali,Mopti,L,14,-1,0\n").encode()
    with pytest.raises(InputError) as err:
        read_acled(raw, "export.csv")
    assert "export.csv:4" in str(err.value) and "event_date" in str(err.value)


def test_bad_number_and_missing_columns():
    raw = (HEADER + "X1,2019-01-02,Battles,Armed clash,A,2,B,1,Mali,Mopti,L,north,-1,0\n").encode()
    with pytest.raises(InputError, match=r"f.csv:2: latitude 'north' is not a number"):
        read_acled(raw, "f.csv")
    with pytest.raises(InputError, match="missing column"):
        read_acled(b"id,date,what\n1,2019-01-01,x\n", "g.csv")


def test_duplicate_event_in_dyadic_file_is_an_error():
    row = "X1,2019-01-02,Battles,Armed clash,A,2,B,1,Mali,Mopti,L,14,-1,0\n"
    with pytest.raises(InputError, match="appears twice"):
        read_acled((HEADER + row + row).encode(), "dup.csv")


def test_import_is_idempotent_and_keeps_the_raw_bytes(tmp_path):
    src = FIX / "dyadic_hxl.csv"
    with Store.open(tmp_path / "cw.db") as store:
        first = import_acled(store, src)
        again = import_acled(store, src)
        assert first.imported and first.events == 3
        assert not again.imported
        assert store.count_events() == 3
        raws = list(store.iter_raw())
        assert len(raws) == 1 and raws[0].origin == "acled" and raws[0].raw == src.read_bytes()
        stored = {e.event_id_cnty: e for e in store.iter_events()}
        assert stored["MLIT001"].extractor == EXTRACTOR and stored["MLIT001"].network1 == "al-Qaeda"


def test_cli_import(tmp_path):
    db = str(tmp_path / "cw.db")
    runner = CliRunner()
    res = runner.invoke(import_cli, ["acled", str(FIX / "monadic.csv"), "--db", db])
    assert res.exit_code == 0, res.output
    assert "2 events imported" in res.output
    res = runner.invoke(import_cli, ["acled", str(FIX / "monadic.csv"), "--db", db])
    assert res.exit_code == 0 and "already imported" in res.output
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "X1,someday,Battles,Armed clash,A,2,B,1,Mali,Mopti,L,14,-1,0\n")
    res = runner.invoke(import_cli, ["acled", str(bad), "--db", db])
    assert res.exit_code != 0 and "bad.csv:2" in res.output


def _split_export(tmp_path):
    """Two overlapping exports cut from the fixture: rows 1-2 and rows 2-3 (MLIT002 is in both)."""
    lines = (FIX / "dyadic_hxl.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header, hxl, rows = lines[0], lines[1], lines[2:]
    a, b = tmp_path / "jan-jun.csv", tmp_path / "mar-dec.csv"
    a.write_text(header + hxl + "".join(rows[:2]), encoding="utf-8")
    b.write_text(header + "".join(rows[1:]), encoding="utf-8")  # the second without the HXL row
    return a, b


def test_overlapping_exports_skip_shared_events(tmp_path):
    a, b = _split_export(tmp_path)
    with Store.open(tmp_path / "cw.db") as store:
        first = import_acled(store, a)
        second = import_acled(store, b)
        assert (first.events, first.skipped, first.rows) == (2, 0, 2)
        assert (second.events, second.skipped, second.rows) == (1, 1, 2)
        assert second.skipped_ids == ("MLIT002",)
        assert store.count_events() == 3
        owner = {e.event_id_cnty: e.doc_id for e in store.iter_events()}
        assert owner["MLIT002"] == first.doc_id and owner["MLIT003"] == second.doc_id
        # re-importing either file adds nothing; the whole export afterwards only skips
        assert not import_acled(store, b).imported
        whole = import_acled(store, FIX / "dyadic_hxl.csv")
        assert (whole.events, whole.skipped) == (0, 3)
        assert store.count_events() == 3


def test_cli_import_reports_skipped(tmp_path):
    a, b = _split_export(tmp_path)
    db = str(tmp_path / "cw.db")
    res = CliRunner().invoke(import_cli, ["acled", str(a), str(b), "--db", db])
    assert res.exit_code == 0, res.output
    assert "1 already stored from another file, skipped" in res.output
    res = CliRunner().invoke(import_cli, ["acled", str(FIX / "dyadic_hxl.csv"), "--db", db, "--json"])
    data = json.loads(res.output)
    assert data[0]["events"] == 0 and data[0]["skipped_existing"] == 3 and data[0]["rows"] == 3
