"""HTML pages: the main article text and its metadata, extracted with trafilatura."""
from __future__ import annotations

from pathlib import Path

import trafilatura

from ..article import ReadError, ReadResult
from ..metadata import from_record
from .decode import read_text


def read(path: Path) -> ReadResult:
    html = read_text(path)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True, as_dict=True
    )
    if not doc or not (doc.get("text") or "").strip():
        raise ReadError("no article text found in the page")
    record = {
        "title": doc.get("title"),
        "body": doc["text"],
        "published_at": doc.get("date"),
        "source": doc.get("sitename") or doc.get("hostname"),
        "url": doc.get("url"),
        "author": doc.get("author"),
        "category": ", ".join(doc.get("categories") or []) or None,
    }
    article = from_record({k: v for k, v in record.items() if v}, str(path), key_fallback=str(path.resolve()))
    return ReadResult([article])
