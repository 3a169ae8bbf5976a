from __future__ import annotations

import pytest

from conflictwatch.records import RawDocument, Rejected


def split(items):
    docs = [i for i in items if isinstance(i, RawDocument)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    return docs, rejected


@pytest.fixture
def split_items():
    return split
