"""Hand-built events for the analysis tests (no ACLED rows)."""

from __future__ import annotations

import itertools
from typing import Any

from conflictwatch.records import Event

_ids = itertools.count(1)

JNIM = "JNIM: Group for Support of Islam and Muslims"
ISGS = "Islamic State (Greater Sahara)"
MALI_ARMY = "Military Forces of Mali (2013-2020)"
CIVILIANS = "Civilians (Mali)"


def ev(date: str, lat: float, lon: float, actor1: str = JNIM, inter1: int = 2, *, actor2: str = "",
       inter2: int | None = None, event_type: str = "Battles", sub_event_type: str = "Armed clash",
       fatalities: int = 0, country: str = "Mali", admin1: str = "Mopti", admin2: str = "Douentza",
       notes: str = "", location: str = "", id: str | None = None, **kw: Any) -> Event:
    return Event(
        event_id_cnty=id or f"TST{next(_ids)}", doc_id="d" * 64, event_date=date, year=int(date[:4]),
        time_precision=1, disorder_type="Political violence", event_type=event_type, sub_event_type=sub_event_type,
        actor1=actor1, inter1=inter1, actor2=actor2, inter2=inter2, country=country, admin1=admin1, admin2=admin2,
        latitude=lat, longitude=lon, geo_precision=1, fatalities=fatalities, notes=notes, location=location, **kw,
    )
