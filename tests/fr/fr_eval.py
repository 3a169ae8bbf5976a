"""Score the pipeline on the team's French test set and its English parallel (``data/fr-testset/``).

The files are ACLED-layout CSVs that ``conflictwatch eval acled`` also reads; this scorer adds what
that command leaves out: each report's publication date (the ``published`` column), without which
French and English relative dates ("mardi dernier", "last Tuesday") cannot be resolved.  It reuses the
harness's pairing and scoring (``conflictwatch.evaluation.acled``), so the figures are the same kind.

    .venv/bin/python -m tests.fr.fr_eval            # French, English parallel, and the gap per field
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Optional, Sequence

from conflictwatch.evaluation.acled import AcledReport, GoldRow, Prediction, load_rows, pair_best, score
from conflictwatch.records import RawDocument, Rejected, content_id

ROOT = Path(__file__).resolve().parents[2]
TESTSET = ROOT / "data" / "fr-testset"
FRENCH = TESTSET / "fr_reports.csv"
ENGLISH = TESTSET / "en_parallel.csv"

# The fields compared between French and English (the score table).
TABLE = ("event_type", "sub_event_type", "actor1", "actor2", "admin1", "location", "event_date", "fatalities")


def load_reports(path: Path) -> list[tuple[GoldRow, str, str]]:
    """(gold row, publication date, pair id) for every report of a test-set CSV."""
    rows = load_rows(path)
    with open(path, encoding="utf-8", newline="") as fh:
        extra = {r["event_id_cnty"]: (r["published"], r.get("pair_id", "")) for r in csv.DictReader(fh)}
    return [(row, *extra[row.row_id]) for row in rows]


def predict(reports: Sequence[tuple[GoldRow, str, str]], nlp=None) -> list[Prediction]:
    from conflictwatch.workflow import default_pipeline, extract_safely

    nlp = nlp or default_pipeline()
    out = []
    for row, published, _ in reports:
        data = row.notes.encode("utf-8")
        raw = RawDocument(id=content_id(data), uri=f"testset:{row.row_id}", raw=data, media_type="text/plain",
                          origin="text", published=published or None)
        result = extract_safely(raw, nlp)
        if isinstance(result, Rejected):
            out.append(Prediction(row, (), None, result.reason))
        else:
            out.append(Prediction(row, result.events, pair_best(result.events, row)))
    return out


def evaluate(path: Path, pair_ids: Optional[set[str]] = None, nlp=None) -> AcledReport:
    """Score the reports of ``path`` (only those whose pair id is in ``pair_ids`` when given)."""
    reports = [r for r in load_reports(path) if pair_ids is None or r[2] in pair_ids]
    return score(predict(reports, nlp))


def table(report: AcledReport) -> dict[str, float]:
    """The issue's score table: accuracy per field (location: within 25 km)."""
    out = {name: report.fields[name] for name in TABLE if name != "location"}
    out["event_type"] = report.event_type.accuracy
    out["location"] = report.location.within.get(25, 0.0)
    return {name: out[name] for name in TABLE}


def parallel_ids() -> set[str]:
    return {pid for _, _, pid in load_reports(ENGLISH)}


def main(argv: Sequence[str] = ()) -> int:
    ids = parallel_ids()
    fr_all = table(evaluate(FRENCH))
    fr_par = table(evaluate(FRENCH, ids))
    en_par = table(evaluate(ENGLISH))
    n_all = len(load_reports(FRENCH))
    print(f"{'field':16} {'FR all (' + str(n_all) + ')':>14} {'FR parallel (' + str(len(ids)) + ')':>18} {'EN parallel':>12} {'FR-EN':>7}")
    for name in TABLE:
        gap = fr_par[name] - en_par[name]
        print(f"{name:16} {fr_all[name]:14.1%} {fr_par[name]:18.1%} {en_par[name]:12.1%} {gap * 100:+7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
