"""``conflictwatch eval``: measure extraction against human-coded data (ACLED rows, article benchmark)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from conflictwatch.errors import InputError

__all__ = ["eval_cli"]


@click.group("eval")
def eval_cli() -> None:
    """Measure extraction accuracy against data coded by people."""


def _progress(total: int, label: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="row", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)


@eval_cli.command("acled")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--limit", type=click.IntRange(min=1), help="Score only N rows (the first N, or a sample with --sample-seed).")
@click.option("--sample-seed", type=int, help="Draw the --limit rows at random with this seed (reproducible).")
@click.option("--years", help="Only rows of these years, e.g. 2012-2017 or 2018,2019 (iterate on some years).")
@click.option("--exclude-years", help="Leave out rows of these years (e.g. the years you hold out).")
@click.option("--json", "as_json", is_flag=True, help="Print every score as JSON instead of the table.")
@click.option("--errors", "errors_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every miss (row, field, gold, predicted, notes) to this CSV file.")
@click.option("--date-hint", is_flag=True,
              help="Give each row's coded event date as the publication date (a diagnostic of date resolution; "
                   "headline figures use no hint).")
@click.option("--top", type=click.IntRange(min=0), default=15, show_default=True, help="Confusions to list.")
def acled_cmd(file, limit, sample_seed, years, exclude_years, as_json, errors_out, date_hint, top):
    """Score extraction on an ACLED CSV export FILE: each row's notes in, its coded fields compared.

    Every row's notes text goes through the same pipeline as `extract` as a plain-text
    document with no publication date; when several events come out, the best match is
    scored. A row with no event counts as wrong on every field.
    """
    from conflictwatch.evaluation.acled import evaluate_acled, load_rows, parse_years
    from conflictwatch.evaluation.report import acled_lines, write_errors
    from conflictwatch.workflow import default_pipeline

    try:
        rows = load_rows(file, limit=limit, seed=sample_seed, years=parse_years(years), exclude_years=parse_years(exclude_years))
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    if not rows:
        raise click.ClickException(f"{file}: no rows left after the year filter")
    nlp = default_pipeline()
    with _progress(len(rows), "eval acled") as bar:
        report = evaluate_acled(rows, nlp, on_row=lambda _row: bar.update(), date_hint=date_hint)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(acled_lines(report, top=top)))
    if errors_out:
        n = write_errors(report, errors_out)
        click.echo(f"{n} misses written to {errors_out}", err=True)


@eval_cli.command("extraction")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--limit", type=click.IntRange(min=1), help="Score only N pages (the first N, or a sample with --sample-seed).")
@click.option("--sample-seed", type=int, help="Draw the --limit pages at random with this seed.")
@click.option("--extractor", "extractors", multiple=True, type=click.Choice(["main_text", "clean"]),
              help="What to score: main_text (text.extract_main_text) and/or clean (text.clean). Default: both.")
@click.option("--ngram", type=click.IntRange(min=1), default=1, show_default=True,
              help="Token n-grams to compare (4 = the benchmark's shingles).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def extraction_cmd(directory, limit, sample_seed, extractors, ngram, as_json):
    """Score main-text extraction on the Article Extraction Benchmark in DIRECTORY.

    DIRECTORY holds ground-truth.json and html/<key>.html.gz; the extracted text is
    compared with articleBody as bags of lower-cased word tokens.
    """
    from conflictwatch.evaluation.extraction import evaluate_extraction, load_pages
    from conflictwatch.evaluation.report import extraction_lines

    try:
        pages = load_pages(directory, limit=limit, seed=sample_seed)
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    reports = evaluate_extraction(pages, extractors or ("main_text", "clean"), ngram=ngram)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2))
    else:
        click.echo("\n".join(extraction_lines(reports)))
