"""Reads the author (and, failing other metadata, the outlet) from an article's own byline before
cleaning cuts it: a "By Jane Doe" line at the top, or the "About the writer" block at the end ("Thomas
Kika is a Newsweek weekend reporter based in ..."). General patterns of news pages, no site strings."""
from __future__ import annotations

import re

from .article import Article

HEAD_LINES = 4  # a "By ..." byline sits among the first few lines
_NAME = r"[A-Z][\w.'’-]+(?:\s+(?:van|von|de|da|del|la|le)?\s*[A-Z][\w.'’-]+){1,3}"
_BY_LINE = re.compile(rf"^by\s+({_NAME})(?:\s*(?:,|\||·|—|-|and|&)\s*.*)?$", re.I)
_ABOUT = re.compile(r"^about the (?:writer|author|reporter)s?\W*$", re.I)
_BIO = re.compile(rf"^({_NAME})\s+(?:is|was|has been|covers|writes)\b(.*)$")
_ROLE = r"(?:reporter|writer|editor|correspondent|journalist|columnist|contributor|producer|critic|staff writer)"
_OUTLET_BEFORE_ROLE = re.compile(rf"\b(?:is|was)\s+(?:an?|the)\s+((?:[A-Z][\w.&'’-]*\s+)+)(?:[a-z-]+\s+){{0,3}}{_ROLE}\b")
_OUTLET_AFTER_ROLE = re.compile(rf"\b{_ROLE}\s+(?:at|for|with)\s+((?:The\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){{0,3}})")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def byline(body: str) -> tuple[str | None, str | None]:
    """(author, outlet) as the article's own text gives them; None where it does not."""
    lines = _lines(body)
    for line in lines[:HEAD_LINES]:
        m = _BY_LINE.match(line)
        if m:
            return m.group(1).strip(), None
    for i, line in enumerate(lines):
        if _ABOUT.match(line) and i + 1 < len(lines):
            bio = _BIO.match(lines[i + 1])
            if bio:
                rest = bio.group(2)
                outlet = _OUTLET_BEFORE_ROLE.search(f"is{rest}") or _OUTLET_AFTER_ROLE.search(rest)
                return bio.group(1).strip(), outlet.group(1).strip() if outlet else None
    return None, None


def fill_byline(article: Article) -> None:
    """Sets the article's author, and its outlet when no metadata named one, from its byline."""
    if article.author and article.source:
        return
    author, outlet = byline(article.body)
    article.author = article.author or author
    article.source = article.source or outlet
