"""``conflictwatch extract``: one document (or a JSONL batch) to JSON, no database."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import click

from conflictwatch.records import Extraction, RawDocument, Rejected


def _override(raw: RawDocument, published: Optional[str], language: Optional[str]) -> RawDocument:
    changes = {}
    if published:
        changes["published"] = published
    if language:
        changes["language"] = language
    return raw.replace(**changes) if changes else raw


def _result_dict(result, external_id=None) -> dict:
    if isinstance(result, Rejected):
        out = {"error": {"input": result.uri, "stage": result.stage, "reason": result.reason}}
    else:
        out = result.to_json_dict()
    if external_id is not None:
        out = {"id": external_id, **out}
    return out


def _summary_lines(ex: Extraction) -> list[str]:
    d = ex.document
    pub = d.published
    lines = [
        f"document {d.id[:12]}  {d.uri}",
        f"  title: {d.title or '-'}",
        f"  publisher: {d.publisher or '-'}   byline: {d.byline or '-'}   language: {d.language or '-'}",
        f"  published: {pub.value or 'unknown'} (precision {pub.precision}, confidence {pub.confidence:.2f}; {pub.basis})",
        f"  dateline: {d.dateline or '-'}   clean text: {len(d.text)} chars",
        f"events: {len(ex.events)}",
    ]
    for e in ex.events:
        lines.append(
            f"  {e.event_date or '?'} (p{e.time_precision}) {e.sub_event_type} | {e.actor1}"
            f"{' vs ' + e.actor2 if e.actor2 else ''} | {e.location}, {e.country} (geo p{e.geo_precision}) | fatalities {e.fatalities}"
        )
    lines.append(f"facts: {len(ex.facts)}")
    for f in ex.facts:
        what = f.relation or (f"{f.value} {f.unit}" if f.value is not None else "")
        lines.append(f"  {f.kind}: {f.subject or '-'} {what} {f.object or ''} {('@ ' + f.place) if f.place else ''}".rstrip())
    return lines


@click.command("extract")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON: {document, events, facts, entities}.")
@click.option("--jsonl", "jsonl", type=click.Path(dir_okay=False, path_type=Path),
              help='Batch: read one document per line ({"id", "text"|"html"|"path", "published", "url", "language"}) '
                   "and write one JSON result per line, with the input's id echoed.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@click.option("--published", help="Publication date of the document (ISO), when the page does not say.")
@click.option("--language", help="Language of the document (ISO 639-1), when known.")
def extract_cli(file, as_json, jsonl, out, published, language):
    """Extract events, facts and entities from one FILE (HTML or text page), without a database."""
    from conflictwatch.sources import iter_sources, read_jsonl
    from conflictwatch.workflow import default_pipeline, extract_safely

    if (file is None) == (jsonl is None):
        raise click.UsageError("give either FILE or --jsonl IN.jsonl")
    sink = open(out, "w", encoding="utf-8") if out else sys.stdout
    try:
        nlp = default_pipeline()
        if jsonl is not None:
            n = failed = 0
            for item in read_jsonl(jsonl):
                if isinstance(item, Rejected):
                    result, ext = item, None
                    failed += 1
                else:
                    item = _override(item, published, language)
                    result, ext = extract_safely(item, nlp), item.external_id
                    failed += isinstance(result, Rejected)
                sink.write(json.dumps(_result_dict(result, ext), ensure_ascii=False) + "\n")
                n += 1
            click.echo(f"{n} documents, {failed} failed", err=True)
            return
        items = list(iter_sources([file]))
        if not items:
            raise click.ClickException(f"{file}: no document found")
        item = items[0]
        if isinstance(item, Rejected):
            raise click.ClickException(f"{item.uri}: {item.reason}")
        result = extract_safely(_override(item, published, language), nlp)
        if isinstance(result, Rejected):
            raise click.ClickException(f"{result.uri}: {result.reason}")
        if as_json:
            sink.write(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            sink.write("\n".join(_summary_lines(result)) + "\n")
        if len(items) > 1:
            click.echo(f"note: {file} holds {len(items)} documents; showed the first (use `conflictwatch run` for all)", err=True)
    finally:
        if out:
            sink.close()
