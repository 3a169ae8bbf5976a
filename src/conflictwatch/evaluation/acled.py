"""Score the extractor against analyst-coded ACLED rows, field by field.

Each row's ``notes`` text goes through the same pipeline as ``conflictwatch extract``
(a plain-text document whose publication date is unknown); the event that best
matches the coded row is paired with it (:func:`pair_best`), and every field is
compared (:func:`compare`).  A row with no extracted event is wrong on every field.

    rows = load_rows("events.csv", limit=300, seed=0)
    report = evaluate_acled(rows)            # AcledReport
    report.flat()["sub_event_type.micro_f1"]

ACLED data measures only: nothing here feeds back into extraction.
"""

from __future__ import annotations

import csv
import functools
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence, Union

import yaml

from conflictwatch.errors import InputError, KnowledgeError
from conflictwatch.evaluation.metrics import (
    NO_EVENT,
    ClassScores,
    DistanceScores,
    accuracy,
    classification_scores,
    distance_scores,
    haversine_km,
    normalise_name,
    same_actor_name,
    strip_period,
)
from conflictwatch.records import Event, RawDocument, Rejected, content_id

__all__ = [
    "GoldRow",
    "Prediction",
    "FieldResult",
    "AcledReport",
    "NetworkMapper",
    "parse_years",
    "load_rows",
    "notes_document",
    "predict",
    "match_score",
    "pair_best",
    "compare",
    "score",
    "evaluate_acled",
    "ERROR_FIELDS",
    "LOCATION_MISS_KM",
]

REQUIRED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "inter1", "inter2", "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "notes", "fatalities",
)
# A location further than this from the coded point counts as a miss in --errors.
LOCATION_MISS_KM = 25.0
# Fields written to the errors file, in this order.
ERROR_FIELDS = (
    "event_type", "sub_event_type", "actor1", "actor2", "inter1", "inter2", "country", "admin1", "admin2",
    "location", "geo_precision", "event_date", "time_precision", "fatalities",
)


# --------------------------------------------------------------------------- gold rows


def _int(value: str, default: int = 0) -> int:
    value = (value or "").strip()
    if not value:
        return default
    try:
        return int(float(value))
    except ValueError:
        return default


def _float(value: str) -> Optional[float]:
    try:
        return float(value) if value and value.strip() else None
    except ValueError:
        return None


@dataclass(frozen=True)
class GoldRow:
    """The coded fields of one ACLED row that the harness compares."""

    row_id: str
    notes: str
    event_date: str
    year: int
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    inter1: int
    inter2: int
    country: str
    admin1: str
    admin2: str
    location: str
    latitude: Optional[float]
    longitude: Optional[float]
    geo_precision: int
    fatalities: int
    published: Optional[str] = None  # the report's publication date, when the test set has a `published` column

    @classmethod
    def from_csv(cls, row: dict[str, str]) -> "GoldRow":
        return cls(
            row_id=row["event_id_cnty"],
            notes=row["notes"] or "",
            event_date=(row["event_date"] or "")[:10],
            year=_int(row["year"]),
            time_precision=_int(row["time_precision"]),
            event_type=row["event_type"],
            sub_event_type=row["sub_event_type"],
            actor1=row["actor1"] or "",
            actor2=row["actor2"] or "",
            inter1=_int(row["inter1"]),
            inter2=_int(row["inter2"]),
            country=row["country"] or "",
            admin1=row["admin1"] or "",
            admin2=row["admin2"] or "",
            location=row["location"] or "",
            latitude=_float(row["latitude"]),
            longitude=_float(row["longitude"]),
            geo_precision=_int(row["geo_precision"]),
            fatalities=_int(row["fatalities"]),
            published=(row.get("published") or "").strip() or None,
        )


_YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$")


def parse_years(spec: Optional[str]) -> Optional[frozenset[int]]:
    """ "2012-2017" / "2018,2019" / "2012-2014,2019" -> the set of years; None/"" -> None (all)."""
    if spec is None or not spec.strip():
        return None
    years: set[int] = set()
    for part in spec.split(","):
        m = _YEAR_RANGE.match(part)
        if not m:
            raise InputError(spec, f"not a year list: {part.strip()!r} (use e.g. 2012-2017 or 2018,2019)")
        lo = int(m.group(1))
        hi = int(m.group(2) or lo)
        if hi < lo:
            raise InputError(spec, f"year range {part.strip()!r} ends before it starts")
        years.update(range(lo, hi + 1))
    return frozenset(years)


