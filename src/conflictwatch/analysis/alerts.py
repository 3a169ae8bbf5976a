"""Alert rules (YAML), their evaluation over events, and delivery to sinks.

A config file (see ``knowledge/alerts.yaml`` for the packaged example) has ``rules`` and ``sinks``::

    version: 1
    rules:
      - {id: surge-admin1, kind: cusum, level: admin1, k: 2.0, h: 4.0, baseline_weeks: 12}
      - {id: new-area, kind: first_in_months, level: admin2, months: 6}
      - {id: escalation, kind: escalation, level: admin1, window_weeks: 4, factor: 2.0, min_fatalities: 20}
    sinks:
      - {type: stdout}
      - {type: jsonl, path: alerts.jsonl}
      - {type: webhook, url: "https://example.org/hook", timeout: 10}

Each rule may also filter events with ``countries`` and ``event_types`` lists and set ``severity``.  Every alert
carries the ids of its evidence events and a stable ``id`` (rule, area, week), so the JSONL sink skips alerts it
already holds (re-running is safe) and a webhook receiver can de-duplicate.
"""

from __future__ import annotations

import hashlib
import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, TextIO

import yaml

from conflictwatch.analysis.trends import (
    LEVELS,
    Point,
    escalation,
    first_in_months,
    poisson_cusum,
    weekly_series,
)
from conflictwatch.errors import ConflictwatchError, InputError
from conflictwatch.knowledge import load

__all__ = ["Alert", "AlertRule", "AlertConfig", "DeliveryError", "load_alert_config", "evaluate_alerts",
           "StdoutSink", "JsonlSink", "WebhookSink", "make_sink", "deliver"]

KINDS = {
    "cusum": {"k": 2.0, "h": 4.0, "baseline_weeks": 12, "min_baseline": 0.5},
    "first_in_months": {"months": 6.0},
    "escalation": {"window_weeks": 4, "baseline_weeks": 12, "factor": 2.0, "min_fatalities": 20},
}
DEFAULT_SEVERITY = {"cusum": "warning", "first_in_months": "info", "escalation": "high"}


class DeliveryError(ConflictwatchError):
    """An alert could not be delivered to a sink (names the sink and says why)."""


@dataclass(frozen=True, slots=True)
class Alert:
    id: str
    rule: str
    kind: str
    area: str
    week: str  # Monday of the week the alert concerns (ISO date)
    severity: str
    message: str
    evidence: tuple[str, ...]  # event ids
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "rule": self.rule, "kind": self.kind, "area": self.area, "week": self.week,
                "severity": self.severity, "message": self.message, "evidence": list(self.evidence),
                "details": dict(self.details)}


@dataclass(frozen=True, slots=True)
class AlertRule:
    id: str
    kind: str
    level: str = "admin1"
    params: dict[str, float] = field(default_factory=dict)
    countries: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    severity: str = ""

    def accepts(self, p: Point) -> bool:
        return (not self.countries or p.country in self.countries) and \
            (not self.event_types or p.event_type in self.event_types)


@dataclass(frozen=True, slots=True)
class AlertConfig:
    rules: tuple[AlertRule, ...]
    sinks: tuple[dict[str, Any], ...] = ()


