"""PNG map of an :class:`InfluenceMap`: one fixed, colour-blind-safe colour per network.

Colours are Okabe & Ito's palette (distinguishable with the common colour-vision deficiencies).  The legend is
built from the layers actually drawn: each entry is the layer's own artist, so a label can never carry another
layer's colour (the published map this project started from had its legend swapped).  No country outlines are
drawn as thin grey lines when the admin-1 polygons file of :mod:`conflictwatch.geo.polygons` has been built
(``scripts/fetch_admin_polygons.sh``); without it the frame is plain longitude/latitude with a grid.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Optional, Sequence

import h3
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure

from conflictwatch.analysis.influence import InfluenceMap

__all__ = ["NETWORK_COLOURS", "CONTESTED_COLOUR", "admin_outlines", "influence_figure", "save_influence_png"]

NETWORK_COLOURS: dict[str, str] = {
    "al-Qaeda": "#E69F00",  # orange
    "Islamic State": "#0072B2",  # blue
    "state": "#009E73",  # bluish green
    "other": "#CC79A7",  # reddish purple
}
CONTESTED_COLOUR = "#BBBBBB"  # grey, hatched
_DRAW_ORDER = ("al-Qaeda", "Islamic State", "state", "other")


def _hexagon(cell: str) -> list[tuple[float, float]]:
    return [(lng, lat) for lat, lng in h3.cell_to_boundary(cell)]


Ring = Sequence[tuple[float, float]]  # (lon, lat) points


def admin_outlines(path: Optional[Path | str] = None) -> list[Ring]:
    """Boundary rings (lon, lat) of the admin-1 polygons built by ``conflictwatch.geo.polygons``; [] without them."""
    try:
        import shapely

        from conflictwatch.geo.polygons import POLYGONS_FORMAT, default_polygons_path
    except ImportError:
        return []
    p = Path(path) if path is not None else default_polygons_path()
    if not p.exists():
        return []
    try:
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return []
    if data.get("format") != POLYGONS_FORMAT:
        return []
    rings: list[Ring] = []
    for unit in data.get("units", ()):
        try:
            geom = shapely.from_wkb(unit["wkb"])
        except (KeyError, shapely.errors.ShapelyError):
            continue
        for poly in getattr(geom, "geoms", [geom]):
            if hasattr(poly, "exterior"):
                rings.append(list(poly.exterior.coords))
    return rings


def influence_figure(imap: InfluenceMap, *, title: str | None = None, show_weak: bool = False,
                     outlines: Sequence[Ring] = ()) -> Figure:
    """A matplotlib Figure (no pyplot state) of ``imap``: dominant cells by network, contested cells hatched.

    ``outlines``: boundary rings (lon, lat) drawn underneath in thin grey (see :func:`admin_outlines`).
    """
    fig = Figure(figsize=(9, 7), dpi=110)
    ax = fig.add_subplot(1, 1, 1)
    if outlines:
        ax.add_collection(LineCollection(list(outlines), colors="#AAAAAA", linewidths=0.4, zorder=0))
    layers = []
    for network in _DRAW_ORDER:
        cells = [c for c in imap.cells if c.status == "dominant" and c.network == network]
        if not cells:
            continue
        coll = PolyCollection([_hexagon(c.cell) for c in cells], facecolors=NETWORK_COLOURS[network],
                              edgecolors="white", linewidths=0.3, label=f"{network} dominant ({len(cells)} cells)")
        ax.add_collection(coll)
        layers.append(coll)
    contested = [c for c in imap.cells if c.status == "contested"]
    if contested:
        coll = PolyCollection([_hexagon(c.cell) for c in contested], facecolors=CONTESTED_COLOUR,
                              edgecolors="#555555", linewidths=0.3, hatch="///",
                              label=f"contested ({len(contested)} cells)")
        ax.add_collection(coll)
        layers.append(coll)
    if show_weak:
        weak = [c for c in imap.cells if c.status == "weak"]
        if weak:
            coll = PolyCollection([_hexagon(c.cell) for c in weak], facecolors="none", edgecolors="#999999",
                                  linewidths=0.3, label=f"low activity ({len(weak)} cells)")
            ax.add_collection(coll)
            layers.append(coll)
    if layers:
        xs = [x for coll in layers for path in coll.get_paths() for x, _ in path.vertices]
        ys = [y for coll in layers for path in coll.get_paths() for _, y in path.vertices]
        pad = max(0.5, 0.05 * max(max(xs) - min(xs), max(ys) - min(ys)))
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        ax.set_ylim(min(ys) - pad, max(ys) + pad)
        ax.legend(handles=layers, loc="best", fontsize=8, title="Network", title_fontsize=9)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.grid(True, linewidth=0.3, color="#DDDDDD")
    ax.set_title(title or f"Areas of influence, {imap.period} (H3 res {imap.resolution})", fontsize=11)
    return fig


def save_influence_png(imap: InfluenceMap, path: Path | str, *, title: str | None = None,
                       outlines: Optional[Sequence[Ring]] = None) -> Path:
    """Write ``imap`` as a PNG file and return its path (admin outlines from :func:`admin_outlines` by default)."""
    path = Path(path)
    fig = influence_figure(imap, title=title, outlines=admin_outlines() if outlines is None else outlines)
    fig.savefig(path, format="png", bbox_inches="tight")
    return path
