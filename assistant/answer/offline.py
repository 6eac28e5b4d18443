"""The embedded default answerer: quotes the sentences of the retrieved passages that best answer.

No language model: each question clause gets the sentence that best matches it (dense similarity plus
coverage of its rare terms), a few supporting sentences may follow, and each carries its marker. When
no sentence is relevant enough, it refuses instead of quoting something loosely related.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..retrieval import Passage
from ..store.keyword import KeywordIndex
from .sentences import split_sentences

MIN_SENTENCE_CHARS = 25
MAX_SENTENCE_CHARS = 600
MAX_CANDIDATES = 48
_CLAUSE_SPLIT = re.compile(r"\?\s+|,?\s+and\s+(?=(?:what|where|when|who|whom|whose|which|why|how|did|does|do|is|was|are|were)\b)|;\s+", re.I)
_TYPE_PATTERNS = {
    "where": re.compile(r"\b(in|at|to|from|near)\s+(the\s+)?[A-Z][\w\u00C0-\u024F'-]+"),
    "when": re.compile(r"\b(\d{4}|January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|last (week|month|year))\b"),
    "how many": re.compile(r"\b\d[\d,.]*\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion)\b", re.I),
    "how much": re.compile(r"[$€£¥]\s?\d|\b\d[\d,.]*\s?(%|percent|million|billion|dollars|euros|pounds)", re.I),
    "why": re.compile(r"\b(because|since|due to|as a result|so that|against|concerns?|worried|fears?|argu\w+|reasons?)\b", re.I),
    "who": re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+"),
}


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


_PLACE_WORDS = re.compile(r"^(which|what|in which|in what) (country|city|town|state|place|region|nation)\b", re.I)


def _answer_type(clause: str) -> str | None:
    low = clause.lower().strip()
    if _PLACE_WORDS.match(low):
        return "where"
    for key in ("how many", "how much", "where", "when", "why", "who"):
        if low.startswith(key) or f" {key} " in f" {low[:40]} ":
            return key
    return None


def _gives_new_answer(kind: str | None, sentence: str, known: str) -> bool:
    """Whether the sentence holds an answer of the expected kind that the question and the sentences
    already chosen do not contain (an answer tells something new)."""
    if not kind:
        return False
    known = known.casefold()
    return any(m.group(0).split()[-1].casefold() not in known for m in _TYPE_PATTERNS[kind].finditer(sentence))


def clauses_of(question: str) -> list[str]:
    parts = [p.strip(" ,?") for p in _CLAUSE_SPLIT.split(question) if p and p.strip(" ,?")]
    return parts or [question]


def _sentences(passages: list[Passage], keyword: KeywordIndex) -> list[Sentence]:
    out = []
    for n, p in enumerate(passages, start=1):
        header = set(keyword.terms(p.text.split("\n\n", 1)[0])) if "\n\n" in p.text else set()
        texts = split_sentences(p.body)
        own = [set(keyword.terms(t)) for t in texts]
        for i, text in enumerate(texts):
            if MIN_SENTENCE_CHARS <= len(text) <= MAX_SENTENCE_CHARS:
                neighbours = (own[i - 1] if i else set()) | (own[i + 1] if i + 1 < len(own) else set())
                out.append(Sentence(text, n, own[i], own[i] | header | neighbours))
    return out


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

    clauses = clauses_of(question)
    vectors = np.asarray(embedder.encode([question] + clauses + [s.text for s in sentences]), np.float32)
    q_vec, c_vecs, s_vecs = vectors[0], vectors[1 : 1 + len(clauses)], vectors[1 + len(clauses) :]

    # how well a sentence, read in its passage, answers the whole question
    relevance = np.array([0.5 * float(s_vecs[i] @ q_vec) + 0.5 * _coverage(s.context, q_terms, idf)
                          for i, s in enumerate(sentences)])
    if relevance.max() < min_score:
        return "", True

    n_passages = max(1, len(passages))
    chosen: list[int] = []
    for c, clause in enumerate(clauses):  # the best sentence for each clause of the question
        c_terms = keyword.terms(clause) or q_terms
        c_idf = keyword.idf(c_terms)
        kind = _answer_type(clause)
        scores = np.array([
            0.4 * float(s_vecs[i] @ c_vecs[c]) + 0.2 * _coverage(s.terms, c_terms, c_idf)
            + 0.2 * _coverage(s.context, c_terms, c_idf) + 0.2 * relevance[i]
            + (0.12 if _gives_new_answer(kind, s.text, " ".join([question] + [sentences[j].text for j in chosen])) else 0.0)
            + 0.04 * (1 - (s.passage - 1) / n_passages)
            for i, s in enumerate(sentences)
        ])
        best = next((int(i) for i in np.argsort(-scores) if int(i) not in chosen), None)
        if best is not None and relevance[best] >= min_score / 2:  # the question as a whole passed the bar above
            chosen.append(best)
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
