"""The sentences of the retrieved passages, each scored for how well it answers the question.

Each article's headline counts as one of its sentences (once, with its first passage): news states its main
fact there ("Temu was the most-downloaded iPhone app in the U.S. in 2023"), often in words the body does not repeat.

Relevance mixes MiniLM's cosine between the question and the sentence with the share of the question's
terms (weighted by idf) that the sentence holds, read in its passage (its title, outlet and neighbouring
sentences count for the share, so "he" in a sentence still belongs to the story). Sentence vectors come
from the index, which stores one per sentence at ingest; only text the index lacks is embedded here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..core import Passage, split_header
from ..embedding.chunk_vectors import chunk_sentences
from ..sentences import split_sentences
from ..store.keyword import KeywordIndex
from .support import written_date
from .written_sums import one_form

MIN_SENTENCE_CHARS = 12
MAX_SENTENCE_CHARS = 600
DENSE_SHARE = 0.5  # of a sentence's relevance; the rest is its (contextual) share of the question's terms
ASIDE_SHARE = 0.9  # a sentence the article puts in parentheses is an aside ("(Other conditions ... included ...)")


_ASIDE = re.compile(r"^\s*\([^)]*(?:\)[\s.\"”’]*)?$")  # its ")" may fall after the sentence's end


@dataclass
class Sentence:
    text: str
    passage: int  # 1-based number of its passage
    terms: frozenset[str]  # its own stemmed terms
    context: frozenset[str]  # plus its passage's header and neighbouring sentences
    vector: np.ndarray
    relevance: float = 0.0
    headline: bool = False  # the article's title, read as its first sentence

    @property
    def answers(self) -> bool:
        """Whether the sentence can state an answer: questions and headings in an article do not."""
        from .spans import is_final_score_line, is_heading

        if is_final_score_line(self.text):  # a label line, but one that states the result
            return True
        return not self.text.rstrip(" \"”’").endswith("?") and not is_heading(self.text)


def coverage(terms: frozenset[str] | set[str], query_terms: list[str], idf: dict[str, float]) -> float:
    """Share of the query's idf mass present in `terms`."""
    total = sum(idf.get(t, 0.0) for t in set(query_terms))
    return sum(idf.get(t, 0.0) for t in set(query_terms) if t in terms) / total if total else 0.0


def _stored_vectors(rows: list, snapshot) -> dict[str, np.ndarray]:
    """Sentence text -> its vector as stored at ingest, for the chunks `rows` (those of the passages' articles)."""
    stored = snapshot.sentence_vectors([r.chunk_id for r in rows])
    out: dict[str, np.ndarray] = {}
    for row in rows:
        vectors = stored.get(row.chunk_id)
        if vectors is not None:
            for text, v in zip(chunk_sentences(row.text), vectors):
                out.setdefault(text, v)
    return out


def collect(question: str, passages: list[Passage], keyword: KeywordIndex, embedder, snapshot) -> tuple[list[Sentence], np.ndarray]:
    """All answer-sized sentences of the passages with their relevance to the question, and the
    question's vector."""
    texts, owners, own_terms, contexts, titles = [], [], [], [], set()
    by_article = {aid: snapshot.article_chunks(aid) for aid in dict.fromkeys(p.article_id for p in passages)}
    rows = [row for chunks in by_article.values() for row in chunks]
    openings = {chunks[0].chunk_id for chunks in by_article.values() if chunks}
    # a headline states the story's main fact, once per article: read with the article's opening passage when
    # that was retrieved (its first sentence is the headline's neighbour), else with its first passage, alone
    heads = {p.article_id: n for n, p in reversed(list(enumerate(passages, start=1)))}
    heads.update({p.article_id: n for n, p in enumerate(passages, start=1) if p.chunk_id in openings})
    for n, p in enumerate(passages, start=1):
        header = frozenset(keyword.terms(one_form(f"{split_header(p.text)[0]} {written_date(p.published_at)}")))
        body = split_sentences(p.body)
        headed = bool(p.title) and heads.get(p.article_id) == n
        if headed:
            titles.add(p.title)
            body = [p.title] + body
        terms = [frozenset(keyword.terms(one_form(t))) for t in body]
        alone = headed and p.chunk_id not in openings  # a mid-article passage's first sentence is not the lede
        for i, text in enumerate(body):
            if MIN_SENTENCE_CHARS <= len(text) <= MAX_SENTENCE_CHARS:
                near = (terms[i - 1] if i and not (alone and i == 1) else frozenset()) | \
                    (terms[i + 1] if i + 1 < len(terms) and not (alone and i == 0) else frozenset())
                texts.append(text)
                owners.append(n)
                own_terms.append(terms[i])
                contexts.append(terms[i] | header | near)
    stored = _stored_vectors(rows, snapshot)
    missing = [t for t in dict.fromkeys(texts) if t not in stored]
    fresh = np.asarray(embedder.encode([question] + missing), np.float32)
    fresh /= np.maximum(np.linalg.norm(fresh, axis=1, keepdims=True), 1e-9)
    q_vec = fresh[0]
    stored.update({t: v for t, v in zip(missing, fresh[1:])})
    q_terms = keyword.terms(question)
    idf = keyword.idf(q_terms)
    out = []
    for text, n, terms, context in zip(texts, owners, own_terms, contexts):
        v = np.asarray(stored[text], np.float32)
        rel = DENSE_SHARE * float(v @ q_vec) + (1 - DENSE_SHARE) * coverage(context, q_terms, idf)
        if _ASIDE.match(text):
            rel *= ASIDE_SHARE
        out.append(Sentence(text, n, terms, context, v, rel, headline=text in titles))
    return out, q_vec
