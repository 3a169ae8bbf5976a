"""A brief as one self-contained HTML page (inline SVG map and charts, no external files).

All text from the data goes through :func:`html.escape`: source titles and
sentences are hostile input.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any, Optional

from conflictwatch import __version__
from conflictwatch.reports.brief import Brief
from conflictwatch.web import static_dir
from conflictwatch.web.palette import UNKNOWN_NETWORK

__all__ = ["render_html"]


@lru_cache(maxsize=2)
def _basemap(path: str) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.is_file():
        return []
    return json.loads(p.read_text(encoding="utf-8"))["features"]


def _rings(geom: dict[str, Any]) -> list[list[list[float]]]:
    if geom["type"] == "Polygon":
        return list(geom["coordinates"])
    if geom["type"] == "MultiPolygon":
        return [ring for poly in geom["coordinates"] for ring in poly]
    return []


def _bbox(rings: list[list[list[float]]]) -> Optional[tuple[float, float, float, float]]:
    pts = [p for r in rings for p in r]
    if not pts:
        return None
    return min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts)


def _color(brief: Brief, network: str) -> str:
    colors = brief.network_colors
    return colors.get(network or UNKNOWN_NETWORK) or colors.get(UNKNOWN_NETWORK, "#7f7f7f")


def _map_svg(brief: Brief, width: int = 640, height: int = 420) -> str:
    features = _basemap(str(static_dir() / "basemap.geojson"))
    target = next((f for f in features if brief.iso_numeric is not None and str(f.get("id")) == f"{brief.iso_numeric:03d}"),
                  None)
    pts = [(e.longitude, e.latitude, e) for e in brief.events if e.latitude is not None and e.longitude is not None]
    box = _bbox(_rings(target["geometry"])) if target else None
    if box is None and pts:
        box = (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))
    if box is None:
        return '<p class="muted">No map: the country outline and event coordinates are missing.</p>'
    w, s, e, n = box
    pad = max(e - w, n - s) * 0.08 + 0.2
    w, s, e, n = w - pad, s - pad, e + pad, n + pad
    kx = math.cos(math.radians((s + n) / 2))
    scale = min(width / ((e - w) * kx), height / (n - s))

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - w) * kx * scale, (n - lat) * scale

    out = [f'<svg class="map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="#cfe0ec"/>']
    for f in features:
        rings = _rings(f["geometry"])
        fb = _bbox(rings)
        if fb is None or fb[2] < w or fb[0] > e or fb[3] < s or fb[1] > n:
            continue
        d = " ".join("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in (xy(*p) for p in ring)) + "Z" for ring in rings)
        fill = "#f4efe2" if f is target else "#e2ded4"
        out.append(f'<path d="{d}" fill="{fill}" stroke="#8a8f98" stroke-width="{1.4 if f is target else 0.6}"/>')
    for lon, lat, ev in sorted(pts, key=lambda p: -p[2].fatalities):
        x, y = xy(lon, lat)
        r = 4 + min(14, math.sqrt(ev.fatalities) * 1.6)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{_color(brief, ev.network1)}" '
                   f'fill-opacity="0.75" stroke="#222" stroke-width="0.7"><title>{escape(ev.location)}: '
                   f'{escape(ev.event_type)}, {ev.fatalities} killed</title></circle>')
    out.append("</svg>")
    return "".join(out)


def _trend_svg(weekly: list[tuple[str, int, int]], width: int = 640, height: int = 200) -> str:
    if not weekly:
        return ""
    left, bottom, top = 36, 34, 12
    n = len(weekly)
    peak_e = max(1, max(r[1] for r in weekly))
    peak_f = max(1, max(r[2] for r in weekly))
    bw = (width - left - 40) / n
    ih = height - bottom - top
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           'xmlns="http://www.w3.org/2000/svg">']
    out.append(f'<line x1="{left}" y1="{top + ih}" x2="{width - 40}" y2="{top + ih}" stroke="#888"/>')
    line = []
    for i, (week, ev, fat) in enumerate(weekly):
        x = left + i * bw
        h = ih * ev / peak_e
        out.append(f'<rect x="{x + 1:.1f}" y="{top + ih - h:.1f}" width="{max(1.0, bw - 2):.1f}" height="{h:.1f}" '
                   f'fill="#3b6ea5"><title>week of {week}: {ev} events, {fat} fatalities</title></rect>')
        line.append(f"{x + bw / 2:.1f},{top + ih - ih * fat / peak_f:.1f}")
        if n <= 16 or i % max(1, n // 8) == 0:
            out.append(f'<text x="{x + bw / 2:.1f}" y="{height - 18}" font-size="9" text-anchor="middle">'
                       f"{week[5:]}</text>")
    out.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="#c0392b" stroke-width="2"/>')
    out.append(f'<text x="4" y="{top + 8}" font-size="10" fill="#3b6ea5">{peak_e}</text>')
    out.append(f'<text x="{width - 36}" y="{top + 8}" font-size="10" fill="#c0392b">{peak_f}</text>')
    out.append(f'<text x="{left}" y="{height - 4}" font-size="10" fill="#555">bars: events per week (left scale); '
               f"line: fatalities per week (right scale)</text></svg>")
    return "".join(out)


def _bars_svg(rows: list[tuple[str, int, int]], width: int = 640) -> str:
    if not rows:
        return ""
    rows = rows[:10]
    height = 22 * len(rows) + 8
    peak = max(1, max(r[1] for r in rows))
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           'xmlns="http://www.w3.org/2000/svg">']
    for i, (label, count, fat) in enumerate(rows):
        y = 4 + i * 22
        bw = (width - 340) * count / peak
        out.append(f'<text x="0" y="{y + 14}" font-size="11">{escape(label[:38])}</text>')
        out.append(f'<rect x="220" y="{y + 3}" width="{bw:.1f}" height="14" fill="#3b6ea5"/>')
        out.append(f'<text x="{226 + bw:.1f}" y="{y + 14}" font-size="11">{count} ({fat} killed)</text>')
    out.append("</svg>")
    return "".join(out)


def _delta(now: int, before: int) -> str:
    if before == 0:
        return "no events in the previous period" if now == 0 else "none in the previous period"
    change = (now - before) / before * 100
    return f"{change:+.0f}% on the previous period ({before})"


_CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font: 11pt/1.45 "DejaVu Sans", Arial, sans-serif; color: #1d2530; max-width: 900px; margin: 0 auto; }
h1 { font-size: 20pt; margin: 0 0 2px; }
h2 { font-size: 13pt; border-bottom: 2px solid #1f2d3d; margin-top: 18px; page-break-after: avoid; break-after: avoid; }
section { break-inside: avoid; page-break-inside: avoid; }
.muted { color: #667; } .kpis { display: flex; gap: 14px; margin: 10px 0; }
.kpi { flex: 1; background: #f1f5f9; padding: 8px 10px; border-radius: 4px; }
.kpi b { display: block; font-size: 18pt; } .kpi span { font-size: 9pt; color: #556; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; } td, th { border-bottom: 1px solid #dde; padding: 4px; text-align: left; vertical-align: top; }
.cite { font-size: 8.5pt; color: #445; } .cite a { color: #1f5fa5; word-break: break-all; }
.legend span { display: inline-block; margin-right: 12px; font-size: 9pt; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; border: 1px solid #333; }
.event { page-break-inside: avoid; }
svg { max-width: 100%; height: auto; }
"""


