"""Measure extraction against human-coded data: ACLED rows and the Article Extraction Benchmark.

``acled`` scores events field by field, ``extraction`` scores main-text extraction,
``metrics`` holds the scoring primitives and ``report`` renders the results.  The
CLI is ``conflictwatch eval`` (``conflictwatch.cli.eval``); the quality gate is
``tests/evaluation/test_eval_gate.py`` with its floors in ``eval_floors.json``.
Gold data measures only: nothing here feeds back into extraction.
"""
