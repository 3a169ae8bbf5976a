"""Versioned knowledge files (triggers, actors, boilerplate patterns, ...) and their loader.

Knowledge is data, not code: each file in this folder is YAML with a top-level
``version`` key and is read through :func:`load`.  Users can point
``CONFLICTWATCH_KNOWLEDGE`` at a folder of their own files with the same names
to override the packaged ones.
"""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from conflictwatch.errors import KnowledgeError

__all__ = ["load", "path_of"]


def path_of(name: str) -> Path:
    """Path of knowledge file ``name`` (user override folder first, then the package)."""
    override = os.environ.get("CONFLICTWATCH_KNOWLEDGE")
    if override:
        candidate = Path(override) / name
        if candidate.exists():
            return candidate
    return Path(str(resources.files("conflictwatch.knowledge").joinpath(name)))


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise KnowledgeError(f"knowledge file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"knowledge file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise KnowledgeError(f"knowledge file {path} must be a mapping with a 'version' key")
    return data


def load(name: str) -> dict[str, Any]:
    """Load knowledge file ``name`` (e.g. ``"triggers_en.yaml"``) as a dict."""
    p = path_of(name)
    try:
        mtime = p.stat().st_mtime
    except FileNotFoundError as exc:
        raise KnowledgeError(f"knowledge file not found: {p}") from exc
    return _load_cached(str(p), mtime)
