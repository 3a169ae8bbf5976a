"""Conflict index on constructed event sets whose answer is known."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest
from click.testing import CliRunner

from conflictwatch.analysis.index import IndexRules, conflict_index, country_areas, grid_cell
from conflictwatch.cli.analysis import analyze_cli
from conflictwatch.records import Document, Extraction
from conflictwatch.store import Store
from tests.analysis._events import CIVILIANS, ISGS, JNIM, MALI_ARMY, ev

MILITIA = "Dan Na Ambassagou"  # an identity militia (inter 4)


def _mali_2019():
    out = []
    # 10 events in one cell near Douentza: a high-violence cell
    for i in range(10):
        out.append(ev(f"2019-03-{i + 1:02d}", 15.0, -2.95, JNIM, 2, actor2=MALI_ARMY, inter2=1, fatalities=1))
    # 9 events in another cell (> 10 km away): below the threshold
    for i in range(9):
        out.append(ev(f"2019-04-{i + 1:02d}", 14.5, -4.2, ISGS, 2, actor2=CIVILIANS, inter2=7,
                      event_type="Violence against civilians", sub_event_type="Attack", fatalities=2))
    # an unidentified group and a militia: only the militia counts for fragmentation
    out.append(ev("2019-05-01", 14.0, -3.5, "Unidentified Armed Group (Mali)", 2, fatalities=0, admin1="Segou"))
    out.append(ev("2019-05-02", 14.0, -3.5, MILITIA, 4, actor2=CIVILIANS, inter2=7, event_type="Violence against civilians",
                  sub_event_type="Attack", fatalities=5, admin1="Segou"))
    # not political violence: ignored
    out.append(ev("2019-05-03", 12.6, -8.0, "Protesters (Mali)", 6, event_type="Protests", sub_event_type="Peaceful protest",
                  admin1="Bamako"))
    return out


def _niger_2019():
    # a single battle between ISGS and the army, 3 killed
    return [ev("2019-06-01", 14.9, 0.8, ISGS, 2, actor2="Military Forces of Niger (2011-2021)", inter2=1,
               fatalities=3, country="Niger", admin1="Tillaberi", iso=562)]


def test_grid_cells_are_about_10_km():
    a = grid_cell(15.0, -2.95)
    assert grid_cell(15.0, -2.95 + 0.02) == a  # ~2 km east: same cell
    assert grid_cell(15.0 + 0.2, -2.95) != a  # ~22 km north: another cell
    # equal area: 10 km east of a cell's west edge is the next cell, at the equator and at 60°N alike
    for lat in (0.05, 60.05):
        row, col = grid_cell(lat, 10.0)
        km_per_deg = 111.195 * math.cos(math.radians(lat))
        assert grid_cell(lat, 10.0 + 10.5 / km_per_deg)[1] - col in (1, 2)
        assert grid_cell(lat, 10.0 + 30.5 / km_per_deg)[1] - col in (3, 4)


def test_country_indicators_known_answer(resolver):
    [idx] = conflict_index(_mali_2019() + _niger_2019(), resolver, level="country")
    assert idx.period == "2019" and idx.high_threshold == 10
    mali = next(r for r in idx.rows if r.area == "Mali")
    assert mali.events == 21  # protest left out
    assert mali.deadliness == 10 * 1 + 9 * 2 + 5
    assert mali.danger_to_civilians == 10  # 9 ISGS attacks + the militia's
    assert mali.high_cells == 1
    assert mali.diffusion_basis == "area"
    assert mali.total_cells == round(country_areas()["Mali"] / 100)
    assert mali.diffusion == pytest.approx(1 / mali.total_cells)
    assert mali.groups == ("JNIM: Group for Support of Islam and Muslims", "Islamic State (Greater Sahara)",
                           MILITIA)  # most active first
    assert mali.fragmentation == 3  # JNIM, ISGS, the militia; not the unidentified group, not the army
    niger = next(r for r in idx.rows if r.area == "Niger")
    assert (niger.deadliness, niger.danger_to_civilians, niger.high_cells, niger.fragmentation) == (3, 0, 0, 1)
    # Mali is worse on every indicator: rank 1 on each and overall
    assert mali.rank == 1 and niger.rank == 2
    assert mali.ranks == {"deadliness": 1, "danger_to_civilians": 1, "diffusion": 1, "fragmentation": 1}
    assert niger.ranks["diffusion"] == 2 and niger.ranks["fragmentation"] == 2
    assert mali.score == pytest.approx(1.0)


def test_admin1_uses_active_cells_without_area(resolver):
    [idx] = conflict_index(_mali_2019(), resolver, level="admin1")
    mopti = next(r for r in idx.rows if r.area == "Mali / Mopti")
    assert mopti.diffusion_basis == "active cells"
    assert (mopti.high_cells, mopti.total_cells) == (1, 2)
    assert mopti.diffusion == pytest.approx(0.5)
    segou = next(r for r in idx.rows if r.area == "Mali / Segou")
    assert segou.fragmentation == 1 and segou.deadliness == 5 and segou.high_cells == 0
    assert "Mali / Bamako" not in {r.area for r in idx.rows}
    # an area given by the caller is used instead
    [idx2] = conflict_index(_mali_2019(), resolver, level="admin1", areas={"Mali / Mopti": 1000.0})
    mopti2 = next(r for r in idx2.rows if r.area == "Mali / Mopti")
    assert (mopti2.total_cells, mopti2.diffusion_basis) == (10, "area")


def test_years_and_window(resolver):
    events = _mali_2019() + [ev("2020-02-01", 15.0, -2.95, JNIM, 2, fatalities=7)]
    by_year = conflict_index(events, resolver)
    assert [i.period for i in by_year] == ["2019", "2020"]
    assert conflict_index(events, resolver, years=[2020])[0].rows[0].deadliness == 7
    # a 3-month window: the threshold scales down (10 a year -> ~2 in 92 days), so the 9-event cell is high too
    [win] = conflict_index(events, resolver, start=date(2019, 3, 1), end=date(2019, 5, 31))
    assert win.period == "2019-03-01..2019-05-31"
    assert win.high_threshold == 3
    mali = win.rows[0]
    assert mali.high_cells == 2 and mali.deadliness == 33


def test_rules_from_yaml_and_bad_level(resolver):
    rules = IndexRules({"political_violence": {"event_types": ["Battles"]}, "diffusion": {"high_events_per_year": 9}})
    [idx] = conflict_index(_mali_2019(), resolver, rules=rules)
    mali = idx.rows[0]
    assert mali.events == 11 and mali.high_cells == 1 and mali.danger_to_civilians == 0
    with pytest.raises(ValueError, match="unknown level"):
        conflict_index([], resolver, level="admin2")
    assert conflict_index([], resolver) == []


def test_cli_index_json(tmp_path):
    events = tuple(e.replace(doc_id="a" * 64) for e in _mali_2019() + _niger_2019())
    db = tmp_path / "cw.db"
    with Store.open(db) as store:
        store.save_extraction(Extraction(document=Document(id="a" * 64, uri="test", text="x"), events=events), "test")
    res = CliRunner().invoke(analyze_cli, ["index", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data[0]["period"] == "2019"
    assert [a["area"] for a in data[0]["areas"]] == ["Mali", "Niger"]
    assert data[0]["areas"][0]["deadliness"] == 33
    res = CliRunner().invoke(analyze_cli, ["index", "--db", str(db), "--level", "admin1", "--from", "2019-01-01",
                                           "--to", "2019-12-31"])
    assert res.exit_code == 0, res.output
    assert "Mali / Mopti" in res.output
