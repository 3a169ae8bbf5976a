"""Continuous monitoring: poll RSS/Atom feeds, ingest new items, update analyses, fire alerts.

A watch config (YAML)::

    version: 1
    db: watch.db                 # database URL or SQLite file (relative to this file); or --db / $CONFLICTWATCH_DB
    state: watch-state.json      # per-feed state (default: <config name>.state.json beside the config)
    interval: 900                # seconds between polls
    fetch: {timeout: 20, max_bytes: 10000000, allow_private: false, allow_networks: []}
    feeds:
      - https://example.org/sahel/rss
      - {url: "https://example.org/atom.xml", name: example}
    alerts:                      # optional: the rules and sinks of an alert config (see analysis.alerts) ...
      rules: [...]
      sinks: [...]
      since: 2024-01-01          # ... alerts for weeks ending before this day are never sent
      # config: alerts.yaml      # ... or the path of an alert config file
    outputs:                     # optional analyses rewritten after each poll that stored events
      index: index.json          # conflict index of the last 365 days, per admin-1

**Restart safety.**  For each feed item, in this order: its raw bytes are stored (``Store.put_raw``), it is
extracted and saved unless the store says this pipeline version already processed it, and only then is its key
(the entry id, else its link, else its content hash) written to the state file (atomically: temporary file and
rename).  A feed's ETag/Last-Modified are written only once all its items are in, so a crash never turns into
"304 Not Modified" for items not yet ingested.  Killed at any point, the next run re-reads the feed, finds the
raw item stored and processed (nothing done twice) or not (done now); raw items stored but never processed are
picked up at the start of each poll.  Alerts are delivered per sink and recorded per sink, so a failing sink is
retried at the next poll without re-sending to the others.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Optional
from urllib.parse import quote

import yaml

from conflictwatch.errors import InputError, StoreError
from conflictwatch.records import RawDocument, Rejected
from conflictwatch.sources.fetch import FetchPolicy, fetch

__all__ = ["FeedSpec", "WatchConfig", "WatchState", "PollReport", "load_watch_config", "poll_once", "watch"]

log = logging.getLogger(__name__)
STATE_VERSION = 1
MAX_SEEN_PER_FEED = 5000
MAX_DELIVERED_PER_SINK = 20000
_DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True, slots=True)
class FeedSpec:
    url: str
    name: str = ""


@dataclass(frozen=True)
class WatchConfig:
    feeds: tuple[FeedSpec, ...]
    db: Optional[str] = None
    state_path: Path = Path("watch-state.json")
    interval: float = 900.0
    policy: FetchPolicy = FetchPolicy()
    alerts: Any = None  # analysis.alerts.AlertConfig, or None
    alerts_since: Optional[date] = None
    base: Path = Path(".")
    outputs: dict[str, Path] = field(default_factory=dict)
    source: str = ""  # the config file


def load_watch_config(path: Path | str) -> WatchConfig:
    """Read and check a watch config (see the module docstring); errors name the file and the setting."""
    from conflictwatch.analysis.alerts import load_alert_config

    path = Path(path)
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(where, f"cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise InputError(where, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(where, "a watch config is a mapping (feeds, interval, db, alerts ...)")
    known = {"version", "db", "state", "interval", "fetch", "feeds", "alerts", "outputs"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(where, f"unknown setting(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    base = path.resolve().parent
    feeds = []
    for i, f in enumerate(data.get("feeds") or []):
        spec = {"url": f} if isinstance(f, str) else f
        if not isinstance(spec, dict) or not isinstance(spec.get("url"), str):
            raise InputError(where, f"feeds[{i}]: give a URL or {{url: ..., name: ...}} (got {f!r})")
        if not spec["url"].startswith(("http://", "https://")):
            raise InputError(where, f"feeds[{i}]: {spec['url']!r} is not an http(s) URL")
        feeds.append(FeedSpec(spec["url"], str(spec.get("name") or "")))
    if not feeds:
        raise InputError(where, "no feeds: give a 'feeds' list of URLs")
    try:
        interval = float(data.get("interval", 900))
    except (TypeError, ValueError):
        raise InputError(where, f"interval must be a number of seconds (got {data.get('interval')!r})") from None
    if interval <= 0:
        raise InputError(where, "interval must be > 0 seconds")
    fetch_cfg = data.get("fetch") or {}
    if not isinstance(fetch_cfg, dict):
        raise InputError(where, "fetch must be a mapping")
    bad = sorted(set(fetch_cfg) - {"timeout", "max_bytes", "allow_private", "allow_networks", "user_agent"})
    if bad:
        raise InputError(where, f"fetch: unknown setting(s) {', '.join(bad)}")
    try:
        defaults = FetchPolicy()
        policy = FetchPolicy(
            timeout=float(fetch_cfg.get("timeout", defaults.timeout)),
            max_bytes=int(fetch_cfg.get("max_bytes", defaults.max_bytes)),
            allow_private=bool(fetch_cfg.get("allow_private", False)),
            allow_networks=tuple(str(n) for n in fetch_cfg.get("allow_networks") or ()),
            user_agent=str(fetch_cfg.get("user_agent") or defaults.user_agent),
        )
    except (TypeError, ValueError) as exc:
        raise InputError(where, f"fetch: {exc}") from None
    alerts, since = None, None
    raw_alerts = data.get("alerts")
    if raw_alerts is not None:
        if not isinstance(raw_alerts, dict):
            raise InputError(where, "alerts must be a mapping (rules and sinks, or config: FILE)")
        extra = sorted(set(raw_alerts) - {"rules", "sinks", "since", "config"})
        if extra:
            raise InputError(where, f"alerts: unknown setting(s) {', '.join(extra)}")
        if raw_alerts.get("config"):
            alerts_path = Path(raw_alerts["config"])
            alerts = load_alert_config(alerts_path if alerts_path.is_absolute() else base / alerts_path)
        else:
            alerts = _inline_alerts(raw_alerts, path)
        if raw_alerts.get("since"):
            try:
                since = date.fromisoformat(str(raw_alerts["since"]))
            except ValueError:
                raise InputError(where, f"alerts.since {raw_alerts['since']!r} is not a date (YYYY-MM-DD)") from None
    outputs = {}
    for name, value in (data.get("outputs") or {}).items():
        if name != "index":
            raise InputError(where, f"outputs: unknown output {name!r} (known: index)")
        p = Path(str(value))
        outputs[name] = p if p.is_absolute() else base / p
    db = data.get("db")
    if db and "://" not in str(db) and not Path(str(db)).is_absolute():
        db = str(base / str(db))
    state = Path(str(data.get("state") or f"{path.stem}.state.json"))
    return WatchConfig(tuple(feeds), str(db) if db else None, state if state.is_absolute() else base / state,
                       interval, policy, alerts, since, base, outputs, where)


def _inline_alerts(raw: dict[str, Any], path: Path):
    """Alert rules and sinks written in the watch config itself (checked like an alert config file)."""
    from conflictwatch.analysis.alerts import alert_config_from_dict

    return alert_config_from_dict({"rules": raw.get("rules") or [], "sinks": raw.get("sinks") or []},
                                  f"{path} (alerts)")


# ----------------------------------------------------------------------------------------------- state


class WatchState:
    """Per-feed seen items and validators, and per-sink delivered alerts, in a JSON file written atomically."""

    def __init__(self, path: Path, data: Optional[dict[str, Any]] = None):
        self.path = path
        self.data = data or {"version": STATE_VERSION, "feeds": {}, "alerts": {"since": None, "delivered": {}}}

    @classmethod
    def load(cls, path: Path) -> "WatchState":
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(str(path), f"watch state cannot be read ({exc}); move it away to start afresh") from exc
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise InputError(str(path), f"not a watch state file of version {STATE_VERSION}")
        data.setdefault("feeds", {})
        data.setdefault("alerts", {"since": None, "delivered": {}})
        return cls(path, data)

    def feed(self, url: str) -> dict[str, Any]:
        return self.data["feeds"].setdefault(url, {"seen": {}, "etag": None, "last_modified": None})

    def seen(self, url: str, key: str) -> bool:
        return key in self.feed(url)["seen"]

    def mark_seen(self, url: str, key: str, doc_id: Optional[str]) -> None:
        seen = self.feed(url)["seen"]
        seen[key] = doc_id
        while len(seen) > MAX_SEEN_PER_FEED:  # oldest first (dicts keep insertion order)
            del seen[next(iter(seen))]
        self.save()

    def delivered(self, sink: str) -> set[str]:
        return set(self.data["alerts"]["delivered"].get(sink, ()))

    def mark_delivered(self, sink: str, ids: Iterable[str]) -> None:
        done = self.data["alerts"]["delivered"].setdefault(sink, [])
        known = set(done)
        done.extend(i for i in dict.fromkeys(ids) if i not in known)
        del done[:-MAX_DELIVERED_PER_SINK]
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(payload)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot write the watch state: {exc.strerror or exc}") from exc


# ----------------------------------------------------------------------------------------------- polling


@dataclass
class PollReport:
    started: str = ""
    feeds: int = 0
    not_modified: int = 0
    items: int = 0  # items in the fetched feeds
    new_items: int = 0  # not seen before
    processed: int = 0  # extracted now
    already_processed: int = 0  # stored and processed before (e.g. before a crash, or by another feed)
    recovered: int = 0  # stored raw items picked up unprocessed
    failed: int = 0
    events: int = 0
    alerts: int = 0
    delivered: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def line(self) -> str:
        return (f"{self.started} feeds {self.feeds} ({self.not_modified} unchanged), items {self.items}, "
                f"new {self.new_items}, processed {self.processed}, failed {self.failed}, events {self.events}, "
                f"alerts {self.alerts}" + (f", errors {len(self.errors)}" if self.errors else ""))


def item_key(raw: RawDocument) -> str:
    """What identifies a feed item across polls: its entry id, else its link, else its content hash."""
    return raw.external_id or raw.url or raw.id


def _ingest(raw: RawDocument, store, nlp, report: PollReport) -> None:
    """One step of ``workflow.run``: raw stored first; extracted and saved unless already processed."""
    from conflictwatch.workflow import ingest_one

    store.put_raw(raw)
    outcome = ingest_one(store, raw, nlp)
    if outcome.status in ("skipped", "copy"):
        report.already_processed += 1
    elif outcome.status == "failed":
        report.failed += 1
    else:
        report.processed += 1
        report.events += outcome.events


def _recover(config: WatchConfig, store, nlp, report: PollReport) -> None:
    """Raw feed items stored by an earlier, interrupted poll but never processed: process them now."""
    prefixes = tuple(f"{f.url}#item=" for f in config.feeds)
    pending = [r for r in store.iter_raw(status="stored") if r.uri.startswith(prefixes)]
    for raw in pending:
        report.recovered += 1
        _ingest(raw, store, nlp, report)


def poll_feed(feed: FeedSpec, config: WatchConfig, store, state: WatchState, nlp, report: PollReport,
              *, fetcher: Callable[..., Any] = fetch) -> None:
    from conflictwatch.sources.feeds import read_feed

    st = state.feed(feed.url)
    result = fetcher(feed.url, config.policy, etag=st.get("etag"), last_modified=st.get("last_modified"))
    report.feeds += 1
    if result.not_modified:
        report.not_modified += 1
        return
    items = list(read_feed(result.body, feed.url))
    if len(items) == 1 and isinstance(items[0], Rejected) and "#entry-" not in items[0].uri:
        raise InputError(feed.url, items[0].reason)
    for item in items:
        report.items += 1
        if isinstance(item, Rejected):
            key = item.uri
            if not state.seen(feed.url, key):
                report.failed += 1
                store.record_failure(item.uri, item.stage, item.reason, None)
                state.mark_seen(feed.url, key, None)
            continue
        key = item_key(item)
        if state.seen(feed.url, key):
            continue
        report.new_items += 1
        raw = item.replace(uri=f"{feed.url}#item={quote(key, safe='')}")
        _ingest(raw, store, nlp, report)
        state.mark_seen(feed.url, key, raw.id)  # only now: the item is stored (and processed)
    st = state.feed(feed.url)
    st["etag"], st["last_modified"] = result.etag, result.last_modified
    st["last_ok"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    state.save()


def _history_days(rules) -> int:
    days = 0
    for r in rules:
        p = r.params
        if r.kind == "first_in_months":
            days = max(days, int(p["months"] * _DAYS_PER_MONTH) + 7)
        else:
            days = max(days, 7 * int(p.get("baseline_weeks", 12) + p.get("window_weeks", 0)) + 7)
    return days


def _sink_key(spec: dict[str, Any]) -> str:
    return f"{spec.get('type')}:{spec.get('path') or spec.get('url') or ''}"


def fire_alerts(config: WatchConfig, store, state: WatchState, report: PollReport, *, sinks=None) -> None:
    """Evaluate the alert rules over recent events; deliver to each sink what it has not had yet."""
    from conflictwatch.analysis import ANALYSIS_FIELDS
    from conflictwatch.analysis.alerts import DeliveryError, evidence_from_events, evaluate_alerts, make_sink
    from conflictwatch.analysis.trends import to_points

    if config.alerts is None:
        return
    alerts_state = state.data["alerts"]
    if not alerts_state.get("since"):
        since = config.alerts_since or date.today() - timedelta(days=28)
        alerts_state["since"] = since.isoformat()
        state.save()
    since = date.fromisoformat(alerts_state["since"])
    first = since - timedelta(days=_history_days(config.alerts.rules))
    alerts = evaluate_alerts(to_points(store.iter_events(date_from=first, fields=ANALYSIS_FIELDS)), config.alerts.rules,
                             since=since)
    report.alerts = len(alerts)
    if not alerts:
        return
    evidence = evidence_from_events(lambda a, b: store.iter_events(date_from=a, date_to=b, fields=ANALYSIS_FIELDS))
    specs = list(config.alerts.sinks)
    built = sinks if sinks is not None else [make_sink(s, base=config.base, evidence=evidence) for s in specs]
    for spec, sink in zip(specs, built):
        key = _sink_key(spec)
        done = state.delivered(key)
        todo = [a for a in alerts if a.id not in done]
        if not todo:
            continue
        try:
            sink.send(todo)
        except DeliveryError as exc:
            report.errors.append(f"{key}: {exc}")
            log.warning("alert delivery to %s failed (retried at the next poll): %s", key, exc)
            continue
        state.mark_delivered(key, [a.id for a in todo])
        report.delivered[key] = len(todo)


def write_outputs(config: WatchConfig, store, report: PollReport) -> None:
    """Rewrite the configured analysis outputs (conflict index of the last 365 days per admin-1)."""
    if "index" not in config.outputs:
        return
    from conflictwatch.actors import default_kb
    from conflictwatch.analysis import ANALYSIS_FIELDS, ActorResolver
    from conflictwatch.analysis.index import conflict_index

    end = date.today()
    start = end - timedelta(days=364)
    idx = conflict_index(store.iter_events(date_from=start, date_to=end, fields=ANALYSIS_FIELDS),
                         ActorResolver(default_kb()), level="admin1", start=start, end=end)
    path = config.outputs["index"]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps([i.to_dict() for i in idx], ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    report.outputs.append(str(path))


def poll_once(config: WatchConfig, store, state: WatchState, nlp=None, *,
              fetcher: Callable[..., Any] = fetch, sinks=None) -> PollReport:
    """One poll: recover interrupted items, fetch every feed, ingest new items, fire alerts, write outputs."""
    from conflictwatch.workflow import default_pipeline

    nlp = nlp or default_pipeline()
    report = PollReport(started=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    _recover(config, store, nlp, report)
    for feed in config.feeds:
        try:
            poll_feed(feed, config, store, state, nlp, report, fetcher=fetcher)
        except InputError as exc:
            report.errors.append(str(exc))
            state.feed(feed.url)["last_error"] = str(exc)
            state.save()
            log.warning("feed %s: %s", feed.url, exc)
    fire_alerts(config, store, state, report, sinks=sinks)
    if report.processed or report.recovered:
        write_outputs(config, store, report)
    return report


def watch(config: WatchConfig, *, db: Optional[str] = None, once: bool = False, max_polls: Optional[int] = None,
          stop: Optional[threading.Event] = None, nlp=None, on_poll: Optional[Callable[[PollReport], None]] = None,
          fetcher: Callable[..., Any] = fetch) -> list[PollReport]:
    """Poll every ``config.interval`` seconds until ``stop`` is set (or once / ``max_polls`` times)."""
    from conflictwatch.store import Store

    stop = stop or threading.Event()
    reports: list[PollReport] = []
    state = WatchState.load(config.state_path)
    with Store.open(db or config.db) as store:
        while not stop.is_set():
            t0 = time.monotonic()
            report = poll_once(config, store, state, nlp, fetcher=fetcher)
            reports.append(report)
            if on_poll:
                on_poll(report)
            if once or (max_polls is not None and len(reports) >= max_polls):
                break
            stop.wait(max(0.0, config.interval - (time.monotonic() - t0)))
    return reports
