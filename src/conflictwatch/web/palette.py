"""Colours for networks, derived from the network names found in the data.

Okabe & Ito's colour-blind-safe palette (the one ``conflictwatch.analysis``'s maps use).  Each name
starts at the palette slot given by a hash of the name and takes the next free slot on a collision,
over the sorted set of networks in the database, so the dashboard legend, the map and the reports agree
and stay the same whatever the filters.  Beyond eight networks, hues come from the hash.
"""

from __future__ import annotations

import colorsys
import hashlib
from collections.abc import Iterable

__all__ = ["network_color", "network_colors", "UNKNOWN_NETWORK", "PALETTE"]

UNKNOWN_NETWORK = "(none)"
PALETTE: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#882255")
_GREY = "#7f7f7f"


def _hash(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.strip().lower().encode()).digest()[:4], "big")


def _hue(name: str) -> str:
    r, g, b = colorsys.hls_to_rgb((_hash(name) % 65536) / 65536.0, 0.45, 0.70)
    return "#{:02x}{:02x}{:02x}".format(round(r * 255), round(g * 255), round(b * 255))


def network_colors(names: Iterable[str | None]) -> dict[str, str]:
    """``{network: "#rrggbb"}`` for a set of network names, distinct for up to eight networks."""
    out: dict[str, str] = {}
    used: set[int] = set()
    for name in sorted({n for n in names if n and n != UNKNOWN_NETWORK}):
        slot = _hash(name) % len(PALETTE)
        for step in range(len(PALETTE)):
            probe = (slot + step) % len(PALETTE)
            if probe not in used:
                used.add(probe)
                out[name] = PALETTE[probe]
                break
        else:
            out[name] = _hue(name)
    out[UNKNOWN_NETWORK] = _GREY
    return out


def network_color(name: str | None, known: Iterable[str | None] = ()) -> str:
    """The colour of one network among ``known`` (all the networks in the data)."""
    if not name or name == UNKNOWN_NETWORK:
        return _GREY
    return network_colors([*known, name])[name]
