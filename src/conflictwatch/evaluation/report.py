"""Render evaluation results: score tables as text, misses as CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Sequence, TextIO, Union

from conflictwatch.evaluation.acled import ERROR_FIELDS, AcledReport
from conflictwatch.evaluation.extraction import ExtractionReport

__all__ = ["acled_lines", "extraction_lines", "write_errors", "ERROR_COLUMNS"]

ERROR_COLUMNS = ("event_id_cnty", "field", "gold", "predicted", "detail", "events_extracted", "notes")

# (label, key in AcledReport.flat()) rows of the field table, in print order.
_FIELD_ROWS = (
    ("actor1 (ACLED name, exact)", "actor1"),
    ("actor1 (ignoring period)", "actor1_base"),
    ("actor1 network", "actor1_network"),
    ("actor2 (ACLED name, exact)", "actor2"),
    ("actor2 (ignoring period)", "actor2_base"),
    ("actor2 network", "actor2_network"),
    ("inter1", "inter1"),
    ("inter2", "inter2"),
    ("country", "country"),
    ("admin1", "admin1"),
    ("admin2", "admin2"),
    ("geo_precision", "geo_precision"),
    ("event_date exact", "event_date"),
    ("time_precision", "time_precision"),
    ("fatalities exact", "fatalities"),
    ("fatalities within +-1", "fatalities_pm1"),
)


def _pct(x: float) -> str:
    return f"{x:.3f}"


def acled_lines(report: AcledReport, top: int = 15) -> list[str]:
    """The ACLED score table as lines of text."""
    r = report
    flat = r.flat()
    epr = r.events_per_report
    years = f"{r.years[0]}-{r.years[-1]}" if r.years else "-"
    lines = [
        f"ACLED rows: {r.n} (years {years}); rows with no extracted event: {epr['share_0'] * r.n:.0f} "
        f"({epr['share_0']:.1%}), counted wrong on every field; pipeline rejected: {r.rejected}",
        "When a report yields several events, the best-matching one is scored (an upper bound for that report).",
        *(["DATE HINT: the coded event date was given as publication date (diagnostic, not a headline figure)."]
          if r.date_hint else []),
        "",
        f"{'event_type accuracy':34} {_pct(r.event_type.accuracy)}   macro-F1 {_pct(r.event_type.macro_f1)}",
        f"{'sub_event_type micro-F1':34} {_pct(r.sub_event_type.micro_f1)}   macro-F1 {_pct(r.sub_event_type.macro_f1)}"
        f"   (precision on produced {_pct(r.sub_event_type.micro_precision)})",
    ]
    for label, key in _FIELD_ROWS:
        lines.append(f"{label:34} {_pct(flat[key])}")
    loc = r.location
    med = f"{loc.median_km:.1f} km" if loc.median_km is not None else "n/a (most rows unlocated)"
    med_loc = f"{loc.median_located_km:.1f} km" if loc.median_located_km is not None else "n/a"
    lines.append(
        f"{'location within 5 / 25 / 161 km':34} {_pct(loc.within[5])} / {_pct(loc.within[25])} / {_pct(loc.within[161])}"
        f"   median {med} (located rows {loc.located}: median {med_loc})"
    )
    lines.append(
        f"{'events per report':34} mean {epr['mean']:.2f}; 0: {epr['share_0']:.1%}  1: {epr['share_1']:.1%}  "
        f"2: {epr['share_2']:.1%}  3+: {epr['share_3+']:.1%}"
    )
    lines.append(
        f"{'throughput':34} {r.reports_per_second:.1f} reports/s, {r.words_per_second:,.0f} words/s "
        f"({r.seconds:.1f} s extracting, pipeline load excluded)"
    )
    lines.append("")
    lines.append(f"sub_event_type: top confusions (gold -> predicted), of {sum(c for *_, c in r.sub_event_type.confusions)} misses")
    for gold, pred, count in r.sub_event_type.confusions[:top]:
        lines.append(f"  {count:5d}  {gold} -> {pred}")
    lines.append("")
    lines.append("sub_event_type per class (gold support, precision, recall, F1):")
    per = sorted(r.sub_event_type.per_class.items(), key=lambda kv: -kv[1]["support"])
    for label, s in per:
        lines.append(f"  {label:42} {int(s['support']):5d}  P {_pct(s['precision'])}  R {_pct(s['recall'])}  F1 {_pct(s['f1'])}")
    return lines


def extraction_lines(reports: Sequence[ExtractionReport]) -> list[str]:
    """The main-text score table as lines of text."""
    if not reports:
        return ["no extractor scored"]
    n = reports[0].n
    unit = "tokens" if reports[0].ngram <= 1 else f"{reports[0].ngram}-gram shingles"
    lines = [
        f"Article extraction: {n} pages; bag of lower-cased word {unit}; precision/recall/F1 are means over pages",
        f"{'extractor':12} {'precision':>9} {'recall':>7} {'F1':>7} {'AEB F1':>7} {'ms/page':>8} {'failed':>6}",
    ]
    for r in reports:
        lines.append(
            f"{r.extractor:12} {r.precision:9.3f} {r.recall:7.3f} {r.f1:7.3f} {r.aeb_f1:7.3f} {r.ms_per_page:8.1f} {r.failed:6d}"
        )
    lines.append("(AEB F1: F1 of the mean precision and mean recall, as the benchmark's evaluate.py reports)")
    return lines


def write_errors(report: AcledReport, out: Union[str, Path, TextIO]) -> int:
    """Write every miss (one line per row and field) as CSV; return the number of lines written.

    Actor fields are misses on the exact ACLED name; location is a miss beyond 25 km
    or when no coordinates were extracted; a row with no event misses every field.
    """
    own = isinstance(out, (str, Path))
    fh = open(out, "w", encoding="utf-8", newline="") if own else out
    try:
        writer = csv.writer(fh)
        writer.writerow(ERROR_COLUMNS)
        n = 0
        for prediction, fields in report.comparisons:
            for name in ERROR_FIELDS:
                res = fields[name]
                if res.correct:
                    continue
                detail = res.detail or (f"rejected: {prediction.rejected}" if prediction.rejected else "")
                if prediction.best is None and not detail:
                    detail = "no event extracted"
                writer.writerow(
                    (prediction.row.row_id, name, res.gold, res.predicted, detail, len(prediction.events), prediction.row.notes)
                )
                n += 1
        return n
    finally:
        if own:
            fh.close()
