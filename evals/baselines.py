"""Baselines the benchmarks compare against, built on the same files and the same embedder.

- `naive_llama_index`: `VectorStoreIndex.from_documents` into Chroma, llama-index defaults (or a
  `SentenceSplitter(chunk_size=...)`), returning the index, its build time and chunk count;
- `naive_truncation`: how much of the naive chunks' text the embedder never sees (it reads 256 word
  pieces of each chunk);
- `plain_bm25`: BM25 alone over our own chunks, no fusion and no selection rules.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from assistant.embedding.minilm import MAX_TOKENS
from assistant.store import IndexSnapshot

PAGE = 1000


def corpus_records(corpus: Path) -> list[dict]:
    """The articles of a MultiHop-RAG style corpus file (a JSON list of {title, body, url, source, ...})."""
    return json.loads(corpus.read_text(encoding="utf-8"))


def naive_llama_index(corpus: Path, directory: Path, embedder, chunk_size: int | None = None) -> dict:
    import chromadb
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    started = time.perf_counter()
    docs = [Document(text=r["body"], metadata={k: r.get(k) for k in ("title", "url", "source")})
            for r in corpus_records(corpus)]
    client = chromadb.PersistentClient(path=str(directory))
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("naive"))
    extra = {"transformations": [SentenceSplitter(chunk_size=chunk_size)]} if chunk_size else {}
    index = VectorStoreIndex.from_documents(docs, storage_context=StorageContext.from_defaults(vector_store=store),
                                            embed_model=embedder, **extra)
    return {"index": index, "seconds": time.perf_counter() - started, "chunks": store._collection.count()}


def naive_truncation(index, embedder) -> float:
    """Share of the naive index's word pieces beyond the embedder's limit (never embedded)."""
    from llama_index.core.schema import MetadataMode
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    collection = index.vector_store._collection  # Chroma holds the nodes; read in pages (SQLite's variable limit)
    texts: list[str] = []
    for offset in range(0, collection.count(), PAGE):
        stored = collection.get(include=["documents", "metadatas"], limit=PAGE, offset=offset)
        texts += [metadata_dict_to_node(m, text=d).get_content(metadata_mode=MetadataMode.EMBED)
                  for d, m in zip(stored["documents"], stored["metadatas"])]
    tokenizer = embedder._tokenizer
    tokenizer.no_truncation()
    try:
        lengths = [len(e.ids) for e in tokenizer.encode_batch(texts)]
    finally:
        tokenizer.enable_truncation(MAX_TOKENS)
    return sum(max(0, n - MAX_TOKENS) for n in lengths) / max(1, sum(lengths))


def naive_retrieve(index, query: str, top_k: int) -> list[dict]:
    nodes = index.as_retriever(similarity_top_k=top_k).retrieve(query)
    return [{"text": n.node.get_content(), "url": n.node.metadata.get("url"), "title": n.node.metadata.get("title")}
            for n in nodes]


def plain_bm25(snapshot: IndexSnapshot, query: str, top_k: int) -> list[dict]:
    scores = snapshot.keyword.scores(query)
    out = []
    for i in scores.argsort()[::-1][:top_k]:
        row = snapshot.chunk(snapshot.keyword.chunk_ids[int(i)])
        if row is not None and scores[i] > 0:
            out.append({"text": row.text, "url": row.url, "title": row.title})
    return out
