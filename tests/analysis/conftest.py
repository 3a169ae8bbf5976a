from __future__ import annotations

import pytest

from conflictwatch.actors import default_kb
from conflictwatch.analysis import ActorResolver


@pytest.fixture(scope="session")
def resolver() -> ActorResolver:
    return ActorResolver(default_kb())
