"""RSS and Atom feed files (read from bytes with feedparser; URLs are never fetched)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any, Iterator, Optional, Union

import feedparser

from conflictwatch.records import RawDocument, Rejected, content_id

__all__ = ["read_feed"]


def _reject(uri: str, reason: str) -> Rejected:
    return Rejected(uri=uri, reason=reason, stage="sources")


def _iso(parsed: Any) -> Optional[str]:
    """feedparser's UTC struct_time -> ISO 8601 (seconds, 'Z')."""
    if not parsed:
        return None
    try:
        ts = calendar.timegm(parsed)
    except (TypeError, ValueError, OverflowError):
        return None
    return dt.datetime.fromtimestamp(ts, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _item_content(entry: Any) -> tuple[Optional[str], str]:
    """The item's fullest content (content:encoded / content / summary) and its media type."""
    for content in entry.get("content") or []:
        value = content.get("value")
        if value and value.strip():
            return value, _media_type(content.get("type"))
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary")
    if summary and summary.strip():
        return summary, _media_type(detail.get("type"))
    return None, "text/html"


def _media_type(declared: Optional[str]) -> str:
    return "text/plain" if declared == "text/plain" else "text/html"


def read_feed(data: bytes, uri: str) -> Iterator[Union[RawDocument, Rejected]]:
    """Yield one RawDocument per feed item; a feed that cannot be read gives one Rejected."""
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except (ValueError, TypeError, LookupError) as exc:  # feedparser is lenient; be safe anyway
        yield _reject(uri, f"malformed feed: {exc}")
        return
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            yield _reject(uri, f"malformed feed: {getattr(exc, 'getMessage', lambda: exc)()}")
        elif not version:
            yield _reject(uri, "not an RSS or Atom feed")
        else:
            yield _reject(uri, "feed has no items")
        return
    origin = "atom" if version.startswith("atom") else "rss"
    if parsed.get("bozo") and not any(_item_content(e)[0] for e in entries):
        exc = parsed.get("bozo_exception")
        yield _reject(uri, f"malformed feed: {getattr(exc, 'getMessage', lambda: exc)()} (no item with content)")
        return
    for index, entry in enumerate(entries):
        item_uri = f"{uri}#entry-{index}"
        html, media_type = _item_content(entry)
        if html is None:
            yield _reject(item_uri, "feed item has no content or summary")
            continue
        raw = html.encode("utf-8")
        published = _iso(entry.get("published_parsed")) or _iso(entry.get("updated_parsed"))
        yield RawDocument(
            id=content_id(raw),
            uri=item_uri,
            raw=raw,
            media_type=media_type,
            origin=origin,
            url=entry.get("link") or None,
            title=(entry.get("title") or "").strip() or None,
            published=published,
            language=(entry.get("language") or parsed.get("feed", {}).get("language") or None),
            encoding="utf-8",
            external_id=entry.get("id") or None,
        )
