"""Shared test helpers: where the project's shared data lives (``../shared`` beside the clone)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONFLICTWATCH_SHARED", ROOT.parent / "shared"))
SEED_ARTICLE = SHARED / "seed" / "article.txt"


def require_shared(path: Path) -> Path:
    """Shared test data must be there: missing data fails on CI instead of silently skipping."""
    if not path.exists():
        pytest.fail(f"shared test data missing: {path} (set CONFLICTWATCH_SHARED to the shared/ folder)")
    return path


@pytest.fixture(scope="session")
def seed_article_path() -> Path:
    return require_shared(SEED_ARTICLE)
