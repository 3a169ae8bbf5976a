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
      - {type: atom, path: alerts.xml, max_entries: 50, title: "Sahel alerts"}

Each rule may also filter events with ``countries`` and ``event_types`` lists and set ``severity``.  Every alert
carries the ids of its evidence events and a stable ``id`` (rule, area, week), so the JSONL sink skips alerts it
already holds (re-running is safe) and a webhook receiver can de-duplicate.  The Atom sink rewrites its file with
the latest ``max_entries`` alerts (those already in the file are kept, by id), each entry listing its evidence
events (date, type, actors, place, fatalities) when the sink is given a way to look them up.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import sys
import tempfile
import xml.etree.ElementTree as ET
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional, Sequence, TextIO

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

if TYPE_CHECKING:  # pragma: no cover
    from conflictwatch.records import Event

__all__ = ["Alert", "AlertRule", "AlertConfig", "DeliveryError", "load_alert_config",
           "alert_config_from_dict", "evaluate_alerts",
           "StdoutSink", "JsonlSink", "WebhookSink", "AtomSink", "SINK_TYPES", "evidence_from_events", "make_sink",
           "deliver"]

KINDS = {
    "cusum": {"k": 2.0, "h": 4.0, "baseline_weeks": 12, "min_baseline": 0.5},
    "first_in_months": {"months": 6.0},
    "escalation": {"window_weeks": 4, "baseline_weeks": 12, "factor": 2.0, "min_fatalities": 20},
}
SINK_TYPES = {"stdout": None, "jsonl": "path", "webhook": "url", "atom": "path"}  # type -> required setting
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
    return alert_config_from_dict(data, where)


