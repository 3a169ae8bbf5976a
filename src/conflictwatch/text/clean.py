"""The text stage: RawDocument -> Document (clean main text + metadata) or Rejected."""

from __future__ import annotations

import re
from typing import Optional, Union

from conflictwatch.errors import InputError
from conflictwatch.records import Document, RawDocument, Rejected
from conflictwatch.text.credits import byline_names, copyright_facts, find_dateline, is_caption
from conflictwatch.text.decode import decode_bytes
from conflictwatch.text.html import extract_html
from conflictwatch.text.language import detect_language
from conflictwatch.text.page import normalise_line, split_page
from conflictwatch.text.patterns import TextPatterns, text_patterns
from conflictwatch.text.pubdate import DateEvidence, estimate_publication_date

__all__ = ["clean", "STAGE"]

STAGE = "text"
_SEP = "\n\n"


def _reject(raw: RawDocument, reason: str) -> Rejected:
    return Rejected(uri=raw.uri, reason=reason, stage=STAGE, doc_id=raw.id)


def _assemble(paragraphs: list[str], p: TextPatterns) -> tuple[str, list[tuple[int, int]], int]:
    """Join paragraphs; mark captions; drop a caption repeated anywhere. Returns (text, captions, dropped)."""
    kept: list[str] = []
    captions: list[tuple[int, int]] = []
    seen_captions: set[str] = set()
    dropped = 0
    offset = 0
    for para in paragraphs:
        caption = is_caption(para, p) and bool(kept)  # the lede is never a caption
        if caption:
            if para in seen_captions:
                dropped += 1
                continue
            seen_captions.add(para)
        if kept:
            offset += len(_SEP)
        if caption:
            captions.append((offset, offset + len(para)))
        kept.append(para)
        offset += len(para)
    return _SEP.join(kept), captions, dropped


def clean(raw: RawDocument) -> Union[Document, Rejected]:
    """Decode, extract the main text, and read title, byline, dateline, date and language."""
    p = text_patterns()
    is_html = raw.media_type == "text/html"
    try:
        decoded, _encoding = decode_bytes(raw.raw, raw.uri, declared=raw.encoding, is_html=is_html)
    except InputError as exc:
        return _reject(raw, exc.reason)

    title: Optional[str] = raw.title
    byline: Optional[str] = None
    publisher: Optional[str] = None
    url = raw.url
    meta_date: Optional[str] = None
    html_language: Optional[str] = None
    if is_html:
        extract = extract_html(decoded, url=raw.url)
        if extract is None:
            return _reject(raw, "no article text found in HTML")
        body_text = extract.text
        title = extract.title or title
        byline = extract.author
        publisher = extract.sitename
        url = raw.url or extract.url
        meta_date = extract.date
        html_language = extract.language
    else:
        body_text = decoded
        if "\x00" in body_text:
            return _reject(raw, "text holds NUL bytes: binary data, not a text page")

    # plain text has no declared charset: a wrong guess shows up as text in no supported script
    script_problem = None if is_html else _unsupported_script(body_text)
    if script_problem:
        return _reject(raw, script_problem)
    page = split_page(body_text, p, known_title=title)
    if not page.paragraphs:
        what = "HTML" if is_html else "the text"
        return _reject(raw, f"no article text found in {what} (only page furniture)")
    title = page.title or (normalise_line(title) if title else None)

    text, captions, dup_captions = _assemble(page.paragraphs, p)
    kept_paragraphs = [text[s:e] for s, e in _spans(text)]

    dateline = find_dateline(kept_paragraphs[0], p) if kept_paragraphs else None
    names = byline_names(page.byline_lines, kept_paragraphs, p)
    if names and not byline:
        byline = ", ".join(names)
    copyright_publisher, copyright_years = copyright_facts(page.copyright_lines, p)
    if is_html and not copyright_years:
        _, copyright_years = copyright_facts(_copyright_candidates(decoded, p), p)
    publisher = publisher or copyright_publisher

    evidence = DateEvidence(
        hint=raw.published,
        hint_origin=_origin_words(raw.origin),
        metadata=meta_date,
        published_lines=page.published_lines,
        updated_lines=page.updated_lines,
        correction_lines=[(m.group(0).rstrip(": "), m.group("date")) for para in kept_paragraphs if (m := p.correction_line.match(para))],
        dateline_date=dateline.date_text if dateline else None,
        copyright_years=copyright_years,
        fetched=raw.fetched,
    )
    published = estimate_publication_date(evidence, p)

    if raw.language:
        language, language_confidence = raw.language.lower(), 1.0
    else:
        language, language_confidence = detect_language(text)
        if language is None and html_language:
            language, language_confidence = html_language.split("-")[0].lower(), 0.5

    return Document(
        id=raw.id,
        uri=raw.uri,
        text=text,
        title=title,
        publisher=publisher,
        byline=byline,
        url=url,
        language=language,
        language_confidence=language_confidence,
        published=published,
        dateline=dateline.place if dateline else None,
        dateline_span=(dateline.start, dateline.end) if dateline else None,
        captions=tuple(captions),
        removed_lines=page.removed + dup_captions,
        origin=raw.origin,
        media_type=raw.media_type,
    )


def _spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    while True:
        end = text.find(_SEP, start)
        if end < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, end))
        start = end + len(_SEP)


def _copyright_candidates(html: str, p: TextPatterns) -> list[str]:
    """Copyright lines in an HTML page's footer (trafilatura drops the footer)."""
    text = re.sub(r"<[^>]+>", "\n", html[-20000:]).replace("&copy;", "©").replace("&#169;", "©")
    return [normalise_line(t) for t in text.splitlines() if p.copyright.search(t)]


def _origin_words(origin: str) -> str:
    return {
        "rss": "RSS feed",
        "atom": "Atom feed",
        "jsonl": "JSONL input",
        "warc": "WARC record",
    }.get(origin, "source")


def _unsupported_script(text: str) -> Optional[str]:
    """Why ``text`` cannot be natural language in a supported script (Latin, Arabic), or None.

    Catches bytes decoded with the wrong codec (e.g. random bytes read as UTF-16 come out as CJK
    ideographs) before they reach extraction.
    """
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    if len(letters) < 20:
        return None  # too short to judge; later checks decide
    supported = sum(1 for ch in letters if ch < "\u0250" or "\u0600" <= ch <= "\u06ff" or "\u1e00" <= ch <= "\u1eff")
    if supported / len(letters) < 0.5:
        return "unknown encoding or unsupported script: most letters are outside the Latin and Arabic scripts"
    return None
