"""The BM25 keyword index: bm25s' tokenizer (stemming, stop words), scores kept in segments on disk next to
Chroma (keyword_build.py), rebuilt at the end of each ingest."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Iterable

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from .keyword_build import bm25_idf, build_segments, replace

_STEMMER = Stemmer.Stemmer("english")
# bm25s' English list (Lucene's 33 words) plus question words, pronouns and auxiliaries, which carry no
# topic in a news question ("Which country did he ..."). Changing this list needs a keyword-index rebuild.
STOPWORDS = sorted(set(STOPWORDS_EN) | set("""
what which who whom whose where when why how many much whether did does do doing done has have had having were been
being am he she him her his hers its we us our ours you your yours i me my mine them theirs those can could
would should shall may might must also about above after again against all any both each few from further
here more most nor off once only other own same so some than too very just over under out up down own
s t don should now ve ll re d o y ain aren couldn didn doesn hadn hasn haven isn mightn mustn needn shan
shouldn wasn weren won wouldn according""".split()) - {"won"})


def stem(word: str) -> str:
    """The index's stem of one lower-case word (as tokenize gives it)."""
    return _STEMMER.stemWord(word.lower())


def tokenize(texts: list[str]):
    return bm25s.tokenize(texts, stopwords=STOPWORDS, stemmer=_STEMMER, show_progress=False)


class Segment:
    """One segment's BM25 scores, column-compressed by term (a term's chunks and scores are contiguous)."""

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, num_docs: int) -> None:
        self.data, self.indices, self.indptr, self.num_docs = data, indices, indptr, num_docs

    @classmethod
    def load(cls, folder: Path, num_docs: int, mmap: bool) -> "Segment":
        mode = "r" if mmap else None
        return cls(*(np.load(folder / f"{name}.npy", mmap_mode=mode) for name in ("data", "indices", "indptr")),
                   num_docs)

    def scores(self, term_ids: np.ndarray) -> np.ndarray:
        term_ids = term_ids[term_ids < len(self.indptr) - 1]
        spans = [(int(self.indptr[t]), int(self.indptr[t + 1])) for t in term_ids]
        if not spans:
            return np.zeros(self.num_docs, dtype=np.float32)
        rows = np.concatenate([self.indices[a:b] for a, b in spans])
        weights = np.concatenate([self.data[a:b] for a, b in spans])
        return np.bincount(rows, weights=weights, minlength=self.num_docs).astype(np.float32)


class KeywordIndex:
    """BM25 over every chunk; scores all chunks at once so filters are exact masks, not post-filters.
    Stored in segments (keyword_build.py); the arrays are memory-mapped, so a process holds only the
    vocabulary and the chunk ids in its own memory."""

    def __init__(self, segments: list[Segment], vocab: dict[str, int], df: np.ndarray, chunk_ids: list[str]) -> None:
        self.segments = segments
        self.vocab = vocab
        self.df = df
        self.chunk_ids = chunk_ids
        self.position = {cid: i for i, cid in enumerate(chunk_ids)}
        self._sentences: dict[str, list[frozenset[str]]] = {}

    @classmethod
    def build(cls, chunk_ids: list[str], texts: list[str]) -> "KeywordIndex":
        """An index held in memory (tests, one-off tools): built on disk, then read back whole."""
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "keyword"
            build_segments([(chunk_ids, texts)], folder, max(1, len(chunk_ids)), tokenize)
            return cls.load(folder, mmap=False)

    @classmethod
    def rebuild(cls, batches: Iterable[tuple[list[str], list[str]]], directory: Path, segment_chunks: int) -> None:
        """The index over (chunk ids, texts) batches written to `directory`, replacing what was there only
        once the new one is complete; memory is bounded by `segment_chunks`, not by the corpus."""
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        build_segments(batches, tmp, segment_chunks, tokenize)
        replace(tmp, directory)

    @classmethod
    def load(cls, directory: Path, mmap: bool = True) -> "KeywordIndex":
        ids_file = directory / "chunk_ids.json"
        if not ids_file.exists():
            return cls([], {}, np.zeros(0, dtype=np.int64), [])
        chunk_ids = json.loads(ids_file.read_text())
        if not (directory / "format.json").exists():
            return cls._load_bm25s(directory, chunk_ids)
        meta = json.loads((directory / "format.json").read_text())
        segments = [Segment.load(directory / f"seg-{i:04d}", n, mmap) for i, n in enumerate(meta["segments"])]
        vocab = {term: i for i, term in enumerate(json.loads((directory / "vocab.json").read_text()))}
        return cls(segments, vocab, np.load(directory / "df.npy"), chunk_ids)

    @classmethod
    def _load_bm25s(cls, directory: Path, chunk_ids: list[str]) -> "KeywordIndex":
        """An index saved by bm25s in one piece (before segments): read as a single segment."""
        if not chunk_ids:
            return cls([], {}, np.zeros(0, dtype=np.int64), [])
        retriever = bm25s.BM25.load(str(directory), mmap=True)
        s = retriever.scores
        segment = Segment(s["data"], s["indices"], np.asarray(s["indptr"]), int(s["num_docs"]))
        return cls([segment], dict(retriever.vocab_dict), np.diff(np.asarray(s["indptr"])), chunk_ids)

    def terms(self, text: str, known_only: bool = False) -> list[str]:
        """Stemmed, stop-word-free terms of a text (only those the index knows, if asked)."""
        tokens = tokenize([text])
        inverse = {i: t for t, i in tokens.vocab.items()}
        words = [inverse[i] for i in tokens.ids[0] if i in inverse and inverse[i]]
        if known_only:
            words = [w for w in words if w in self.vocab]
        return words

    def sentence_terms(self, chunk_id: str, text: str) -> list[frozenset[str]]:
        """The terms of each sentence of a chunk, cached (used to find the one sentence a question
        part is about)."""
        cached = self._sentences.get(chunk_id)
        if cached is None:
            from ..sentences import split_sentences

            sentences = split_sentences(text) or [text]
            tokens = tokenize(sentences)
            inverse = {i: t for t, i in tokens.vocab.items()}
            cached = [frozenset(inverse[i] for i in ids if inverse.get(i)) for ids in tokens.ids]
            self._sentences[chunk_id] = cached
        return cached

    def query_terms(self, query: str) -> list[str]:
        return self.terms(query, known_only=True)

    def idf(self, terms: list[str]) -> dict[str, float]:
        """BM25 inverse document frequency over all chunks; a term the index lacks gets the highest."""
        n = len(self.chunk_ids)
        out = {}
        for t in terms:
            df = int(self.df[self.vocab[t]]) if t in self.vocab else 0
            out[t] = float(bm25_idf(df, n))
        return out

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of the query against every chunk (zeros when no query term is known)."""
        if not self.chunk_ids:
            return np.zeros(0, dtype=np.float32)
        ids = np.array([self.vocab[w] for w in self.query_terms(query)], dtype=np.int64)
        return np.concatenate([segment.scores(ids) for segment in self.segments])
