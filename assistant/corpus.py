"""What the index holds, for the UI's Articles tab and status line: a summary (counts, outlets, dates),
a searchable list of articles, and deleting one (its chunks, vectors and keyword entries, under the
ingest's write lock). Presentation-free: the UI turns these into tables and Markdown."""
from __future__ import annotations

from dataclasses import dataclass

from ingest.indexing import remove_articles

from .store import Index

LIST_LIMIT = 500  # articles shown at once in the Articles tab; a search narrows them


@dataclass
class Summary:
    articles: int
    chunks: int
    outlets: list[str]  # named outlets only: an article without one adds no "(unknown)" choice
    first: str | None  # earliest and latest publication dates (ISO), None when no article is dated
    last: str | None

    @property
    def empty(self) -> bool:
        return self.articles == 0


@dataclass
class Deleted:
    title: str
    passages: int
    recleaned: int  # other articles of the outlet cleaned again (their boilerplate changed)


def summary(index: Index) -> Summary:
    """Read fresh from the manifest each time: a page loaded after an upload shows the new counts."""
    stats = index.manifest.stats()
    first, last = stats["date_range"] or (None, None)
    return Summary(stats["articles"], stats["chunks"], index.manifest.sources(), first, last)


def list_articles(index: Index, text: str = "", limit: int = LIST_LIMIT) -> list[dict]:
    """Articles whose title, outlet or date contains `text`, newest first."""
    return index.manifest.list_articles(text, limit)


def delete_article(index: Index, embedder, article_id: str) -> Deleted | None:
    """Removes one article from the manifest, Chroma and the keyword index; None if it is not indexed.
    Raises IndexBusy while an ingest holds the write lock."""
    row = index.manifest.article_as_read(article_id)
    if row is None:
        return None
    report = remove_articles([article_id], index, embedder)
    return Deleted(row["title"], row["n_chunks"], report.recleaned)
