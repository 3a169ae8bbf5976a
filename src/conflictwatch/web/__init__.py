"""The dashboard: a static single-page app (built from ``frontend/`` into ``static/``) served by the API."""

from __future__ import annotations

from pathlib import Path

__all__ = ["static_dir"]


def static_dir() -> Path:
    """Folder of the built dashboard (``index.html`` and assets)."""
    return Path(__file__).resolve().parent / "static"
