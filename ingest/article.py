"""The Article record every reader produces and every later stage consumes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Article:
    title: str
    body: str
    source_file: str
    key: str  # identity for updates: the url when known, else file path (+ record number)
    source: str | None = None
    author: str | None = None
    url: str | None = None
    published: datetime | None = None
    category: str | None = None
    extra: dict = field(default_factory=dict)  # unknown input fields, kept as metadata


@dataclass
class ReadResult:
    """What one file gave: its articles, and problems with single records that were skipped."""

    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class ReadError(Exception):
    """A whole file could not be read; the message says why, in words for the user."""
