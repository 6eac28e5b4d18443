"""A reader's copy of an archive that lives on a Chroma server (server mode, docs/server-mode.md).

The server holds everything a reader needs: each chunk's vector, text and metadata (the article's
fields, and its sentence vectors as base64 float16 under SENTENCES_KEY). A process whose index folder
has no manifest of its own (another machine, or a fresh folder) keeps a mirror there: the same SQLite
manifest and BM25 index the writer has, filled from the server, brought up to date whenever the
server's `keyword_version` (set by the writer after each ingest) differs from the one the mirror holds.
Only what changed is fetched; the keyword index is rebuilt locally, as the writer does.
"""
from __future__ import annotations

import base64

from .manifest import Manifest
from .vectors import VectorStore

SENTENCES_KEY = "sentence_vectors"  # chunk metadata key (server mode only)
ROLE_KEY = "role"  # manifest meta: "mirror" in a reader's folder
MIRROR = "mirror"
# chunk metadata written by ingest (ingest/indexing.py); everything else is the article's extra fields
_ARTICLE_KEYS = {"article_id", "title", "source", "author", "url", "published_at", "published_ts", "category",
                 "source_file", "position", "n_chunks", SENTENCES_KEY}


def encode_sentences(blob: bytes) -> str:
    return base64.b64encode(blob).decode("ascii")


def decode_sentences(text: str | None) -> bytes | None:
    return base64.b64decode(text) if text else None


def _article_row(meta: dict) -> dict:
    extra = {k: v for k, v in meta.items() if k not in _ARTICLE_KEYS}
    extra = {(k[len("extra_"):] if k.startswith("extra_") else k): v for k, v in extra.items()}
    return {"article_id": meta["article_id"], "doc_key": "", "title": meta.get("title", ""), "source": meta.get("source"),
            "author": meta.get("author"), "url": meta.get("url"), "category": meta.get("category"),
            "published_at": meta.get("published_at"), "published_ts": meta.get("published_ts"),
            "source_file": meta.get("source_file", ""), "n_chunks": int(meta.get("n_chunks", 0)), "extra": extra,
            "raw": None, "boilerplate": None}


def sync(manifest: Manifest, vectors: VectorStore) -> dict[str, int]:
    """Makes the mirror hold exactly the complete articles the server holds. Returns what changed.

    An article is taken once all its chunks are on the server (an ingest in progress, or one cut
    short, leaves some out; the writer's next ingest repairs that and changes the version)."""
    stored = vectors.all_ids()
    local = manifest.all_chunk_ids()
    gone_articles = sorted({local[c] for c in local.keys() - stored})
    for article_id in gone_articles:
        manifest.remove_article(article_id)
    held = set(manifest.all_chunk_ids())
    by_article: dict[str, list[tuple[str, str, dict]]] = {}
    for cid, text, meta in vectors.fetch(sorted(stored - held)):
        if meta and meta.get("article_id"):
            by_article.setdefault(meta["article_id"], []).append((cid, text, meta))
    for article_id in by_article:
        if manifest.chunk_ids(article_id):  # cleaned again under the same id: taken anew, whole
            manifest.remove_article(article_id)
            by_article[article_id] = vectors.fetch_where({"article_id": article_id})
    added = incomplete = 0
    for article_id, chunks in sorted(by_article.items()):
        if len(chunks) != int(chunks[0][2].get("n_chunks", 0)):
            incomplete += 1
            continue
        chunks.sort(key=lambda c: int(c[2].get("position", 0)))
        manifest.add_article(_article_row(chunks[0][2]),
                             [(cid, int(m.get("position", 0)), text, decode_sentences(m.get(SENTENCES_KEY)))
                              for cid, text, m in chunks])
        added += 1
    return {"articles_added": added, "articles_removed": len(gone_articles), "articles_incomplete": incomplete}
