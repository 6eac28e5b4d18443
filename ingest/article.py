"""The Article record every reader produces and every later stage consumes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable


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
    warnings: list[str] = field(default_factory=list)  # kept, but something was off (a date, a title)


@dataclass
class ReadResult:
    """What one file gave: its articles, problems with single records that were skipped, and notes."""

    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # records skipped
    notes: list[str] = field(default_factory=list)  # the file was read, but something was off (e.g. bad bytes)

    def add(self, build: Callable[[], Article], where: str) -> None:
        """Adds the article `build` makes, or records why the record at `where` was skipped."""
        try:
            self.articles.append(build())
        except ValueError as exc:
            self.problems.append(f"{where}: {exc}, skipped")

    def require_articles(self, reason_if_none: str) -> "ReadResult":
        if not self.articles:
            raise ReadError("; ".join(self.problems[:3]) or reason_if_none)
        return self


class ReadError(Exception):
    """A whole file could not be read; the message says why, in words for the user."""
