"""Planning an ingest run: which articles are new, which replace an indexed version, which are skipped.

Identity: the same words in the same order are one article (its id, a hash of the normalised text),
wherever they come from; of identical copies, the one with the richer metadata is kept. An article's
key is its url, else its file (and record number). A new text under a file key replaces the old one:
the file was rewritten. A url is weaker evidence: a homepage or section url is often given for many
different articles, so a new text under a known url replaces an indexed one only when the two are
versions of one article (they share at least `same_url_min_overlap` of the shorter one's word
3-grams: an edit or a correction); otherwise both are kept.

Articles are planned one at a time, in reading order (`plan_one`), against the index and the run's
articles planned so far, which the run keeps on disk (ingest/staging.py), not in memory.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from assistant.store import Index

from .article import Article
from .chunking import Chunk, split_header
from .cleaning import article_lines

if TYPE_CHECKING:
    from .indexing import IngestReport

_WORD = re.compile(r"\w+")


@dataclass
class Planned:
    article: Article
    article_id: str
    replaces: list[str]
    chunks: list[Chunk] = field(default_factory=list)
    raw: str = ""  # the text as read, before cleaning
    lines: set[str] = field(default_factory=set)  # its short lines, for the boilerplate counts
    mark: str = ""  # which of them were boilerplate when it was cleaned
    again: bool = False  # an indexed article cleaned again


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def same_article(a: str, b: str, min_overlap: float) -> bool:
    """Whether two texts are versions of one article: they share enough of the shorter one's 3-grams."""
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) >= min_overlap * min(len(ta), len(tb))


def _indexed_text(index: Index, article_id: str) -> str:
    row = index.manifest.article_as_read(article_id)
    if row and row["raw"] is not None:
        return row["raw"]
    return "\n".join(split_header(text)[1] for _, text in index.manifest.article_chunks(article_id))  # older index


def _versions(index: Index, article: Article, candidates: list[str], texts) -> list[str]:
    """Which of the candidate articles (same key) the new one is a version of."""
    if article.url is None or article.key != article.url:  # a file key: the file was rewritten
        return candidates
    overlap = index.settings.same_url_min_overlap
    return [c for c in candidates if same_article(texts(c), article.body, overlap)]


def _richness(a: Article) -> int:
    """How much metadata a copy carries; of two identical copies, the richer one is kept."""
    return sum(bool(v) for v in (a.source, a.author, a.url, a.published, a.category)) + len(a.extra)


class Run(Protocol):
    """The run's planned articles so far (ingest/staging.py keeps them on disk)."""

    def get(self, article_id: str) -> Planned | None: ...
    def with_key(self, doc_key: str) -> list[Planned]: ...
    def put(self, p: Planned, lines: set[str]) -> None: ...
    def remove(self, article_id: str) -> None: ...


def plan_one(article: Article, aid: str, run: Run, index: Index, report: IngestReport) -> None:
    """Plans one article read (in reading order) against the index and the run's earlier articles."""
    first = run.get(aid)
    if first is not None:  # an identical copy met earlier in this run (e.g. syndicated)
        if first.article.key == article.key:
            report.unchanged += 1
            return
        report.duplicates += 1
        if _richness(article) > _richness(first.article) and not index.manifest.ids_for_key(article.key):
            first.article = article
            run.put(first, article_lines(article.body))
        return
    known_key = index.manifest.key_of(aid)
    if known_key is not None:
        if known_key == article.key:
            report.unchanged += 1
        else:
            report.duplicates += 1
        return
    in_run = {p.article_id: p for p in run.with_key(article.key)}
    earlier = _versions(index, article, list(in_run), lambda c: in_run[c].article.body)
    if earlier:  # an earlier version of this article in the same run: the last one wins
        report.warnings.append((article.source_file, f"two versions of {article.key} in this run; the last one was kept"))
        replaces = [old for c in earlier for old in in_run[c].replaces]
        for old in earlier:
            run.remove(old)
    else:
        indexed = [old for old in index.manifest.ids_for_key(article.key) if old != aid]
        replaces = _versions(index, article, indexed, lambda c: _indexed_text(index, c))
    run.put(Planned(article, aid, replaces), article_lines(article.body))
