"""Situation briefs: ``conflictwatch report --country BF --from ... --to ... --format html|pdf``.

    from conflictwatch.reports import build_brief, write_brief
    brief = build_brief(store, "BF", "2019-01-01", "2019-03-31")
    write_brief(brief, "brief.pdf", "pdf")
"""

from __future__ import annotations

import os
from pathlib import Path

from conflictwatch.reports.brief import Brief, Citation, build_brief, resolve_country
from conflictwatch.reports.render import render_html

__all__ = ["Brief", "Citation", "build_brief", "resolve_country", "render_html", "write_brief"]


def write_brief(brief: Brief, out: str | os.PathLike[str], fmt: str = "html") -> Path:
    """Write ``brief`` as ``html`` or ``pdf`` to ``out``; return the path."""
    target = Path(out)
    html = render_html(brief)
    if fmt == "html":
        tmp = target.with_name(f".{target.name}.part")
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, target)
        return target
    if fmt == "pdf":
        from conflictwatch.reports.pdf import html_to_pdf

        return html_to_pdf(html, target)
    raise ValueError(f"format={fmt!r}: expected html or pdf")
