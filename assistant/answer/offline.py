"""The embedded default answerer: quotes the sentences of the retrieved passages that best answer.

No language model: each question clause gets the sentence that best matches it (dense similarity plus
coverage of its rare terms), a few supporting sentences may follow, and each carries its marker. When
no sentence is relevant enough, it refuses instead of quoting something loosely related.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ingest.chunking import split_header

from ..retrieval import Passage
from ..store.keyword import KeywordIndex
from .question import clauses, gives_new_answer, wants_recent
from ..sentences import split_sentences

MIN_SENTENCE_CHARS = 12
MAX_SENTENCE_CHARS = 600
MAX_CANDIDATES = 48
NEW_ANSWER_BONUS = 0.12
RECENCY_BONUS = 0.06
CLOSE_SECOND = 0.8  # share of the best clause score a runner-up needs to be quoted too


@dataclass
class Sentence:
    text: str
    passage: int  # 1-based passage number
    terms: set[str]  # the sentence's own terms
    context: set[str]  # its terms plus its passage's header (title, outlet) and neighbouring sentences


def _coverage(terms: set[str], query_terms: list[str], idf: dict[str, float]) -> float:
    """Share of the query's idf mass present in `terms` (terms unknown to the index weigh the most)."""
    total = sum(idf.get(t, 0.0) for t in set(query_terms))
    return sum(idf.get(t, 0.0) for t in set(query_terms) if t in terms) / total if total else 0.0


def _sentences(passages: list[Passage], keyword: KeywordIndex) -> list[Sentence]:
    out = []
    for n, p in enumerate(passages, start=1):
        header = set(keyword.terms(split_header(p.text)[0]))
        texts = split_sentences(p.body)
        own = [set(keyword.terms(t)) for t in texts]
        for i, text in enumerate(texts):
            if MIN_SENTENCE_CHARS <= len(text) <= MAX_SENTENCE_CHARS:
                neighbours = (own[i - 1] if i else set()) | (own[i + 1] if i + 1 < len(own) else set())
                out.append(Sentence(text, n, own[i], own[i] | header | neighbours))
    return out


def _recency(passages: list[Passage]) -> list[float]:
    """1.0 for the newest passage, 0.0 for the oldest (undated count as oldest)."""
    dates = sorted({p.published_at or "" for p in passages})
    span = max(1, len(dates) - 1)
    return [dates.index(p.published_at or "") / span for p in passages]


def _label(p: Passage) -> str:
    parts = [x for x in (p.source, (p.published_at or "")[:10]) if x]
    return f"({', '.join(parts)}) " if parts else ""


def answer_offline(question: str, passages: list[Passage], keyword: KeywordIndex, embedder,
                   max_sentences: int, min_score: float) -> tuple[str, bool]:
    """Returns (answer with [n] markers into `passages`, refused)."""
    sentences = _sentences(passages, keyword)
    q_terms = keyword.terms(question)
    if not sentences or not q_terms:
        return "", True
    idf = keyword.idf(q_terms)

    # keep the lexically most promising sentences for dense scoring
    lexical = np.array([_coverage(s.context, q_terms, idf) + 0.5 * _coverage(s.terms, q_terms, idf) - 0.02 * s.passage
                        for s in sentences])
    sentences = [sentences[i] for i in np.argsort(-lexical)[:MAX_CANDIDATES]]

    parts = [c for c in clauses(question) if keyword.terms(c.text)] or clauses(question)[:1]
    vectors = np.asarray(embedder.encode([question] + [c.text for c in parts] + [s.text for s in sentences]), np.float32)
    q_vec, c_vecs, s_vecs = vectors[0], vectors[1 : 1 + len(parts)], vectors[1 + len(parts) :]

    # how well a sentence, read in its passage, answers the whole question
    relevance = np.array([0.5 * float(s_vecs[i] @ q_vec) + 0.5 * _coverage(s.context, q_terms, idf)
                          for i, s in enumerate(sentences)])
    if relevance.max() < min_score:
        return "", True

    n_passages = max(1, len(passages))
    recency = _recency(passages) if wants_recent(question) else [0.0] * len(passages)
    chosen: list[int] = []
    for c, clause in enumerate(parts):  # the best sentence for each clause of the question
        c_terms = keyword.terms(clause.text) or q_terms
        c_idf = keyword.idf(c_terms)
        known = " ".join([question] + [sentences[j].text for j in chosen])
        scores = np.array([
            0.4 * float(s_vecs[i] @ c_vecs[c]) + 0.2 * _coverage(s.terms, c_terms, c_idf)
            + 0.2 * _coverage(s.context, c_terms, c_idf) + 0.2 * relevance[i]
            + (NEW_ANSWER_BONUS if gives_new_answer(clause, s.text, known) else 0.0)
            + RECENCY_BONUS * recency[s.passage - 1]
            + 0.04 * (1 - (s.passage - 1) / n_passages)
            for i, s in enumerate(sentences)
        ])
        ranked = [int(i) for i in np.argsort(-scores) if int(i) not in chosen]
        if ranked and relevance[ranked[0]] >= min_score / 2:  # the question as a whole passed the bar above
            chosen.append(ranked[0])
            if len(parts) == 1:  # a one-part question: quote close runners-up too, the answer may be among them
                chosen += [i for i in ranked[1:max_sentences] if scores[i] >= CLOSE_SECOND * scores[ranked[0]]]
    top = relevance.max()
    for i in np.argsort(-relevance):  # supporting sentences, only if nearly as relevant
        if len(chosen) >= max_sentences:
            break
        if int(i) not in chosen and relevance[i] >= 0.9 * top and not _near_duplicate(sentences[i], [sentences[j] for j in chosen]):
            chosen.append(int(i))
    if not chosen:
        return "", True
    chosen = chosen[:max_sentences]
    chosen.sort(key=lambda i: (passages[sentences[i].passage - 1].published_at or "", sentences[i].passage, i))
    lines = [f"- {_label(passages[sentences[i].passage - 1])}{sentences[i].text} [{sentences[i].passage}]" for i in chosen]
    return "According to the articles:\n" + "\n".join(lines), False


def _near_duplicate(s: Sentence, others: list[Sentence]) -> bool:
    return any(len(s.terms & o.terms) / max(1, len(s.terms | o.terms)) > 0.6 for o in others)
