"""HTML pages: the main article text and its metadata, extracted with trafilatura."""
from __future__ import annotations

from pathlib import Path

import lxml.etree
import lxml.html
import trafilatura

from ..article import ReadError, ReadResult
from ..metadata import from_record
from .decode import read_text

MIN_ARTICLE_WORDS = 12


_TIME_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@property='og:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//meta[@name='pubdate' or @name='publishdate' or @name='date' or @name='dc.date']/@content",
    "//article//time/@datetime",
)


def _published_time(html: str) -> str | None:
    """The full publication timestamp from page metadata (trafilatura keeps only the day)."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for xpath in _TIME_XPATHS:
        values = [v.strip() for v in tree.xpath(xpath) if v and v.strip()]
        if values:
            return values[0]
    return None


def read(path: Path) -> ReadResult:
    html, notes = read_text(path)
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True)
    doc = extracted.as_dict() if extracted is not None else {}
    # trafilatura falls back to any text it finds (a menu, a footer): demand a few words of prose
    if len((doc.get("text") or "").split()) < MIN_ARTICLE_WORDS:
        raise ReadError("no article text found in the page")
    record = {
        "title": doc.get("title"),
        "body": doc["text"],
        "published_at": _published_time(html) or doc.get("date"),
        "source": doc.get("sitename") or doc.get("hostname"),
        "url": doc.get("url"),
        "author": doc.get("author"),
        "category": ", ".join(doc.get("categories") or []) or None,
    }
    article = from_record({k: v for k, v in record.items() if v}, str(path), key_fallback=str(path.resolve()))
    return ReadResult([article], notes=notes)
