"""Splits an article into ~256-token passages, each led by a short header (title, outlet, date)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from llama_index.core.node_parser import SentenceSplitter

from assistant.core import chunk_header, split_header  # noqa: F401  (split_header: the one chunk format)

from .article import Article


@dataclass
class Chunk:
    chunk_id: str
    article_id: str
    position: int
    text: str  # header + passage: what is embedded, keyword-indexed and shown


@lru_cache(maxsize=4)
def _splitter(chunk_tokens: int, overlap: int) -> SentenceSplitter:
    return SentenceSplitter(chunk_size=chunk_tokens, chunk_overlap=overlap, paragraph_separator="\n\n")


def header(article: Article) -> str:
    return chunk_header(article.title, article.source, article.published.date().isoformat() if article.published else None)


def chunk_article(article: Article, article_id: str, chunk_tokens: int, overlap: int, version: str = "") -> list[Chunk]:
    """`version` (the article's boilerplate mark) goes into the chunk ids: an article cleaned again gets
    new ids, so its new vectors never overwrite the old ones before the manifest switches to them."""
    head = header(article)
    pieces = _splitter(chunk_tokens, overlap).split_text(article.body)
    prefix = f"{article_id}-{version[:8]}" if version else article_id
    return [
        Chunk(chunk_id=f"{prefix}-{i:04d}", article_id=article_id, position=i, text=f"{head}\n\n{piece}")
        for i, piece in enumerate(p for p in pieces if p.strip())
    ]