def _link(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return f'<a href="{escape(url, quote=True)}">{escape(url)}</a>'
    return escape(url)


def render_html(brief: Brief) -> str:
    """The brief as a complete HTML document."""
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    legend = "".join(f'<span><i style="background:{_color(brief, k)}"></i>{escape(k)} ({v})</span>'
                     for k, v in brief.by_network)
    top_rows = []
    for i, (ev, cites) in enumerate(brief.top_events, 1):
        cite_html = "".join(
            f'<div class="cite">[{i}] {escape(", ".join(x for x in (c.publisher, c.published) if x) or "source")}: '
            f"“{escape(c.title)}” {_link(c.url)}<br><i>“{escape(c.sentence)}”</i></div>" for c in cites)
        actors = escape(ev.actor1) + (f" vs {escape(ev.actor2)}" if ev.actor2 else "")
        top_rows.append(
            f'<tr class="event"><td>{escape(ev.event_date or "undated")}</td><td><b>{escape(ev.event_type)}</b> — '
            f"{escape(ev.sub_event_type)}<br>{actors}<br>{escape(ev.location)}, {escape(ev.admin1)}{cite_html}</td>"
            f"<td>{ev.fatalities}</td></tr>")
    if brief.influence is None:
        influence = '<p class="muted">Not available in this build (no influence analysis).</p>'
    elif not brief.influence:
        influence = "<p>No change in areas of influence over the period.</p>"
    else:
        influence = "<ul>" + "".join(f"<li>{escape(_describe(x))}</li>" for x in brief.influence) + "</ul>"
    if brief.alerts is None:
        alerts = '<p class="muted">Not available in this build (no alerting analysis).</p>'
    elif not brief.alerts:
        alerts = "<p>No active alerts.</p>"
    else:
        alerts = "<ul>" + "".join(f"<li>{escape(_describe(x))}</li>" for x in brief.alerts) + "</ul>"
    period = f"{brief.date_from} to {brief.date_to}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Situation brief: {escape(brief.country)}, {period}</title>
<style>{_CSS}</style></head><body>
<h1>Situation brief: {escape(brief.country)}</h1>
<div class="muted">{period} · generated {generated} by conflictwatch {escape(__version__)} · reviewed events only
(analyst corrections applied, rejected events left out)</div>
<div class="kpis">
<div class="kpi"><b>{brief.total_events}</b><span>events · {_delta(brief.total_events, brief.previous_events)}</span></div>
<div class="kpi"><b>{brief.total_fatalities}</b><span>reported fatalities · {_delta(brief.total_fatalities, brief.previous_fatalities)}</span></div>
<div class="kpi"><b>{len(brief.by_admin1)}</b><span>admin-1 areas with events</span></div>
</div>
<section><h2>Map</h2>{_map_svg(brief)}<div class="legend">{legend}</div></section>
<section><h2>Trend</h2>{_trend_svg(brief.weekly)}</section>
<section><h2>Events by type</h2>{_bars_svg(brief.by_type)}</section>
<section><h2>Events by area</h2>{_bars_svg(brief.by_admin1)}</section>
<h2>Most serious events</h2>
{"<table><tr><th>Date</th><th>Event and sources</th><th>Killed</th></tr>" + "".join(top_rows) + "</table>" if top_rows else "<p>No events in this period.</p>"}
<section><h2>Changes in areas of influence</h2>{influence}</section>
<section><h2>Active alerts</h2>{alerts}</section>
<p class="muted">Events are extracted automatically from news reports and may contain errors; each is cited
to its source text.  Fatality figures are as reported.</p>
</body></html>
"""


def _describe(item: Any) -> str:
    if isinstance(item, dict):
        for key in ("summary", "message", "text", "description"):
            if item.get(key):
                return str(item[key])
        return ", ".join(f"{k}: {v}" for k, v in item.items())
    return str(item)
