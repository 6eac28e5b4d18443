"""Questions about the articles themselves: which outlet published or covered a story, who wrote it,
when it was published. Answered from the metadata of the passages that match the story best; "who broke
the story" and "according to whom" look for the outlet in the text too, since the article reporting a
story is not always the one that broke it.
"""
from __future__ import annotations

import re

from ..core import Passage
from ..outlets import outlets_named
from . import spans
from .compose import Claim, Draft, Quote, marker
from .evidence import Sentence

CLOSE_PASSAGE = 0.85  # share of the best story match another passage needs to count as covering the story
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "both": 2}
_REPORTING = re.compile(r"\b(?:reported|reports|broke|told|according to|said|first|via|revealed|confirmed)\b", re.I)


def _passage_scores(sentences: list[Sentence], n_passages: int) -> list[float]:
    best = [0.0] * n_passages
    for s in sentences:
        best[s.passage - 1] = max(best[s.passage - 1], s.relevance)
    return best


def _best_sentence(sentences: list[Sentence], passage: int) -> Sentence | None:
    own = [s for s in sentences if s.passage == passage]
    return max(own, key=lambda s: s.relevance) if own else None


def answer(kind: str, question: str, from_text: bool, sentences: list[Sentence], passages: list[Passage],
           outlets: tuple[str, ...], common: set[str]) -> Draft | None:
    scores = _passage_scores(sentences, len(passages))
    if not passages or max(scores) <= 0:
        return None
    ranked = sorted(range(len(passages)), key=lambda i: -scores[i])
    if kind in ("author", "published"):  # "when did the nyt publish its story on ...": that outlet's article
        named = {s for group in outlets_named(question, outlets) for s in group}
        ranked = [i for i in ranked if passages[i].source in named and scores[i] > 0] or ranked
    top = ranked[0]
    p, n = passages[top], top + 1
    best = _best_sentence(sentences, n)
    quotes = [Quote(best.text, n)] if best else []
    if kind == "author":
        if not p.author:
            return Draft([], quotes, refused=True, reason=f"The article that matches best ({p.title}) names no author.")
        return Draft([Claim(f"{p.author} wrote it {marker(n)}.")], quotes)
    if kind == "published":
        if not p.published_at:
            return Draft([], quotes, refused=True, reason=f"The article that matches best ({p.title}) gives no date.")
        return Draft([Claim(f"It was published on {p.published_at[:10]} {marker(n)}.")], quotes)
    if from_text:  # "who broke the story": an outlet named in the text near a reporting verb
        named = _outlet_in_text(sentences, outlets, common)
        if named:
            name, s = named
            return Draft([Claim(f"{name} {marker(s.passage)}.")], [Quote(s.text, s.passage)])
    wanted = next((v for w, v in _NUMBER_WORDS.items() if re.search(rf"\b{w}\b", question, re.I)), 1)
    if re.search(r"\boutlets\b|\bpublications\b|\bsources\b|\bsites\b", question, re.I):
        wanted = max(wanted, 2)
    chosen: dict[str, int] = {}
    for i in ranked:
        source = passages[i].source
        if source and source not in chosen and scores[i] >= CLOSE_PASSAGE * scores[top]:
            chosen[source] = i + 1
        if len(chosen) >= wanted:
            break
    if not chosen:
        return Draft([], quotes, refused=True, reason=f"The article that matches best ({p.title}) names no outlet.")
    names = [f"{source} {marker(k)}" for source, k in chosen.items()]
    line = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    quotes = [Quote(s.text, k) for k in chosen.values() if (s := _best_sentence(sentences, k))]
    return Draft([Claim(line + ".")], quotes[:2])


def _outlet_in_text(sentences: list[Sentence], outlets: tuple[str, ...], common: set[str]) -> tuple[str, Sentence] | None:
    """The best sentence's outlet-like name next to a reporting verb ("broke on Friday from BBC News")."""
    known = {o.casefold() for o in outlets}
    for s in sorted(sentences, key=lambda s: -s.relevance)[:5]:
        if not _REPORTING.search(s.text):
            continue
        for name in spans.names(s.text, common):
            if name.casefold() in known or re.search(r"\b(?:News|Times|Post|Journal|Press|Reuters|Agency|TV|Radio|Herald|Guardian)\b", name):
                return name, s
    return None
