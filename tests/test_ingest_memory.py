"""Ingest in bounded memory: ingesting four times the articles must not take (much) more memory.

Python's traced allocations (tracemalloc, numpy's included) from the start of `ingest` until its last
article is written, for a corpus and for four times that corpus, each into a fresh index, after a
warm-up ingest (one-time costs: tokenizer tables, caches), with a stand-in embedder (no model) and a
stand-in chunker (fixed slices: the test is about what ingest holds, not how it splits, and the real
splitter under tracemalloc is slow). Holding the run's articles, their lines or their chunks in
memory (as ingest did before ingest/staging.py) makes the peak grow by several times the added text;
streaming keeps it about level. The keyword rebuild after writing is left out: the BM25 index it
builds is the index, and grows with it (docs/scaling.md). Long (ASSISTANT_LONG_TESTS=1): about
15 s on a quiet machine, tracemalloc slowing every allocation.
"""
import json
import os
import random
import tracemalloc

import numpy as np
import pytest

import ingest.indexing
from assistant.store import Index
from ingest.chunking import Chunk, header

from .conftest import make_settings

ARTICLES = 12
PARAGRAPHS = 50  # of about 600 characters (drawn from a pool): about 30 KB an article, 0.36 MB the corpus
SLICE = 12_000  # characters a stand-in chunk
_rng = random.Random(20)
POOL = [" ".join(f"w{_rng.randrange(3000)}" for _ in range(100)) + "." for _ in range(1000)]


class Constant:
    def encode(self, texts):
        return np.full((len(texts), 384), 384 ** -0.5, dtype=np.float32)


def slices(article, article_id, chunk_tokens, overlap, version=""):
    body, head = article.body, header(article)
    return [Chunk(f"{article_id}-{version[:8]}-{i:04d}", article_id, i, f"{head}\n\n{body[s : s + SLICE]}")
            for i, s in enumerate(range(0, len(body), SLICE))]


def corpus(path, n: int, seed: int):
    rng = random.Random(seed)
    with path.open("w") as f:
        for i in range(n):
            body = "\n\n".join(rng.sample(POOL, PARAGRAPHS))
            f.write(json.dumps({"title": f"Article {seed}-{i}", "url": f"https://memory.example/{seed}/{i}",
                                "source": f"Outlet {i % 5}", "date": "2026-01-02", "body": body}) + "\n")
    return path


def peak_until_written(tmp_path, n: int, trace: bool = True) -> tuple[float, int]:
    """(peak traced MB until the last article is written, characters of text ingested)."""
    directory = tmp_path / f"index-{n}"
    index = Index(directory, make_settings(directory, write_batch=8), create=True)
    peak = {}

    def progress(stage, done, total):
        if stage != "files" and done == total and tracemalloc.is_tracing():
            peak[stage] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()  # all written: the keyword rebuild that follows is left out (and runs faster)

    source = corpus(tmp_path / f"corpus-{n}.jsonl", n, seed=n)
    if trace:
        tracemalloc.start()
    try:
        report = ingest.indexing.ingest([str(source)], index, Constant(), progress)
    finally:
        tracemalloc.stop()
        index.close()
    assert report.added == n and not report.failed
    return max(peak.values(), default=0) / 2**20, source.stat().st_size


def test_peak_memory_does_not_grow_with_the_corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest.indexing, "chunk_article", slices)
    peak_until_written(tmp_path, 3, trace=False)  # warm-up
    (one, size_one), (four, size_four) = peak_until_written(tmp_path, ARTICLES), peak_until_written(tmp_path, 4 * ARTICLES)
    added_mb = (size_four - size_one) / 2**20
    assert four - one < 0.5 * added_mb, (f"peak traced memory {one:.1f} MB for {size_one / 2**20:.1f} MB of articles, "
                                         f"{four:.1f} MB for {size_four / 2**20:.1f} MB")


pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.skipif(os.environ.get("ASSISTANT_LONG_TESTS") != "1", reason="long test (ASSISTANT_LONG_TESTS=1)")]
