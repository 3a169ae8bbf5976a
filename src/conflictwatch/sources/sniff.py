"""Decide what a blob of bytes is: HTML, plain text, a feed, a WARC, or binary.

The extension is a hint; the bytes decide when the extension says nothing or
lies (a ``.txt`` holding a PNG is rejected as binary, not read as text).
"""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

__all__ = ["Kind", "sniff", "binary_kind", "HTML_EXTENSIONS", "TEXT_EXTENSIONS", "FEED_EXTENSIONS"]

HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
TEXT_EXTENSIONS = frozenset({".txt", ".md", ".text", ""})
FEED_EXTENSIONS = frozenset({".xml", ".rss", ".atom"})
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})

# (magic prefix, human name). Checked before anything else.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x7fELF", "executable (ELF)"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"RIFF", "RIFF media (WAV/AVI/WebP)"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_RE = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|article|meta|title|br|span|a)[\s>/]",
    re.IGNORECASE,
)
_FEED_RE = re.compile(rb"<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Kind:
    """What a file is. ``name``: html | text | feed | warc | jsonl | binary."""

    name: str
    detail: str = ""  # e.g. "PNG image" for binary


def _is_gzipped_warc(head: bytes, path: Optional[Path]) -> bool:
    if path is None:
        return False
    try:
        with gzip.open(path, "rb") as fh:
            return fh.read(8).startswith(b"WARC/")
    except (OSError, EOFError, zlib.error):
        return False


def binary_kind(head: bytes) -> Optional[str]:
    """Human name of a binary format if ``head`` looks binary, else None."""
    if head.startswith(_BOMS[1:]) or head.startswith((b"\x00\x00\xfe\xff",)):
        return None  # UTF-16/32 text with a byte-order mark
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if b"\x00" in head:
        return "data with NUL bytes"
    return None


def sniff(head: bytes, path: Optional[Path] = None) -> Kind:
    """Classify a file from its first bytes (``head``, ~8 KiB) and its name."""
    suffixes = [s.lower() for s in path.suffixes] if path is not None else []
    ext = suffixes[-1] if suffixes else ""
    if head.startswith(b"WARC/"):
        return Kind("warc")
    if head.startswith(b"\x1f\x8b") and (ext == ".gz" or ext == ".warc") and _is_gzipped_warc(head, path):
        return Kind("warc")
    binary = binary_kind(head)
    if binary is not None:
        return Kind("binary", binary)
    if ext in JSONL_EXTENSIONS:
        return Kind("jsonl")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    if ext in FEED_EXTENSIONS or start.startswith(b"<?xml"):
        if _FEED_RE.search(head[:4096]):
            return Kind("feed")
        if ext in FEED_EXTENSIONS:
            # Claims to be a feed; let the feed reader say why it is not one.
            return Kind("feed")
    if ext in HTML_EXTENSIONS:
        return Kind("html")
    if ext in (".txt", ".md", ".text"):
        return Kind("text")
    if _HTML_RE.search(start):
        return Kind("html")
    return Kind("text")