def alert_config_from_dict(data: Any, where: str) -> AlertConfig:
    """Rules and sinks from an already-parsed config mapping; ``where`` names it in errors."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError(where, "an alert config is a mapping with a 'rules' list")
    ids = [r.get("id") for r in data["rules"] if isinstance(r, dict)]
    dupes = sorted({str(i) for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(where, f"rule id(s) used twice: {', '.join(dupes)}")
    sinks = data.get("sinks") or []
    for s in sinks:
        if not isinstance(s, dict) or s.get("type") not in SINK_TYPES:
            raise InputError(where, f"a sink needs 'type: {' | '.join(SINK_TYPES)}' (got {s!r})")
        needed = SINK_TYPES[s["type"]]
        if needed and not s.get(needed):
            raise InputError(where, f"sink {s['type']} needs {needed}")
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


ATOM_NS = "http://www.w3.org/2005/Atom"
CW_NS = "https://conflictwatch.org/ns/alerts"  # our extension element: the alert and its evidence as JSON
EvidenceLookup = Callable[[Sequence[Alert]], Mapping[str, "Event"]]


def _event_summary(e: "Event") -> dict[str, Any]:
    return {"id": e.event_id_cnty, "date": e.event_date, "event_type": e.event_type,
            "sub_event_type": e.sub_event_type, "actor1": e.actor1, "actor2": e.actor2, "country": e.country,
            "admin1": e.admin1, "admin2": e.admin2, "location": e.location, "latitude": e.latitude,
            "longitude": e.longitude, "fatalities": e.fatalities, "source": e.source, "notes": (e.notes or "")[:400],
            "doc_id": e.doc_id}


def evidence_from_events(events_between: Callable[[date, date], Iterable["Event"]], *,
                         lookback_days: int = 400) -> EvidenceLookup:
    """An evidence lookup for :class:`AtomSink` over a date-bounded event stream.

    ``events_between(first, last)`` yields the events of that span (e.g. ``lambda a, b:
    store.iter_events(date_from=a, date_to=b)``); evidence of an alert lies in the weeks before it, so one pass
    over ``lookback_days`` before the oldest alert's week up to the newest finds it.
    """
    def lookup(alerts: Sequence[Alert]) -> dict[str, "Event"]:
        wanted = {i for a in alerts for i in a.evidence}
        if not wanted:
            return {}
        weeks = [date.fromisoformat(a.week) for a in alerts]
        found: dict[str, "Event"] = {}
        for e in events_between(min(weeks) - timedelta(days=lookback_days), max(weeks) + timedelta(days=6)):
            if e.event_id_cnty in wanted:
                found[e.event_id_cnty] = e
                if len(found) == len(wanted):
                    break
        return found

    return lookup


class AtomSink:
    """Rewrites an Atom feed file with the latest ``max_entries`` alerts, each with its evidence events.

    Alerts already in the file are kept (matched by id; the first time they were seen stays their ``updated``
    time), new ones added, the newest ``max_entries`` by alert week written back atomically.  ``evidence``
    looks up the evidence events of the new alerts (see :func:`evidence_from_events`); without it an entry lists
    only their ids.  Returns the number of alerts that were not in the file yet.
    """

    def __init__(self, path: Path | str, *, max_entries: int = 50, title: str = "conflictwatch alerts",
                 feed_id: Optional[str] = None, link: Optional[str] = None,
                 evidence: Optional[EvidenceLookup] = None, max_evidence: int = 25):
        self.path = Path(path)
        self.max_entries = max(1, int(max_entries))
        self.title, self.link, self.evidence, self.max_evidence = title, link, evidence, max(0, max_evidence)
        self.feed_id = feed_id or f"urn:conflictwatch:alerts:{hashlib.sha1(str(self.path).encode()).hexdigest()[:12]}"

    def _read(self) -> list[dict[str, Any]]:
        """The entries of the existing file: {"alert": ..., "events": [...], "updated": ...}."""
        if not self.path.exists():
            return []
        try:
            root = ET.parse(self.path).getroot()
        except (ET.ParseError, OSError) as exc:
            raise DeliveryError(f"{self.path}: the Atom file cannot be read back ({exc}); move it away") from exc
        out = []
        for entry in root.findall(f"{{{ATOM_NS}}}entry"):
            node = entry.find(f"{{{CW_NS}}}alert")
            if node is None or not node.text:
                continue  # an entry we did not write
            try:
                data = json.loads(node.text)
            except ValueError as exc:
                raise DeliveryError(f"{self.path}: an entry's alert data is not JSON ({exc})") from exc
            updated = entry.findtext(f"{{{ATOM_NS}}}updated") or ""
            out.append({"alert": data.get("alert") or {}, "events": data.get("events") or [], "updated": updated})
        return out

    def send(self, alerts: Sequence[Alert]) -> int:
        entries = {e["alert"].get("id"): e for e in self._read()}
        new = [a for a in alerts if a.id not in entries]
        if not new and len(entries) <= self.max_entries:
            return 0
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        found = self.evidence(new) if (self.evidence and new) else {}
        for a in new:
            events = [_event_summary(found[i]) for i in a.evidence[: self.max_evidence] if i in found]
            entries[a.id] = {"alert": a.to_dict(), "events": events, "updated": now}
        latest = sorted(entries.values(), key=lambda e: (e["alert"].get("week", ""), e["updated"],
                                                          e["alert"].get("id", "")), reverse=True)
        self._write(latest[: self.max_entries], now)
        return len(new)

    def _write(self, entries: list[dict[str, Any]], now: str) -> None:
        feed = ET.Element("feed", {"xmlns": ATOM_NS, "xmlns:cw": CW_NS})
        ET.SubElement(feed, "title").text = self.title
        ET.SubElement(feed, "id").text = self.feed_id
        ET.SubElement(feed, "updated").text = max((e["updated"] for e in entries), default=now)
        if self.link:
            ET.SubElement(feed, "link", href=self.link, rel="self")
        ET.SubElement(ET.SubElement(feed, "author"), "name").text = "conflictwatch"
        ET.SubElement(feed, "generator").text = "conflictwatch"
        for e in entries:
            a = e["alert"]
            entry = ET.SubElement(feed, "entry")
            ET.SubElement(entry, "id").text = f"urn:conflictwatch:alert:{a.get('id')}"
            ET.SubElement(entry, "title").text = f"[{a.get('severity')}] {a.get('message')}"
            ET.SubElement(entry, "updated").text = e["updated"]
            ET.SubElement(entry, "category", term=str(a.get("rule")), label=str(a.get("kind")))
            ET.SubElement(entry, "summary").text = \
                f"{a.get('area')}, week of {a.get('week')}: {len(a.get('evidence') or [])} evidence events"
            ET.SubElement(entry, "content", type="html").text = _entry_html(a, e["events"])
            ET.SubElement(entry, "cw:alert").text = json.dumps(
                {"alert": a, "events": e["events"]}, ensure_ascii=False)
        # the namespaces are written as plain xmlns attributes: ET.register_namespace would change process-wide
        # state, and ElementTree's own prefixes (ns0:feed) put some feed readers off
        data = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
        _atomic_write(self.path, data)


def _entry_html(alert: dict[str, Any], events: list[dict[str, Any]]) -> str:
    esc = html.escape
    parts = [f"<p>{esc(str(alert.get('message', '')))}</p>"]
    if events:
        parts.append("<ul>")
        for ev in events:
            actors = " vs ".join(x for x in (ev.get("actor1"), ev.get("actor2")) if x)
            place = ", ".join(x for x in (ev.get("location"), ev.get("admin1"), ev.get("country")) if x)
            parts.append(f"<li>{esc(str(ev.get('date')))} {esc(str(ev.get('event_type')))} "
                         f"({esc(str(ev.get('sub_event_type')))}): {esc(actors)}; {esc(place)}; "
                         f"{ev.get('fatalities', 0)} fatalities [{esc(str(ev.get('id')))}]</li>")
        parts.append("</ul>")
    ids = alert.get("evidence") or []
    shown = {ev.get("id") for ev in events}
    rest = [i for i in ids if i not in shown]
    if rest:
        parts.append(f"<p>Evidence events: {esc(', '.join(rest[:50]))}{' ...' if len(rest) > 50 else ''}</p>")
    return "".join(parts)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise DeliveryError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def make_sink(spec: dict[str, Any], *, base: Optional[Path] = None, evidence: Optional[EvidenceLookup] = None):
    """A sink from its config entry (``jsonl``/``atom`` paths are relative to ``base``, the config file's folder;
    ``evidence`` looks up evidence events for the Atom sink)."""
    kind = spec.get("type")
    if kind == "stdout":
        return StdoutSink()
    if kind in ("jsonl", "atom"):
        p = Path(spec["path"])
        p = p if p.is_absolute() or base is None else base / p
        if kind == "jsonl":
            return JsonlSink(p)
        return AtomSink(p, max_entries=int(spec.get("max_entries", 50)),
                        title=str(spec.get("title") or "conflictwatch alerts"), link=spec.get("link"),
                        evidence=evidence, max_evidence=int(spec.get("max_evidence", 25)))
    if kind == "webhook":
        return WebhookSink(str(spec["url"]), timeout=float(spec.get("timeout", 10.0)),
                           headers=spec.get("headers") or None)
    raise DeliveryError(f"unknown sink type {kind!r}")


def deliver(alerts: Sequence[Alert], sinks: Iterable[Any]) -> dict[str, int]:
    """Send ``alerts`` to each sink; returns "index:SinkType" -> how many it took (JSONL skips known ids)."""
    return {f"{i}:{type(s).__name__}": s.send(alerts) for i, s in enumerate(sinks)}
