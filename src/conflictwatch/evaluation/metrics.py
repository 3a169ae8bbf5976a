"""Scoring primitives for the evaluation harness: F1, macro averages, distances, name normalisation.

Everything here is a pure function over plain values so that it can be tested by hand.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Hashable, Iterable, Optional, Sequence

__all__ = [
    "NO_EVENT",
    "prf",
    "ClassScores",
    "classification_scores",
    "accuracy",
    "haversine_km",
    "DistanceScores",
    "distance_scores",
    "normalise_name",
    "strip_period",
    "open_period",
    "same_actor_name",
    "bag_of_tokens",
    "token_prf",
]

# The label a row gets when the extractor produced no event for it: always wrong.
NO_EVENT = "(no event)"

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; 0.0 where a ratio is undefined (0/0)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def accuracy(flags: Iterable[bool]) -> float:
    """Share of True in ``flags`` (0.0 for an empty sequence)."""
    flags = list(flags)
    return sum(flags) / len(flags) if flags else 0.0


@dataclass(frozen=True)
class ClassScores:
    """Single-label classification scores (one gold and one predicted label per row).

    A row without an extracted event is predicted ``NO_EVENT``: a false negative of
    its gold class, a false positive of no class.  ``micro_precision`` is the share
    correct among rows with a prediction, ``micro_recall`` the share correct among
    all rows, and ``micro_f1`` is the strict figure: ``NO_EVENT`` counts as a wrong
    prediction, so it equals ``accuracy`` (as for a classifier, which always
    predicts).  ``macro_*`` are unweighted means over every class seen in gold or
    predicted (as scikit-learn does), ``NO_EVENT`` excluded.
    """

    n: int
    accuracy: float
    micro_precision: float  # over rows with a prediction
    micro_recall: float  # over all rows
    micro_f1: float  # strict: NO_EVENT counts as a wrong prediction (== accuracy)
    macro_precision: float
    macro_recall: float
    macro_f1: float
    per_class: dict[str, dict[str, float]] = field(default_factory=dict)  # label -> {precision, recall, f1, support}
    confusions: list[tuple[str, str, int]] = field(default_factory=list)  # (gold, predicted, count), most first

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "micro_precision": self.micro_precision,
            "micro_recall": self.micro_recall,
            "micro_f1": self.micro_f1,
            "macro_precision": self.macro_precision,
            "macro_recall": self.macro_recall,
            "macro_f1": self.macro_f1,
            "per_class": self.per_class,
            "confusions": [list(c) for c in self.confusions],
        }


def classification_scores(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> ClassScores:
    """Score aligned label sequences; use ``NO_EVENT`` for rows without a prediction."""
    if len(gold) != len(predicted):
        raise ValueError(f"gold and predicted differ in length ({len(gold)} != {len(predicted)})")
    n = len(gold)
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    support: Counter = Counter(gold)
    confusions: Counter = Counter()
    for g, p in zip(gold, predicted):
        if g == p:
            tp[g] += 1
            continue
        fn[g] += 1
        if p != NO_EVENT:
            fp[p] += 1
        confusions[(g, p)] += 1
    labels = sorted((set(gold) | set(predicted)) - {NO_EVENT}, key=str)
    per_class: dict[str, dict[str, float]] = {}
    for label in labels:
        p, r, f = prf(tp[label], fp[label], fn[label])
        per_class[str(label)] = {"precision": p, "recall": r, "f1": f, "support": support[label]}
    correct = sum(tp.values())
    produced = sum(1 for p in predicted if p != NO_EVENT)
    micro_p = correct / produced if produced else 0.0
    micro_r = correct / n if n else 0.0
    acc = correct / n if n else 0.0
    k = len(per_class)
    return ClassScores(
        n=n,
        accuracy=acc,
        micro_precision=micro_p,
        micro_recall=micro_r,
        micro_f1=acc,
        macro_precision=sum(c["precision"] for c in per_class.values()) / k if k else 0.0,
        macro_recall=sum(c["recall"] for c in per_class.values()) / k if k else 0.0,
        macro_f1=sum(c["f1"] for c in per_class.values()) / k if k else 0.0,
        per_class=per_class,
        confusions=[(str(g), str(p), c) for (g, p), c in sorted(confusions.items(), key=lambda kv: (-kv[1], str(kv[0])))],
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (latitude, longitude) points in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class DistanceScores:
    """Location error: share of rows within each radius (rows without coordinates are misses)."""

    n: int
    located: int  # rows with predicted coordinates
    within: dict[int, float]  # radius km -> share of all rows
    median_km: Optional[float]  # over all rows, rows without coordinates as infinitely far (None if > half)
    median_located_km: Optional[float]  # over rows with coordinates only
    mean_located_km: Optional[float]

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "located": self.located,
            "within": {str(k): v for k, v in self.within.items()},
            "median_km": self.median_km,
            "median_located_km": self.median_located_km,
            "mean_located_km": self.mean_located_km,
        }


def distance_scores(errors_km: Sequence[Optional[float]], radii: Sequence[int] = (5, 25, 161)) -> DistanceScores:
    """Summarise per-row distances (None = no predicted coordinates)."""
    n = len(errors_km)
    located = sorted(d for d in errors_km if d is not None)
    strict = located + [math.inf] * (n - len(located))
    median = statistics.median(strict) if strict else None
    return DistanceScores(
        n=n,
        located=len(located),
        within={r: (sum(1 for d in located if d <= r) / n if n else 0.0) for r in radii},
        median_km=None if median is None or math.isinf(median) else median,
        median_located_km=statistics.median(located) if located else None,
        mean_located_km=statistics.fmean(located) if located else None,
    )


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_PERIOD = re.compile(r"\s*\((?:\d{4})?\s*-\s*(?:\d{4})?\)")


def normalise_name(text: Optional[str]) -> str:
    """Compare place names: accents removed, case folded, punctuation and spaces collapsed.

    >>> normalise_name("  Ségou-Ville ")
    'segou ville'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def strip_period(name: Optional[str]) -> str:
    """An ACLED actor name without its period suffix: "Military Forces of Mali (2013-2020)" -> "...of Mali".

    Country qualifiers ("Civilians (Mali)") are kept; text after the period (a unit
    such as "Gendarmerie") is kept too.  Spaces are collapsed.
    """
    if not name:
        return ""
    return " ".join(_PERIOD.sub(" ", name).split())


