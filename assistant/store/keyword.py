"""The BM25 keyword index (bm25s), persisted next to Chroma and rebuilt at the end of each ingest."""
from __future__ import annotations

import json
from array import array
from pathlib import Path
from typing import Iterable

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

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


class KeywordIndex:
    """BM25 over every chunk; scores all chunks at once so filters are exact masks, not post-filters."""

    def __init__(self, retriever: bm25s.BM25, chunk_ids: list[str]) -> None:
        self.retriever = retriever
        self.chunk_ids = chunk_ids
        self.position = {cid: i for i, cid in enumerate(chunk_ids)}
        self._sentences: dict[str, list[frozenset[str]]] = {}

    @classmethod
    def build(cls, chunk_ids: list[str], texts: list[str]) -> "KeywordIndex":
        return cls.build_batches([(chunk_ids, texts)])

    @classmethod
    def build_batches(cls, batches: Iterable[tuple[list[str], list[str]]]) -> "KeywordIndex":
        """The index over (chunk ids, texts) batches, tokenized a batch at a time: what is kept of the
        texts is their token ids (4 bytes a token), so a rebuild never holds every text at once."""
        chunk_ids: list[str] = []
        docs: list[array] = []
        vocab: dict[str, int] = {}
        for ids, texts in batches:
            if not texts:
                continue
            tokens = tokenize(texts)
            to_global = np.zeros(len(tokens.vocab), dtype=np.int64)
            for stem, i in tokens.vocab.items():
                to_global[i] = vocab.setdefault(stem, len(vocab))
            docs += [array("i", to_global[np.asarray(d, dtype=np.int64)].tolist()) for d in tokens.ids]
            chunk_ids += ids
        retriever = bm25s.BM25()
        if docs:
            retriever.index((docs, vocab), show_progress=False)
        return cls(retriever, chunk_ids)

    def save(self, directory: Path) -> None:
        tmp = directory.with_name(directory.name + ".tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        if self.chunk_ids:
            self.retriever.save(str(tmp))
        (tmp / "chunk_ids.json").write_text(json.dumps(self.chunk_ids))
        if directory.exists():
            old = directory.with_name(directory.name + ".old")
            directory.rename(old)
            tmp.rename(directory)
            _rmtree(old)
        else:
            tmp.rename(directory)

    @classmethod
    def load(cls, directory: Path) -> "KeywordIndex":
        ids_file = directory / "chunk_ids.json"
        if not ids_file.exists():
            return cls.build([], [])
        chunk_ids = json.loads(ids_file.read_text())
        retriever = bm25s.BM25.load(str(directory)) if chunk_ids else bm25s.BM25()
        return cls(retriever, chunk_ids)

    def terms(self, text: str, known_only: bool = False) -> list[str]:
        """Stemmed, stop-word-free terms of a text (only those the index knows, if asked)."""
        tokens = tokenize([text])
        inverse = {i: t for t, i in tokens.vocab.items()}
        words = [inverse[i] for i in tokens.ids[0] if i in inverse and inverse[i]]
        if known_only:
            vocab = getattr(self.retriever, "vocab_dict", None) or {}
            words = [w for w in words if w in vocab]
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
        vocab = getattr(self.retriever, "vocab_dict", None) or {}
        indptr = self.retriever.scores["indptr"] if n else None
        out = {}
        for t in terms:
            df = int(indptr[vocab[t] + 1] - indptr[vocab[t]]) if n and t in vocab else 0
            out[t] = float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
        return out

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of the query against every chunk (zeros when no query term is known)."""
        if not self.chunk_ids:
            return np.zeros(0, dtype=np.float32)
        words = self.query_terms(query)
        if not words:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self.retriever.get_scores(words), dtype=np.float32)


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
