"""Bytes -> str: byte-order mark, declared charset, UTF-8, then charset detection."""

from __future__ import annotations

import codecs
import re
from typing import Optional

import charset_normalizer

from conflictwatch.errors import InputError

__all__ = ["decode_bytes"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE
)
# Web pages labelled latin-1/ascii are really windows-1252 (WHATWG encoding standard).
_WEB_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}
# Preferred among equally plausible single-byte guesses (most of our sources are English/French).
_PREFERRED = ("utf_8", "cp1252", "latin_1", "iso8859_15")
_MAX_CHAOS = 0.2


def _normalise(name: str) -> Optional[str]:
    name = name.strip().lower()
    name = _WEB_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _try(data: bytes, encoding: str) -> Optional[str]:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, uri: str, declared: Optional[str] = None, is_html: bool = False) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise InputError when no encoding fits."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _try(data, enc)
            if text is not None:
                return text, enc
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    if is_html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            candidates.append((m.group(1) or m.group(2)).decode("ascii", "replace"))
    for name in candidates:
        enc = _normalise(name)
        if enc is None:
            continue
        text = _try(data, enc)
        if text is not None:
            return text, enc
    text = _try(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    results = charset_normalizer.from_bytes(data[:200_000])
    best = results.best()
    if best is not None and best.chaos <= _MAX_CHAOS:
        # Among guesses as clean as the best one, prefer the common web encodings.
        tied = {m.encoding for m in results if abs(m.chaos - best.chaos) < 0.01}
        enc = next((e for e in _PREFERRED if e in tied), best.encoding)
        text = _try(data, enc)
        if text is not None:
            return text, enc
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    else:  # pragma: no cover - utf-8 succeeded above
        where = "unknown position"
    declared_note = f" (declared {', '.join(candidates)})" if candidates else ""
    raise InputError(
        uri,
        f"unknown encoding: not valid UTF-8 ({where}) and no other text encoding fits{declared_note}",
    )
