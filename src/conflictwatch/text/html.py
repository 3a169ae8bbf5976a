"""Main text and metadata from HTML pages with trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import lxml.etree
import lxml.html
import trafilatura

__all__ = ["HtmlExtract", "extract_html", "extract_main_text"]

_BLOCKS = ("p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "td", "figcaption", "div")
_LETTERS = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# Only the page's own date markup, not dates guessed from its text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    text: str  # paragraphs separated by "\n"
    title: Optional[str] = None
    author: Optional[str] = None
    sitename: Optional[str] = None
    date: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = None
    fallback: bool = False  # True when trafilatura found nothing and plain block text was used


def _parse(html: str) -> Optional[lxml.html.HtmlElement]:
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    return tree


def _captions_to_paragraphs(tree: lxml.html.HtmlElement) -> None:
    """Keep figure captions: trafilatura drops <figure>; turn each caption into a <p> in its place."""
    for cap in list(tree.iter("figcaption")):
        text = " ".join(cap.text_content().split())
        figure = cap.getparent()
        while figure is not None and figure.tag != "figure":
            figure = figure.getparent()
        anchor = figure if figure is not None else cap
        parent = anchor.getparent()
        if parent is None:
            continue
        para = lxml.html.Element("p")
        para.text = text
        para.tail = anchor.tail
        parent.replace(anchor, para)


def _block_text(tree: lxml.html.HtmlElement) -> str:
    """Fallback for short fragments (feed items): the text of block elements, else of the body."""
    for bad in tree.xpath("//script|//style|//nav|//header|//footer|//aside|//form|//noscript"):
        parent = bad.getparent()
        if parent is not None:
            parent.remove(bad)
    blocks = [" ".join(el.text_content().split()) for el in tree.iter(*_BLOCKS[:-1])]
    blocks = [b for b in blocks if b]
    if not blocks:
        body = tree.find("body")
        root = body if body is not None else tree
        blocks = [" ".join(root.text_content().split())]
    return "\n".join(b for b in blocks if b)


def extract_html(html: str, url: Optional[str] = None) -> Optional[HtmlExtract]:
    """Main text and metadata of a page; None when the page has no article text."""
    tree = _parse(html)
    if tree is None:
        return None
    _captions_to_paragraphs(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if doc is not None and len(_LETTERS.findall(doc.text or "")) >= 3:
        return HtmlExtract(
            text=doc.text,
            title=doc.title or None,
            author=doc.author or None,
            sitename=doc.sitename or None,
            date=doc.date or None,
            url=doc.url or url,
            language=doc.language or None,
        )
    # Short fragments (feed items) fall under trafilatura's minimum size: read the blocks.
    fresh = _parse(html)
    text = _block_text(fresh) if fresh is not None else ""
    if len(_LETTERS.findall(text)) < 3:
        return None
    title_el = fresh.find(".//title") if fresh is not None else None
    title = " ".join(title_el.text_content().split()) if title_el is not None else None
    return HtmlExtract(text=text, title=title or None, url=url, fallback=True)


def extract_main_text(html: str) -> str:
    """The main text of an HTML page (paragraphs separated by newlines), "" when there is none."""
    result = extract_html(html)
    return result.text if result is not None else ""
