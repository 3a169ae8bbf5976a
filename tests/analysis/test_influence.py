from __future__ import annotations

import h3
import pytest
from matplotlib.colors import to_rgba

from conflictwatch.analysis import InfluenceConfig, compute_influence
from conflictwatch.analysis.influence_map import CONTESTED_COLOUR, NETWORK_COLOURS, influence_figure

from ._events import CIVILIANS, ISGS, JNIM, MALI_ARMY, ev

A = (14.50, -3.50)  # three places far apart (different H3 res-4 cells)
B = (15.20, 1.50)
C = (13.40, -0.50)
CFG = InfluenceConfig(resolution=4, period="year")


def _cell(p):
    return h3.latlng_to_cell(p[0], p[1], 4)


def _events():
    out = [ev(f"2019-0{m}-10", *A, JNIM, actor2=CIVILIANS, inter2=7, event_type="Violence against civilians",
              sub_event_type="Attack") for m in range(1, 6)]
    out += [ev(f"2019-0{m}-12", *B, ISGS, actor2=MALI_ARMY, inter2=1) for m in range(1, 6)]
    out += [ev(f"2019-0{m}-14", *C, JNIM) for m in range(1, 4)]
    out += [ev(f"2019-0{m}-15", *C, ISGS) for m in range(1, 4)]
    return out


def test_dominant_and_contested_cells(resolver):
    (imap,) = compute_influence(_events(), resolver, CFG)
    cells = {c.cell: c for c in imap.cells}
    assert cells[_cell(A)].status == "dominant" and cells[_cell(A)].network == "al-Qaeda"
    assert cells[_cell(B)].status == "contested"  # ISGS vs the army it fought: battles count both sides
    assert set(cells[_cell(B)].contested_by) == {"Islamic State", "state"}
    assert cells[_cell(C)].status == "contested" and set(cells[_cell(C)].contested_by) == {"al-Qaeda", "Islamic State"}
    assert "Civilians" not in " ".join(cells[_cell(A)].actors)  # civilians hold no area
    assert cells[_cell(A)].events_in_period == 5 and len(cells[_cell(A)].event_ids) == 5
    assert imap.summary()["dominant"] == {"al-Qaeda": 1}


def test_time_decay_favours_recent_activity(resolver):
    old = [ev("2018-01-05", *A, JNIM) for _ in range(2)]  # ~7 half-lives before the end of 2019
    recent = [ev("2019-12-01", *A, ISGS)]
    cfg = InfluenceConfig(resolution=4, half_life_days=90, min_score=0.5)
    (imap,) = compute_influence(old + recent, resolver, cfg,
                                periods=["2019"])
    cell = imap.cells[0]
    assert cell.scores["Islamic State"] > cell.scores["al-Qaeda"] * 5
    assert cell.network == "Islamic State"
    # outside the window nothing counts
    (later,) = compute_influence(old, resolver, InfluenceConfig(resolution=4, window_days=365), periods=["2019"])
    assert later.cells == ()


def test_unidentified_groups_hold_no_area(resolver):
    events = [ev("2019-05-01", *A, "Unidentified Armed Group (Mali)", 3) for _ in range(4)]
    (imap,) = compute_influence(events, resolver, CFG)
    assert imap.cells == ()
    (imap,) = compute_influence(events, resolver, InfluenceConfig(resolution=4, count_unidentified=True))
    assert imap.cells[0].network == "other"


def test_geojson_polygons(resolver):
    (imap,) = compute_influence(_events(), resolver, CFG)
    gj = imap.to_geojson()
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 3
    for f in gj["features"]:
        ring = f["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1] and len(ring) == 7
        assert f["properties"]["period"] == "2019" and f["properties"]["status"] in ("dominant", "contested")
    a = next(f for f in gj["features"] if f["properties"]["cell"] == _cell(A))
    lon, lat = a["geometry"]["coordinates"][0][0]
    assert lon == pytest.approx(A[1], abs=0.5) and lat == pytest.approx(A[0], abs=0.5)


def test_each_legend_entry_has_the_colour_of_its_layer(resolver):
    events = _events() + [ev(f"2019-12-0{d}", 12.0, -1.5, "Military Forces of Burkina Faso (2015-2022)", 1)
                          for d in (1, 2, 3)]
    (imap,) = compute_influence(events, resolver, CFG)
    fig = influence_figure(imap, outlines=[[(-5, 10), (5, 10), (5, 20), (-5, 20), (-5, 10)]])
    ax = fig.axes[0]
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert len(labels) == 3  # al-Qaeda, state, contested: only what the data holds
    layers = {c.get_label(): c for c in ax.collections if not c.get_label().startswith("_")}
    expected = {"al-Qaeda": NETWORK_COLOURS["al-Qaeda"], "state": NETWORK_COLOURS["state"],
                "contested": CONTESTED_COLOUR}
    for text, handle in zip(labels, legend.legend_handles):
        layer = layers[text]
        assert tuple(handle.get_facecolor()) == pytest.approx(tuple(layer.get_facecolor()[0]))
        key = text.split(" dominant")[0].split(" (")[0]
        assert tuple(layer.get_facecolor()[0]) == pytest.approx(to_rgba(expected[key]))
    # the colours are fixed per network and distinct
    assert len(set(NETWORK_COLOURS.values())) == 4