_CLOSED_SPAN = re.compile(r"\((\d{4})\s*-\s*\d{4}\)")


def open_period(name: Optional[str]) -> str:
    """Every closed period span written as its open label: "X (2013-2020) Gendarmerie" -> "X (2013-) Gendarmerie".

    An ACLED export made while a period ran carries the open label; one made after it
    ended carries the closed span.  Both name the same actor in the same period.
    Spaces are collapsed.
    """
    if not name:
        return ""
    return " ".join(_CLOSED_SPAN.sub(lambda m: f"({m.group(1)}-)", name).split())


def same_actor_name(predicted: Optional[str], gold: Optional[str]) -> bool:
    """Whether two ACLED actor names are the same name, whichever export's period label each carries.

    >>> same_actor_name("Military Forces of Mali (2013-2020)", "Military Forces of Mali (2013-)")
    True
    >>> same_actor_name("Military Forces of Mali (2012-2013)", "Military Forces of Mali (2013-)")
    False
    """
    return open_period(predicted) == open_period(gold)


_TOKEN = re.compile(r"\w+", re.UNICODE)


def bag_of_tokens(text: Optional[str], ngram: int = 1) -> Counter:
    """Lower-cased word tokens (``\\w+``, as the Article Extraction Benchmark tokenises), as n-gram counts."""
    tokens = _TOKEN.findall((text or "").lower())
    if ngram <= 1:
        return Counter(tokens)
    if len(tokens) < ngram:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + ngram]) for i in range(len(tokens) - ngram + 1))


def token_prf(gold_text: Optional[str], predicted_text: Optional[str], ngram: int = 1) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall, F1 of ``predicted_text`` against ``gold_text``.

    Both empty counts as perfect (nothing to find, nothing extracted), as the
    benchmark's own scorer does.
    """
    gold = bag_of_tokens(gold_text, ngram)
    pred = bag_of_tokens(predicted_text, ngram)
    if not gold and not pred:
        return 1.0, 1.0, 1.0
    tp = sum((gold & pred).values())
    return prf(tp, sum(pred.values()) - tp, sum(gold.values()) - tp)
