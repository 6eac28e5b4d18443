"""Reading on in the stories already found, for the part of a question the passages left unanswered.

Retrieval shares its few passages among a question's parts and takes at most a few per article, so a live
page or a long report may be found for one part while the paragraph that answers the other lies further down
("Dodgers spending spree: how much for Ohtani, and how much for Yamamoto?": the tracker's Ohtani entries
were taken, its "Dodgers sign Yamamoto to $325 million contract" entry was not). A reader with the
article open would read on. When some parts of a question are answered and others are not, the answerer
reads the chunks of the same articles whose sentences answer the unanswered parts best (a sentence that names
everything the part itself asks about and, if it asks for a number, gives one of its kind), and answers again;
the new answer must clear the same bars and keep every answer already given, so a part the stories never answer
is still not answered.
"""
from __future__ import annotations

from ..core import Passage, split_header
from ..sentences import split_sentences
from . import spans
from .evidence import coverage
from .question import topic_of
from .refusal import key_names, lower_case_names

MORE_CHUNKS = 2  # per unanswered part: the found articles' other chunks whose best sentence answers it best
SUBJECT_SHARE = 0.8  # a name in more than this share of an article's other chunks is what the story is about
# a part asking for a number is answered by a sentence that gives one of its kind
_NUMBERS = {"score": spans.scores, "amount": spans.amounts, "count": spans.counts, "date": spans.dates, "age": spans.ages}


def read_on(parts: list[tuple[str, str | None]], passages: list[Passage], snapshot) -> list[Passage]:
    """Chunks of the passages' articles not among them: for each (text, kind) part, the ones whose best sentence
    holds most of its words (by idf), every name it asks about and, if it asks for a number, one of its kind."""
    keyword = snapshot.keyword
    shown = {p.chunk_id for p in passages}
    rows = [row for aid in dict.fromkeys(p.article_id for p in passages)
            for row in snapshot.article_chunks(aid) if row.chunk_id not in shown]
    bodies = [split_header(row.text)[1] for row in rows]
    sentences = [list(zip(split_sentences(body) or [body], keyword.sentence_terms(row.chunk_id, body)))  # as it splits them
                 for row, body in zip(rows, bodies)]
    chunk_terms = [frozenset().union(*(t for _, t in chunk)) for chunk in sentences]
    picked: dict[str, object] = {}
    for text, kind in parts:
        named = _named(text, bodies, chunk_terms, keyword)
        if not named:
            continue  # nothing named to find: any sentence with a number would do, which is no evidence
        terms = keyword.terms(text)
        idf = keyword.idf(terms)
        number = _NUMBERS.get(kind or "")
        best = [max((coverage(t, terms, idf) for s, t in chunk
                     if all(name <= t for name in named) and (number is None or number(s))), default=0.0)
                for chunk in sentences]
        for j in sorted(range(len(rows)), key=lambda j: -best[j])[:MORE_CHUNKS]:
            if best[j] > 0:
                picked.setdefault(rows[j].chunk_id, rows[j])
    return [Passage(r.chunk_id, r.article_id, r.text, r.title, r.source, r.url, r.published_at, r.author, 0.0)
            for r in picked.values()]


def _named(part: str, bodies: list[str], chunk_terms: list[frozenset[str]], keyword) -> list[frozenset[str]]:
    """The terms of each name the part itself asks about ("how much did LSG pay for lockie ferguson"), not its
    "Topic:" nor a name most chunks hold (the story's subject, "Michigan" on a Michigan tracker): a sentence
    read on for it must name them all, since no search chose its passage for the part."""
    own = part[len(topic_of(part)):].lstrip(" :-–—")
    text = " ".join(bodies)
    names = key_names(own, ()) + lower_case_names(own, text)
    terms = [t for t in (frozenset(keyword.terms(n)) for n in names) if t]
    return [t for t in terms if sum(t <= c for c in chunk_terms) <= SUBJECT_SHARE * len(chunk_terms)]
