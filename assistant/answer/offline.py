"""The embedded default answerer: states the answer first, then quotes the sentences behind it.

No language model. The question is read for its form (question.py); the passages' sentences (for a fact or
open question also those of the top story's opening, lede.py) are scored for relevance (evidence.py); then
one strategy answers: a span of the wanted kind for wh-questions
(facts.py), "Yes"/"No" with the reason (yesno.py), the articles' own metadata (metadata.py), or the
most relevant sentence for open questions and keyword searches. It refuses, and says why, when a name
the question is about appears in no passage (refusal.py) or no sentence is relevant enough.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..core import Passage
from ..outlets import outlets_named
from . import compare, facts, metadata, plural, yesno
from .citations import MARKER
from .compose import Claim, Draft, Quote, marker, render, sentence_claim, trim
from .evidence import Sentence, collect, coverage
from .further import read_on
from .lede import lede
from .predated import later_day
from .question import Intent, read, topic_of
from .refusal import key_names, lower_case_names, missing_names, typed_names, unknown_outlets
from .spans import is_team, looks_like_person, lowercase_words, resolve_date
from .written_sums import one_form

CLAUSE_SHARE = 0.7  # a clause's answer is scored 0.7 by the clause, 0.3 by the whole question
CLAUSE_BAR = 0.5  # ...and needs this share of the refusal bar (the whole question passed the full bar)
RECENT_SHARE = 0.8  # "latest" questions: candidates within this share of the best, the newest dated wins
CORROBORATED_BAR = 0.85  # share of the bar an answer needs when the question cites several outlets and...
CORROBORATING_ARTICLES = 3  # ...at least this many of the retrieved articles name it in a sentence
_ATTRIBUTE_KINDS = ("count", "amount", "date", "age", "score")  # answers that are an attribute of a named subject
_PERSONAL_KINDS = ("amount", "age")  # ...that a person has ("how much will Smith be paid"), not an event many take part in
SECOND_QUOTE = 0.85  # a second article's sentence is quoted too when nearly as relevant


@dataclass
class OfflineAnswer:
    text: str  # with [n] markers into the passages; "" when refused
    refused: bool
    reason: str | None = None  # why it refused, in words for the reader
    unchecked: list[str] | None = None  # claims that state something about the articles, not from them
    confidence: float = 0.0  # relevance of the weakest sentence the answer rests on
    strategy: str = ""  # which strategy answered: fact, open, yesno, metadata
    passages: list[Passage] | None = None  # the passages its markers index, when more than those it was given


def _refusal(reason: str | None, passages: list[Passage]) -> OfflineAnswer:
    titles = list(dict.fromkeys(p.title for p in passages[:3] if p.title))
    covered = f" The closest articles are about: {'; '.join(titles)}." if titles else ""
    return OfflineAnswer("", True, (reason or "") + covered)


def _clause_relevance(text: str, sentences: list[Sentence], base: list[float], keyword, embedder) -> list[float]:
    terms = keyword.terms(text)
    if not terms:
        return base
    idf = keyword.idf(terms)
    v = np.asarray(embedder.encode([text]), np.float32)[0]
    v /= max(float(np.linalg.norm(v)), 1e-9)
    return [CLAUSE_SHARE * (0.5 * float(s.vector @ v) + 0.5 * coverage(s.context, terms, idf)) + (1 - CLAUSE_SHARE) * b
            for s, b in zip(sentences, base)]


def _fact(intent: Intent, sentences: list[Sentence], passages: list[Passage], keyword, embedder, common: set[str],
          outlets: tuple[str, ...], min_score: float, corroboration: bool = False) -> Draft | None:
    base = [s.relevance for s in sentences]
    exclude = {o.casefold() for o in outlets}
    claims, quotes, confidence = [], [], 1.0
    articles = [p.article_id for p in passages]
    several = len(intent.clauses) > 1
    bar = min_score * (CLAUSE_BAR if several else 1.0)
    picked = []
    asks_attribute = any(c.kind in _ATTRIBUTE_KINDS for c in intent.clauses)
    whole = _subject_terms(intent.text, outlets, keyword) if asks_attribute else set()
    topic = {t for t in keyword.terms(topic_of(intent.text), known_only=True) if len(t) > 2}
    asked = set(keyword.terms(intent.text))
    people = _people_asked(intent.text, passages, outlets) if any(c.kind in _PERSONAL_KINDS for c in intent.clauses) else set()
    for clause in intent.clauses:
        relevance = _clause_relevance(clause.text, sentences, base, keyword, embedder) if several else base
        found = None
        if clause.kind not in (None, "reason", "outlet"):
            stems = [s for s in keyword.terms(clause.text) if len(s) > 2]
            # "bill kenwright net worth": a number or date is of the subject the question names; "who, reported
            # as X, ...?" asks for an entity the question only describes, so its names need not be in the answer's sentence
            about = ((_subject_terms(clause.text, outlets, keyword) if several else None) or whole
                     if clause.kind in _ATTRIBUTE_KINDS else None)
            # "Kraken: how much is it paying ...?": the topic the question opens with is what its answer is about
            about = topic or about
            found = facts.candidates(clause.kind, clause.units, clause.text, sentences, relevance, common,
                                     exclude if clause.kind != "outlet" else set(), articles, [p.title for p in passages],
                                     stems, clause.anchor, about, anchor_required=not clause.keywords, shares=asked,
                                     people=people if clause.kind in _PERSONAL_KINDS else frozenset(),
                                     published=[p.published_at or "" for p in passages])
        picked.append((clause, relevance, found))
    said = []  # the number of claims before each part, then at the end
    for clause, relevance, found in picked:
        said.append(len(claims))
        if found is None:
            _sentence_answer(relevance, sentences, bar, claims)
            continue
        if found and any(other is not found and other and other[0].text.casefold() == found[0].text.casefold()
                         and other[0].score > found[0].score for _, _, other in picked):
            continue  # two parts with one best answer: it answers the part it fits better; this part is not found
        if found and corroboration and relevance[found[0].sentences[0]] >= bar * CORROBORATED_BAR \
                and len({articles[sentences[i].passage - 1] for i in found[0].sentences}) >= CORROBORATING_ARTICLES:
            pass  # several outlets cited, and several articles name this answer: it clears a lower bar
        elif not found or relevance[found[0].sentences[0]] < bar:
            if clause.kind == "name":  # "what colour ...": the answer need not be a name; its best sentence answers
                _sentence_answer(relevance, sentences, bar, claims)
            continue
        pick = found[0]
        confidence = min(confidence, pick.score)
        if intent.recent:
            close = [c for c in found if c.score >= RECENT_SHARE * pick.score]
            pick = max(close, key=lambda c: passages[sentences[c.sentences[0]].passage - 1].published_at or "")
        s = sentences[pick.sentences[0]]
        if clause.kind == "date":
            pick.text = resolve_date(pick.text, passages[s.passage - 1].published_at)
        when = ""
        if intent.recent and passages[s.passage - 1].published_at:
            when = f", as of {passages[s.passage - 1].published_at[:10]}"
        role = plural.plural_role(clause.text, clause.unit) if clause.kind == "person" and not intent.recent else None
        if role and len(held := plural.holders(role, found, sentences, clause.text)) > 1:  # "openai interim ceos": each of them
            named = [f"{c.text} {marker(sentences[i].passage)}" for c, i in held]
            claims.append(Claim(f"{', '.join(named[:-1])} and {named[-1]}."))
            quotes += [Quote(trim(sentences[i].text, c.text), sentences[i].passage) for c, i in held]
            continue
        cites = [s.passage] + ([sentences[pick.also].passage] if pick.also is not None else [])
        claims.append(Claim(f"{pick.text}{when} {marker(*cites)}."))
        quotes.append(Quote(trim(s.text, pick.text), s.passage))
    said.append(len(claims))
    if not claims:
        return None
    unanswered = [(clause.text, clause.kind) for (clause, _, _), a, b in zip(picked, said, said[1:]) if a == b]
    return Draft(claims, _dedupe(quotes), confidence=confidence, unanswered=unanswered)


def _keeps(first: Draft, again: Draft) -> bool:
    """Every answer of `first` is still in `again`, whatever its markers ("Okafor [1]" in "Daniel Okafor [2]"): reading
    on may answer another part, not change an answer already given."""
    def bare(claim: Claim) -> str:
        return " ".join(MARKER.sub("", claim.text).split()).rstrip(" .").casefold()

    given = [bare(c) for c in again.claims]
    return all(any(bare(c) in g for g in given) for c in first.claims)


def cites_several_outlets(question: str, outlets: tuple[str, ...]) -> bool:
    """"... as reported by both The Verge and TechCrunch?": the question says several reports carry the answer."""
    return len({group[0] for group in outlets_named(question, outlets)}) >= 2


def _subject_terms(text: str, outlets: tuple[str, ...], keyword) -> set[str]:
    """Stems of the names a question is about ("Scalable Capital: how many employees?" -> scalabl, capit):
    an answer must come from a sentence whose story speaks of one of them."""
    words = [w for name in key_names(text, outlets) for w in re.findall(r"[\w’'-]+", name) if len(w) > 2]
    return {t for w in words for t in keyword.terms(w)}


def _people_asked(text: str, passages: list[Passage], outlets: tuple[str, ...]) -> set[str]:
    """Casefolded words of the persons' names a question asks about ("how much will jonathan smith be paid"), also
    a surname asked alone ("how much for Okafor") that the passages give someone in full ("Daniel Okafor")."""
    raw = " ".join(p.body for p in passages)
    names = key_names(text, outlets) + typed_names(text, raw)
    people = {w.casefold() for name in names if looks_like_person(name) for w in name.split()}
    for name in names + lower_case_names(text, raw):
        full = re.search(rf"\b[A-Z][\w’'-]+\s+(?i:{re.escape(name)})\b", raw) if " " not in name else None
        if full and full.group(0)[-len(name):][:1].isupper() and looks_like_person(full.group(0)) \
                and not (name.endswith("s") and is_team(full.group(0).split()[-1], raw)):  # "Los Angeles Dodgers" is no one
            people.add(name.casefold())
    return people


def _sentence_answer(relevance: list[float], sentences: list[Sentence], bar: float, claims: list[Claim]) -> None:
    """The clause's most relevant sentence as its answer, if it clears the bar."""
    best = max((i for i, s in enumerate(sentences) if s.answers), key=lambda i: relevance[i], default=None)
    if best is not None and relevance[best] >= bar:
        claims.append(Claim(sentence_claim(trim(sentences[best].text), sentences[best].passage)))