def _rule(raw: Any, where: str) -> AlertRule:
    if not isinstance(raw, dict) or "id" not in raw or "kind" not in raw:
        raise InputError(where, f"each rule needs an 'id' and a 'kind' (got {raw!r})")
    kind = str(raw["kind"])
    if kind not in KINDS:
        raise InputError(where, f"rule {raw['id']}: unknown kind {kind!r} (use one of {', '.join(KINDS)})")
    level = str(raw.get("level", "admin1"))
    if level not in LEVELS:
        raise InputError(where, f"rule {raw['id']}: unknown level {level!r} (use one of {', '.join(LEVELS)})")
    params = dict(KINDS[kind])
    known = set(params) | {"id", "kind", "level", "countries", "event_types", "severity"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InputError(where, f"rule {raw['id']}: unknown setting(s) {', '.join(unknown)}")
    for name, default in params.items():
        if name in raw:
            try:
                params[name] = type(default)(raw[name])
            except (TypeError, ValueError):
                raise InputError(where, f"rule {raw['id']}: {name} must be a number (got {raw[name]!r})") from None
    return AlertRule(str(raw["id"]), kind, level, params, tuple(raw.get("countries") or ()),
                     tuple(raw.get("event_types") or ()), str(raw.get("severity") or DEFAULT_SEVERITY[kind]))


def load_alert_config(path: Optional[Path | str] = None) -> AlertConfig:
    """Rules and sinks from a YAML file, or the packaged example (``knowledge/alerts.yaml``) when None."""
    if path is None:
        data, where = load("alerts.yaml"), "knowledge/alerts.yaml"
    else:
        where = str(path)
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise InputError(where, f"cannot read: {exc.strerror or exc}") from exc
        except yaml.YAMLError as exc:
            raise InputError(where, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError(where, "an alert config is a mapping with a 'rules' list")
    ids = [r.get("id") for r in data["rules"] if isinstance(r, dict)]
    dupes = sorted({str(i) for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(where, f"rule id(s) used twice: {', '.join(dupes)}")
    sinks = data.get("sinks") or []
    for s in sinks:
        if not isinstance(s, dict) or s.get("type") not in ("stdout", "jsonl", "webhook"):
            raise InputError(where, f"a sink needs 'type: stdout | jsonl | webhook' (got {s!r})")
        if s["type"] == "jsonl" and not s.get("path") or s["type"] == "webhook" and not s.get("url"):
            raise InputError(where, f"sink {s['type']} needs {'path' if s['type'] == 'jsonl' else 'url'}")
    return AlertConfig(tuple(_rule(r, where) for r in data["rules"]), tuple(sinks))


def _alert_id(rule: str, area: str, week: str) -> str:
    return hashlib.sha1(f"{rule}|{area}|{week}".encode()).hexdigest()[:16]


def evaluate_alerts(points: Sequence[Point], rules: Iterable[AlertRule], *,
                    since: Optional[date] = None) -> list[Alert]:
    """Alerts that ``rules`` raise over ``points`` (see :func:`trends.to_points`), oldest first.

    ``since``: only alerts for weeks that end on or after this day (monitoring: "what is new").
    """
    out: list[Alert] = []
    for rule in rules:
        pts = [p for p in points if rule.accepts(p)]
        if not pts:
            continue
        if rule.kind == "first_in_months":
            out.extend(_first_in(pts, rule))
        else:
            out.extend(_weekly(pts, rule, start=points[0].day, end=points[-1].day))
    if since is not None:
        out = [a for a in out if date.fromisoformat(a.week).toordinal() + 6 >= since.toordinal()]
    out.sort(key=lambda a: (a.week, a.rule, a.area))
    return out


def _first_in(pts: Sequence[Point], rule: AlertRule) -> list[Alert]:
    months = rule.params["months"]
    out = []
    for f in first_in_months(pts, rule.level, months):
        week = (f.point.day.toordinal() - f.point.day.weekday())
        week_iso = date.fromordinal(week).isoformat()
        same_day = tuple(p.id for p in pts if p.day == f.point.day and p.area(rule.level) == f.area)
        gap = "ever in the data" if f.gap_days is None else f"for {f.gap_days / 30.4375:.1f} months"
        out.append(Alert(_alert_id(rule.id, f.area, f.point.day.isoformat()), rule.id, rule.kind, f.area, week_iso,
                         rule.severity, f"{f.area}: first event {gap} ({f.point.event_type}, {f.point.day})",
                         same_day, {"gap_days": f.gap_days, "months": months, "date": f.point.day.isoformat()}))
    return out


def _weekly(pts: Sequence[Point], rule: AlertRule, *, start: date, end: date) -> list[Alert]:
    out = []
    prm = rule.params
    for area, s in weekly_series(pts, rule.level, start=start, end=end).items():
        if rule.kind == "cusum":
            for sig in poisson_cusum(s.events, k=prm["k"], h=prm["h"], baseline_weeks=int(prm["baseline_weeks"]),
                                     min_baseline=prm["min_baseline"]):
                week = s.weeks[sig.index].isoformat()
                ev = tuple(i for w in range(sig.run_start, sig.index + 1) for i in s.event_ids.get(w, ()))
                out.append(Alert(_alert_id(rule.id, area, week), rule.id, rule.kind, area, week, rule.severity,
                                 f"{area}: {sig.count} events in the week of {week} against a baseline of "
                                 f"{sig.baseline:.1f}/week (CUSUM {sig.statistic:.1f} >= {prm['h']:g})",
                                 ev, {"count": sig.count, "baseline": round(sig.baseline, 3),
                                      "statistic": round(sig.statistic, 3),
                                      "run_start": s.weeks[sig.run_start].isoformat()}))
        else:
            w_weeks = int(prm["window_weeks"])
            for sig in escalation(s.fatalities, window_weeks=w_weeks, baseline_weeks=int(prm["baseline_weeks"]),
                                  factor=prm["factor"], min_fatalities=int(prm["min_fatalities"])):
                week = s.weeks[sig.index].isoformat()
                ev = tuple(i for w in range(sig.index - w_weeks + 1, sig.index + 1) for i in s.event_ids.get(w, ()))
                out.append(Alert(_alert_id(rule.id, area, week), rule.id, rule.kind, area, week, rule.severity,
                                 f"{area}: {sig.recent} fatalities in the {w_weeks} weeks to {week} against "
                                 f"{sig.expected:.1f} expected", ev,
                                 {"fatalities": sig.recent, "expected": round(sig.expected, 3)}))
    return out


# ---------------------------------------------------------------------------- sinks


class StdoutSink:
    """One line per alert on a text stream (stdout by default)."""

    def __init__(self, stream: Optional[TextIO] = None):
        self.stream = stream

    def send(self, alerts: Sequence[Alert]) -> int:
        stream = self.stream or sys.stdout
        for a in alerts:
            stream.write(f"[{a.severity}] {a.week} {a.rule}: {a.message} (evidence: {len(a.evidence)} events)\n")
        return len(alerts)


class JsonlSink:
    """Appends alerts as JSON lines; alerts whose id the file already holds are skipped."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    def _known(self) -> set[str]:
        if not self.path.exists():
            return set()
        known = set()
        with self.path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    known.add(json.loads(line)["id"])
                except (ValueError, KeyError, TypeError) as exc:
                    raise DeliveryError(f"{self.path}:{n}: not an alert line ({exc})") from exc
        return known

    def send(self, alerts: Sequence[Alert]) -> int:
        known = self._known()
        new = [a for a in alerts if a.id not in known]
        try:
            with self.path.open("a", encoding="utf-8") as fh:
                for a in new:
                    fh.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
        except OSError as exc:
            raise DeliveryError(f"{self.path}: cannot write alerts: {exc.strerror or exc}") from exc
        return len(new)


class WebhookSink:
    """POSTs ``{"alerts": [...]}`` as JSON to a URL, in batches; any non-2xx answer is a DeliveryError."""

    def __init__(self, url: str, *, timeout: float = 10.0, batch: int = 100, headers: Optional[dict] = None):
        if not url.startswith(("http://", "https://")):
            raise DeliveryError(f"{url}: a webhook URL must start with http:// or https://")
        self.url, self.timeout, self.batch = url, timeout, max(1, batch)
        self.headers = {"Content-Type": "application/json", "User-Agent": "conflictwatch-alerts"}
        self.headers.update(headers or {})

    def send(self, alerts: Sequence[Alert]) -> int:
        for i in range(0, len(alerts), self.batch):
            body = json.dumps({"alerts": [a.to_dict() for a in alerts[i:i + self.batch]]}).encode()
            req = urllib.request.Request(self.url, data=body, headers=self.headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - http(s) checked above
                    status = resp.status
            except urllib.error.HTTPError as exc:
                raise DeliveryError(f"{self.url}: webhook answered HTTP {exc.code}") from exc
            except (urllib.error.URLError, OSError) as exc:
                raise DeliveryError(f"{self.url}: webhook unreachable: {getattr(exc, 'reason', exc)}") from exc
            if not 200 <= status < 300:
                raise DeliveryError(f"{self.url}: webhook answered HTTP {status}")
        return len(alerts)


def make_sink(spec: dict[str, Any], *, base: Optional[Path] = None):
    """A sink from its config entry (``jsonl`` paths are relative to ``base``, the config file's folder)."""
    kind = spec.get("type")
    if kind == "stdout":
        return StdoutSink()
    if kind == "jsonl":
        p = Path(spec["path"])
        return JsonlSink(p if p.is_absolute() or base is None else base / p)
    if kind == "webhook":
        return WebhookSink(str(spec["url"]), timeout=float(spec.get("timeout", 10.0)),
                           headers=spec.get("headers") or None)
    raise DeliveryError(f"unknown sink type {kind!r}")


def deliver(alerts: Sequence[Alert], sinks: Iterable[Any]) -> dict[str, int]:
    """Send ``alerts`` to each sink; returns "index:SinkType" -> how many it took (JSONL skips known ids)."""
    return {f"{i}:{type(s).__name__}": s.send(alerts) for i, s in enumerate(sinks)}
