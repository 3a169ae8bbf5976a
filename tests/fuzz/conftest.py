"""Fuzz tests: hypothesis over every parser, with a short budget for CI (the whole folder runs in < 60 s).

``CONFLICTWATCH_FUZZ_EXAMPLES`` raises the number of examples per property (``scripts/fuzz.sh`` sets it for the
long run, beside the atheris harnesses under ``fuzz/``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("CONFLICTWATCH_FUZZ_EXAMPLES", "40"))

settings.register_profile(
    "fuzz", max_examples=EXAMPLES, deadline=None, derandomize=os.environ.get("CONFLICTWATCH_FUZZ_EXAMPLES") is None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    database=None,
)