def _open(sentences: list[Sentence], passages: list[Passage], min_score: float) -> Draft | None:
    ranked = sorted((i for i, s in enumerate(sentences) if s.answers), key=lambda i: -sentences[i].relevance)
    if not ranked:
        return None
    best = sentences[ranked[0]]
    if best.relevance < min_score:
        return None
    claims = [Claim(sentence_claim(trim(best.text), best.passage))]
    second = next((sentences[i] for i in ranked[1:6] if passages[sentences[i].passage - 1].article_id
                   != passages[best.passage - 1].article_id), None)
    quotes = [Quote(trim(second.text), second.passage)] if second and second.relevance >= SECOND_QUOTE * best.relevance else []
    return Draft(claims, quotes, confidence=best.relevance)


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    seen, out = set(), []
    for q in quotes:
        if q.text not in seen:
            seen.add(q.text)
            out.append(q)
    return out


def answer_offline(question: str, passages: list[Passage], snapshot, embedder, min_score: float) -> OfflineAnswer:
    """An answer with [n] markers into `passages`, or a refusal with its reason."""
    if not passages:
        return _refusal(None, passages)
    question = one_form(question)  # "4.3bn", "4.3 billion dollars" -> "$4.3 billion", as the sentences print sums
    outlets = snapshot.sources()
    absent = unknown_outlets(question, outlets)
    if absent:
        return _refusal(f"The archive has no articles from {', '.join(absent)}.", passages)
    missing = missing_names(question, passages, outlets, snapshot.keyword)
    if missing:
        names = ", ".join(missing)
        return _refusal(f"None of the articles found mention {names}.", passages)
    keyword = snapshot.keyword
    intent = read(question)
    # one dated part refuses no other; a question naming an outlet may give its report's date ("did TechCrunch
    # report on ... on November 6"), which a wrong year in the question would put after every article
    after = later_day(question, passages) if len(intent.clauses) <= 1 and not outlets_named(question, outlets) else None
    if after:
        return _refusal(f"The articles found were all published before {after:%B} {after.day}, {after.year}; none reports "
                        "what happened then.", passages)
    if intent.form in ("fact", "open"):  # a fact may stand in the top story's opening, which retrieval ranked lower
        passages = passages + lede(passages, snapshot)
    sentences, _ = collect(intent.topic, passages, keyword, embedder, snapshot)
    # A question that cites several outlets ("as reported by both X and Y") may be answered on a lower bar
    # by an answer that several of the articles corroborate (see _fact); the gate lets it through to there
    several_outlets = intent.form == "fact" and cites_several_outlets(question, outlets)
    gate = min_score * (CORROBORATED_BAR if several_outlets else 1.0)
    if not sentences or max(s.relevance for s in sentences) < gate:
        return _refusal("No sentence in the articles found answers it.", passages)
    common = lowercase_words([p.body for p in passages])
    draft = None
    if intent.form == "compare":
        draft = compare.answer(compare.detect(question), sentences, passages, keyword, common)
    elif intent.form == "metadata":
        draft = metadata.answer(intent.kind, question, intent.from_text, sentences, passages, outlets, common)
    elif intent.form == "yesno":
        draft = yesno.answer(question, intent.order, sentences, passages, outlets, keyword, embedder)
    elif intent.form == "fact":
        draft = _fact(intent, sentences, passages, keyword, embedder, common, outlets, min_score, several_outlets)
        if draft is not None and draft.unanswered:  # some parts answered, not all: read on in the stories found
            more = read_on(draft.unanswered, passages, snapshot)
            wider, _ = collect(intent.topic, passages + more, keyword, embedder, snapshot) if more else (None, None)
            again = wider and _fact(intent, wider, passages + more, keyword, embedder,
                                    lowercase_words([p.body for p in passages + more]), outlets, min_score, several_outlets)
            if again and _keeps(draft, again) and len(again.unanswered) < len(draft.unanswered):
                draft, passages = again, passages + more
    if draft is None and intent.form != "fact":
        draft = _open(sentences, passages, min_score)
    if draft is None:
        return _refusal("The articles found do not state it.", passages)
    if draft.refused:
        return _refusal(draft.reason, passages)
    return OfflineAnswer(render(draft, passages), False, unchecked=[c.text for c in draft.claims if not c.checked],
                         confidence=draft.confidence, strategy=intent.form, passages=passages)
