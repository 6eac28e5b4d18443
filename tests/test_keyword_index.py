"""The keyword index built in segments: the same BM25 scores bm25s gives in one piece, memory bounded by
a segment rather than the corpus, and indexes written before segments still readable."""
import json
import random
import tracemalloc

import bm25s
import numpy as np

from assistant.store.keyword import KeywordIndex, tokenize

WORDS = ("river mayor council budget flood bridge school teacher strike vote tax port ship storm harbour "
         "election ferry museum drought tariff quarry orchard").split()


def _corpus(n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts = [" ".join(rng.choice(WORDS) + str(rng.randint(0, 40)) * (rng.random() < 0.1) for _ in range(rng.randint(3, 60)))
             for _ in range(n)]
    return [f"c{i}" for i in range(n)], texts


def _batches(ids, texts, size=250):
    return [(ids[i:i + size], texts[i:i + size]) for i in range(0, len(ids), size)]


QUERIES = ["flood bridge", "mayor mayor tax", "storm harbour ferry", "orchard7", "no such words"]


def test_segments_score_exactly_as_one_bm25s_index(tmp_path):
    ids, texts = _corpus(900)
    texts[5] = ""  # an empty chunk keeps its place
    reference = bm25s.BM25()
    reference.index(tokenize(texts), show_progress=False)
    KeywordIndex.rebuild(_batches(ids, texts, 130), tmp_path / "kw", segment_chunks=100)
    index = KeywordIndex.load(tmp_path / "kw")
    assert len(index.segments) == 9 and all(s.num_docs == 100 for s in index.segments)
    for query in QUERIES:
        terms = index.query_terms(query)
        expected = reference.get_scores(terms) if terms else np.zeros(len(texts))
        assert np.allclose(index.scores(query), expected, rtol=1e-5, atol=1e-6), query
    # the statistics are the whole corpus's: idf of a term equals bm25s' one-piece value
    assert index.idf(["flood"])["flood"] > 0


def _rebuild_peak_mb(tmp_path, n: int, segment_chunks: int) -> float:
    ids, texts = _corpus(n, seed=n)
    tracemalloc.start()
    try:
        KeywordIndex.rebuild(_batches(ids, texts, 500), tmp_path / f"kw{n}-{segment_chunks}", segment_chunks)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_rebuild_memory_is_bounded_by_a_segment_not_the_corpus(tmp_path):
    small = _rebuild_peak_mb(tmp_path, 2000, segment_chunks=500)
    large = _rebuild_peak_mb(tmp_path, 8000, segment_chunks=500)
    # 4x the chunks: what grows is a chunk id, a length and the terms' counts per chunk (about 0.1 KB),
    # not the segment being scored (about 2 KB a chunk)
    assert large < 2 * small, (small, large)


def test_an_index_saved_by_bm25s_in_one_piece_still_loads(tmp_path):
    ids, texts = _corpus(300)
    old = bm25s.BM25()
    old.index(tokenize(texts), show_progress=False)
    folder = tmp_path / "keyword"
    old.save(str(folder))
    (folder / "chunk_ids.json").write_text(json.dumps(ids))
    index = KeywordIndex.load(folder)
    for query in QUERIES[:4]:
        assert np.allclose(index.scores(query), old.get_scores(index.query_terms(query)), rtol=1e-5)
    assert index.idf(["flood"]) == KeywordIndex.build(ids, texts).idf(["flood"])


def test_chunks_without_a_single_term_build_quietly(tmp_path):
    """Chunks of stop words only (or empty) give an index that scores zero, without numpy warnings on
    the user's terminal (an average length of zero divided by)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        KeywordIndex.rebuild([(["c1", "c2"], ["the of and", ""])], tmp_path / "kw", segment_chunks=1)
    index = KeywordIndex.load(tmp_path / "kw")
    assert list(index.scores("the flood")) == [0.0, 0.0]