def load_rows(
    path: Union[str, Path],
    *,
    limit: Optional[int] = None,
    seed: Optional[int] = None,
    years: Optional[Iterable[int]] = None,
    exclude_years: Optional[Iterable[int]] = None,
) -> list[GoldRow]:
    """Read coded rows from an ACLED CSV export, filter them by year, then take ``limit`` of them.

    With ``seed``, ``limit`` rows are drawn at random (reproducibly) and kept in file
    order; without it, the first ``limit`` rows.  Raises InputError naming the file
    when it is missing or lacks a column the harness needs.
    """
    path = Path(path)
    try:
        fh = open(path, encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the ACLED file ({exc.strerror or exc})") from exc
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise InputError(str(path), f"not an ACLED export: missing column(s) {', '.join(missing)}")
        rows = [GoldRow.from_csv(r) for r in reader]
    keep = frozenset(years) if years is not None else None
    drop = frozenset(exclude_years or ())
    rows = [r for r in rows if (keep is None or r.year in keep) and r.year not in drop]
    if limit is not None and limit < len(rows):
        if seed is None:
            rows = rows[:limit]
        else:
            chosen = sorted(random.Random(seed).sample(range(len(rows)), limit))
            rows = [rows[i] for i in chosen]
    return rows


# --------------------------------------------------------------------------- networks


@functools.lru_cache(maxsize=1)
def _network_rules() -> tuple[tuple[re.Pattern, str], ...]:
    name = "network_rules.yaml"
    path = Path(str(resources.files("conflictwatch.evaluation").joinpath(name)))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: cannot read the network rules ({exc})") from exc
    if not isinstance(data, dict) or "version" not in data or not isinstance(data.get("rules"), list):
        raise KnowledgeError(f"{path}: must be a mapping with 'version' and a 'rules' list")
    out = []
    for i, rule in enumerate(data["rules"]):
        try:
            out.append((re.compile(rule["pattern"], re.IGNORECASE), str(rule["network"])))
        except (KeyError, TypeError, re.error) as exc:
            raise KnowledgeError(f"{path}: rule {i} is malformed ({exc})") from exc
    return tuple(out)


class NetworkMapper:
    """ACLED actor name -> network (al-Qaeda | Islamic State | state | other; "" for no actor).

    Order: the actor KB by exact name (``ActorKB.by_name``), then by the name without
    its period suffix, then without a trailing unit after the period ("... (2015-)
    Gendarmerie"); a joint name "A and/or B" is mapped as A; finally the generic
    rules of ``network_rules.yaml``; otherwise "other".
    """

    def __init__(self, kb=None):
        if kb is None:
            from conflictwatch.actors import default_kb

            kb = default_kb()
        self._kb = kb
        self._rules = _network_rules()
        self._cache: dict[str, str] = {}

    def __call__(self, name: Optional[str]) -> str:
        name = (name or "").strip()
        if not name:
            return ""
        hit = self._cache.get(name)
        if hit is None:
            hit = self._cache[name] = self._lookup(name)
        return hit

    def _lookup(self, name: str) -> str:
        first = name.split(" and/or ")[0].strip()
        period = re.search(r"\((?:\d{4})?\s*-\s*(?:\d{4})?\)", first)
        candidates = [name, first, strip_period(first)]
        if period:
            candidates.append(first[: period.start()].strip())
        for candidate in candidates:
            actor = self._kb.by_name(candidate) if candidate else None
            if actor is not None:
                return actor.network or "other"
        for pattern, network in self._rules:
            if pattern.search(first):
                return network
        return "other"


# --------------------------------------------------------------------------- extraction


@dataclass(frozen=True)
class Prediction:
    """What the extractor produced for one row: all events, and the one paired with the row."""

    row: GoldRow
    events: tuple[Event, ...]
    best: Optional[Event]
    rejected: Optional[str] = None  # reason, when the pipeline rejected the notes
    seconds: float = 0.0


def notes_document(row: GoldRow, date_hint: bool = False) -> RawDocument:
    """The row's notes as a plain-text document with no publication date.

    With ``date_hint`` the coded event date is given as the publication date: a
    diagnostic of date resolution only (ACLED notes rarely write the year), never
    the headline figure.
    """
    data = row.notes.encode("utf-8")
    return RawDocument(
        id=content_id(data), uri=f"acled:{row.row_id}", raw=data, media_type="text/plain", origin="text",
        # a test set that records when each report was published (the team's French set) gives it, as a
        # reader would have it; ACLED notes have none, unless the diagnostic hint is asked for
        published=(row.event_date or None) if date_hint else (row.published or None),
    )


def predict(
    rows: Sequence[GoldRow],
    nlp=None,
    on_row: Optional[Callable[[GoldRow], None]] = None,
    date_hint: bool = False,
) -> list[Prediction]:
    """Run every row's notes through ``nlp`` (default: the pipeline ``extract`` uses, loaded once).

    ``Prediction.seconds`` times each row after one untimed warm-up document.
    """
    from conflictwatch.workflow import default_pipeline, extract_safely

    nlp = nlp or default_pipeline()
    if rows:  # warm-up outside the timing: components load some data on first use
        extract_safely(notes_document(rows[0], date_hint), nlp)
    out = []
    for row in rows:
        t0 = time.perf_counter()
        result = extract_safely(notes_document(row, date_hint), nlp)
        dt = time.perf_counter() - t0
        if isinstance(result, Rejected):
            out.append(Prediction(row, (), None, result.reason, dt))
        else:
            out.append(Prediction(row, result.events, pair_best(result.events, row), None, dt))
        if on_row:
            on_row(row)
    return out


# --------------------------------------------------------------------------- pairing


def _distance(event: Event, row: GoldRow) -> Optional[float]:
    if None in (event.latitude, event.longitude, row.latitude, row.longitude):
        return None
    return haversine_km(row.latitude, row.longitude, event.latitude, event.longitude)  # type: ignore[arg-type]


def match_score(event: Event, row: GoldRow) -> float:
    """How well ``event`` matches the coded row (higher is better), for pairing only.

    Sub-event type weighs most, then event type; actors, admin1, location within
    25 km, date and fatalities break ties.
    """
    s = 0.0
    s += 4.0 * (event.sub_event_type == row.sub_event_type)
    s += 2.0 * (event.event_type == row.event_type)
    s += 1.0 * (strip_period(event.actor1).casefold() == strip_period(row.actor1).casefold())
    s += 1.0 * (strip_period(event.actor2).casefold() == strip_period(row.actor2).casefold())
    s += 1.0 * (normalise_name(event.admin1) == normalise_name(row.admin1))
    d = _distance(event, row)
    s += 1.0 * (d is not None and d <= LOCATION_MISS_KM)
    s += 1.0 * ((event.event_date or "")[:10] == row.event_date)
    s += 0.5 * (event.fatalities == row.fatalities)
    return s


def pair_best(events: Sequence[Event], row: GoldRow) -> Optional[Event]:
    """The event that best matches ``row`` (the first among equals), or None when there is none.

    This is an oracle choice among the extracted events: the score of a report with
    several events is an upper bound for that report; over-generation is reported
    separately (events per report).
    """
    best, best_score = None, -1.0
    for event in events:
        s = match_score(event, row)
        if s > best_score:
            best, best_score = event, s
    return best


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class FieldResult:
    gold: str
    predicted: str
    correct: bool
    detail: str = ""


def _s(value) -> str:
    return "" if value is None else str(value)


def compare(row: GoldRow, event: Optional[Event], networks: NetworkMapper) -> dict[str, FieldResult]:
    """Field-by-field comparison of one coded row with its paired event (None: all wrong)."""
    e = event
    out: dict[str, FieldResult] = {}

    def put(name: str, gold, pred, correct: bool, detail: str = "") -> None:
        out[name] = FieldResult(_s(gold), _s(pred), bool(correct) and e is not None, detail)

    put("event_type", row.event_type, e and e.event_type, e is not None and e.event_type == row.event_type)
    put("sub_event_type", row.sub_event_type, e and e.sub_event_type, e is not None and e.sub_event_type == row.sub_event_type)
    for i in (1, 2):
        gold_name = getattr(row, f"actor{i}")
        pred_name = getattr(e, f"actor{i}") if e else ""
        put(f"actor{i}", gold_name, pred_name, e is not None and same_actor_name(pred_name, gold_name))
        put(
            f"actor{i}_base", strip_period(gold_name), strip_period(pred_name),
            e is not None and strip_period(pred_name).casefold() == strip_period(gold_name).casefold(),
        )
        put(f"actor{i}_network", networks(gold_name), networks(pred_name) if e else "",
            e is not None and networks(pred_name) == networks(gold_name))
        gold_inter = getattr(row, f"inter{i}")
        pred_inter = (getattr(e, f"inter{i}") or 0) if e else None
        put(f"inter{i}", gold_inter, pred_inter, pred_inter == gold_inter)
    for name in ("country", "admin1", "admin2"):
        g, p = getattr(row, name), (getattr(e, name) if e else "")
        put(name, g, p, normalise_name(p) == normalise_name(g))
    d = _distance(e, row) if e else None
    gold_loc = f"{row.location} ({row.latitude}, {row.longitude})"
    pred_loc = f"{e.location} ({e.latitude}, {e.longitude})" if e else ""
    put("location", gold_loc, pred_loc, d is not None and d <= LOCATION_MISS_KM, "" if d is None else f"{d:.1f} km")
    put("geo_precision", row.geo_precision, e and e.geo_precision, e is not None and e.geo_precision == row.geo_precision)
    pred_date = (e.event_date or "")[:10] if e else ""
    put("event_date", row.event_date, pred_date, pred_date == row.event_date)
    put("time_precision", row.time_precision, e and e.time_precision, e is not None and e.time_precision == row.time_precision)
    put("fatalities", row.fatalities, e and e.fatalities, e is not None and e.fatalities == row.fatalities)
    put("fatalities_pm1", row.fatalities, e and e.fatalities, e is not None and abs(e.fatalities - row.fatalities) <= 1)
    out["_distance_km"] = FieldResult("", _s(d), d is not None)
    return out


# --------------------------------------------------------------------------- report


@dataclass
class AcledReport:
    """Every score of one run, with the per-row comparisons kept for the errors file."""

    n: int
    event_type: ClassScores
    sub_event_type: ClassScores
    fields: dict[str, float]  # field -> accuracy over all rows
    location: DistanceScores
    events_per_report: dict[str, float]  # mean, share with 0 / 1 / 2 / 3+ events
    rejected: int
    seconds: float
    words: int
    years: list[int] = field(default_factory=list)
    date_hint: bool = False  # True: the coded event date was given as publication date (diagnostic)
    comparisons: list[tuple[Prediction, dict[str, FieldResult]]] = field(default_factory=list, repr=False)

    @property
    def reports_per_second(self) -> float:
        return self.n / self.seconds if self.seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def flat(self) -> dict[str, float]:
        """Scores where higher is better, by dotted name (what the quality gate checks)."""
        out = {
            "event_type.accuracy": self.event_type.accuracy,
            "event_type.macro_f1": self.event_type.macro_f1,
            "sub_event_type.micro_f1": self.sub_event_type.micro_f1,
            "sub_event_type.macro_f1": self.sub_event_type.macro_f1,
        }
        for name, value in self.fields.items():
            if name not in ("event_type", "sub_event_type", "location"):  # location: see acc@ below
                out[name] = value
        for radius, share in self.location.within.items():
            out[f"location.acc@{radius}km"] = share
        out["coverage"] = 1.0 - self.events_per_report["share_0"]
        return out

    def to_dict(self) -> dict:
        return {
            "rows": self.n,
            "years": self.years,
            "date_hint": self.date_hint,
            "scores": self.flat(),
            "event_type": self.event_type.to_dict(),
            "sub_event_type": self.sub_event_type.to_dict(),
            "location": self.location.to_dict(),
            "events_per_report": self.events_per_report,
            "rejected": self.rejected,
            "seconds": self.seconds,
            "reports_per_second": self.reports_per_second,
            "words_per_second": self.words_per_second,
        }


def _events_per_report(predictions: Sequence[Prediction]) -> dict[str, float]:
    n = len(predictions) or 1
    counts = Counter(min(len(p.events), 3) for p in predictions)
    return {
        "mean": sum(len(p.events) for p in predictions) / n,
        "share_0": counts[0] / n,
        "share_1": counts[1] / n,
        "share_2": counts[2] / n,
        "share_3+": counts[3] / n,
    }


def score(predictions: Sequence[Prediction], networks: Optional[NetworkMapper] = None) -> AcledReport:
    """Score paired predictions; rows without an event are wrong on every field."""
    networks = networks or NetworkMapper()
    comparisons = [(p, compare(p.row, p.best, networks)) for p in predictions]
    names = [k for k in (comparisons[0][1] if comparisons else {}) if not k.startswith("_")]
    fields = {name: accuracy(c[name].correct for _, c in comparisons) for name in names}
    et = classification_scores(
        [p.row.event_type for p in predictions], [p.best.event_type if p.best else NO_EVENT for p in predictions]
    )
    st = classification_scores(
        [p.row.sub_event_type for p in predictions],
        [p.best.sub_event_type if p.best else NO_EVENT for p in predictions],
    )
    distances = [float(c["_distance_km"].predicted) if c["_distance_km"].correct else None for _, c in comparisons]
    return AcledReport(
        n=len(predictions),
        event_type=et,
        sub_event_type=st,
        fields=fields,
        location=distance_scores(distances),
        events_per_report=_events_per_report(predictions),
        rejected=sum(1 for p in predictions if p.rejected),
        seconds=sum(p.seconds for p in predictions),
        words=sum(len(p.row.notes.split()) for p in predictions),
        years=sorted({p.row.year for p in predictions}),
        comparisons=comparisons,
    )


def evaluate_acled(rows: Sequence[GoldRow], nlp=None, on_row=None, date_hint: bool = False) -> AcledReport:
    """Extract every row and score the result (the whole harness in one call)."""
    report = score(predict(rows, nlp, on_row, date_hint))
    report.date_hint = date_hint
    return report
