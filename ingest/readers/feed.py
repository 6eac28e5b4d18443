"""RSS and Atom feeds (and any .xml that is one), via feedparser. Entry HTML is reduced to text."""
from __future__ import annotations

from pathlib import Path

import feedparser
import lxml.html

from ..article import ReadError, ReadResult
from ..metadata import from_record


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fromstring(fragment)
    except Exception:  # lxml raises several types for junk input
        return fragment.strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    blocks = [b.text_content().strip() for b in root.xpath("//p|//li|//h1|//h2|//h3|//blockquote")]
    text = "\n\n".join(b for b in blocks if b) or root.text_content()
    return text.strip()


def read(path: Path) -> ReadResult:
    parsed = feedparser.parse(path.read_bytes())
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise ReadError(f"not an RSS/Atom feed with entries{f' ({reason})' if reason else ''}")
    outlet = parsed.feed.get("title")
    result = ReadResult()
    resolved = str(path.resolve())
    for n, entry in enumerate(parsed.entries):
        content = entry.get("content") or []
        html = content[0].get("value") if content else entry.get("summary", "")
        record = {
            "title": entry.get("title"),
            "body": _html_to_text(html or ""),
            "url": entry.get("link"),
            "published_at": entry.get("published") or entry.get("updated"),
            "author": entry.get("author"),
            "source": outlet,
            "category": ", ".join(t.get("term", "") for t in entry.get("tags", []) if t.get("term")) or None,
        }
        key = f"{resolved}#{entry.get('id') or n}"
        result.add(lambda: from_record(record, str(path), key_fallback=key), f"entry {n + 1} ({entry.get('title') or 'untitled'})")
    return result.require_articles("feed has no readable entries")
