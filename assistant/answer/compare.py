"""Questions that compare two values: "Which cost more: the library or the pier?", "Was inflation in
February higher or lower than in January?", "Did the rate go up or down between March and May?", "How
did the number of employees change between its Series A and October?".

Each side's value is the amount or count of the sentence that best matches that side; the two are
compared as numbers when their units agree, and the answer states which, with both values and markers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import facts
from .compose import Claim, Draft, Quote, marker, trim
from .evidence import Sentence, coverage
from .spans import MONTH_NAMES, value

_MORE = r"more|higher|bigger|larger|greater|up|rise|rose|increased?|longer|older|heavier|faster|costlier|pricier"
_LESS = r"less|lower|smaller|fewer|down|fall|fell|decreased?|shorter|younger|lighter|slower|cheaper"
_CHOICE = re.compile(rf"\b(?P<a>{_MORE}|{_LESS})\s+or\s+(?P<b>{_MORE}|{_LESS})\b", re.I)
_WHICH_MORE = re.compile(rf"^(?P<head>(?:which|what|who)\b.*?\b(?P<word>{_MORE}|{_LESS})\b[^:?]*)[:,]?\s+(?P<x>.+?)\s+or\s+(?P<y>.+?)\??$", re.I)
_THAN = re.compile(r"^(?P<subject>.+?)\s+(?:higher|lower|more|less|bigger|smaller|greater|up|down)\s+or\s+\w+\s+than\s+(?P<y>.+?)\??$", re.I)
_BETWEEN = re.compile(r"\bbetween\s+(?P<x>.+?)\s+and\s+(?P<y>.+?)\??$", re.I)
_CHANGE = re.compile(rf"\b(?:change|changed|shift|move|go|went|{_MORE}|{_LESS})\b", re.I)
_LEAD = re.compile(r"^(?:did|does|do|was|were|is|are|has|have|how|what|which)\s+(?:did|does|do|was|were|is|are)?\s*", re.I)


@dataclass
class Side:
    label: str  # how the answer names it ("the library renovation", "February")
    text: str  # what to match the passages against


@dataclass
class Comparison:
    sides: tuple[Side, Side]
    asks: str  # "more" / "less" (which one is), "than" (higher or lower than the other), "change" (from one to the other)


def detect(question: str) -> Comparison | None:
    q = question.strip()
    m = _WHICH_MORE.match(q)
    if m:
        asks = "more" if re.fullmatch(_MORE, m.group("word"), re.I) else "less"
        head = re.sub(rf"\b(?:which|what|who)\b|\b(?:{_MORE}|{_LESS})\b", " ", m.group("head"), flags=re.I)
        x, y = _strip(m.group("x")), _strip(m.group("y"))
        return Comparison((Side(x, f"{x} {head}"), Side(y, f"{y} {head}")), asks)
    choice = _CHOICE.search(q)
    between = _BETWEEN.search(q)
    if choice and (than := _THAN.match(q)):  # "Was inflation in February higher or lower than in January?"
        subject = _LEAD.sub("", than.group("subject"))
        y = than.group("y")
        base = re.sub(r"\b(?:in|on|at|during|for)\s+\S+(?:\s+\d{4})?\s*$", "", subject).strip()
        return Comparison((Side(_when(subject) or subject, subject), Side(_strip(_when(" " + y) or y), f"{base} {y}")), "than")
    if between and (choice or _CHANGE.search(q[: between.start()])):  # "go up or down / change between A and B"
        subject = _LEAD.sub("", q[: between.start()])
        subject = re.sub(rf"\b(?:go|went|move|moved|change|changed|{_MORE}|{_LESS})\b(?:\s+or\s+\w+)?", " ", subject, flags=re.I)
        subject = re.sub(r"\s+", " ", subject).strip()
        x, y = _strip(between.group("x")), _strip(between.group("y"))
        return Comparison((Side(x, f"{subject} {x}"), Side(y, f"{subject} {y}")), "change")
    return None


def _strip(text: str) -> str:
    return re.sub(r"^(?:the|a|an|its|their|his|her)\s+", "", text.strip(" ?.,"), flags=re.I)


def _when(text: str) -> str | None:
    m = re.search(r"\b(?:in|on|during)\s+(\S+(?:\s+\d{4})?)\s*$", text)
    return m.group(1) if m else None


MONTH_MATCH = 1.5  # a side named by a month ("in May") prefers what was said in, or published in, that month


def _month_factor(label: str, sentence: Sentence, published: str | None) -> float:
    m = re.search(rf"\b({'|'.join(MONTH_NAMES)})\b(?:\s+(\d{{4}}))?", label, re.I)
    if not m:
        return 1.0
    month, year = m.group(1).lower(), m.group(2)
    said = re.search(rf"\b{month}\b", sentence.text, re.I)
    dated = published and published[5:7] == f"{MONTH_NAMES.index(month) + 1:02d}" and (not year or published[:4] == year)
    return MONTH_MATCH if said or dated else 1.0


def _side_value(side: Side, other: Side, sentences: list[Sentence], keyword, common: set[str], passages):
    articles = [p.article_id for p in passages]
    terms = keyword.terms(side.text)
    idf = keyword.idf(terms)
    relevance = [(coverage(s.context, terms, idf) * 0.6 + 0.4 * s.relevance)
                 * _month_factor(side.label, s, passages[s.passage - 1].published_at) for s in sentences]
    own = [t for t in terms if t not in set(keyword.terms(other.text))] or terms  # "february" against "january"
    counted = re.search(r"\bnumber\s+of\s+(\w+)", side.text, re.I)
    kinds = [("count", (counted.group(1),))] if counted else [("amount", ()), ("count", ())]
    for kind, units in kinds:
        found = facts.candidates(kind, units, side.text, sentences, relevance, common, set(), articles, (), own)
        found = [c for c in found if value(c.text)]
        if found:
            return found[0]
    return None


def answer(comparison: Comparison, sentences: list[Sentence], passages, keyword, common: set[str]) -> Draft | None:
    x, y = comparison.sides
    picks = [_side_value(x, y, sentences, keyword, common, passages), _side_value(y, x, sentences, keyword, common, passages)]
    if not all(picks):
        return None
    (a, b), (sa, sb) = picks, [sentences[p.sentences[0]] for p in picks]
    if a.text == b.text and sa.passage == sb.passage:
        return None  # one value for both sides: the articles do not tell them apart
    va, vb = value(a.text), value(b.text)
    quotes = [Quote(trim(sa.text, a.text), sa.passage), Quote(trim(sb.text, b.text), sb.passage)]
    both = f"{x.label}: {a.text} {marker(sa.passage)}; {y.label}: {b.text} {marker(sb.passage)}"
    if not va or not vb or va[1] != vb[1] or va[0] == vb[0]:
        return Draft([Claim(f"{both}.")], quotes)
    if comparison.asks in ("more", "less"):
        bigger = x if va[0] > vb[0] else y
        winner = bigger if comparison.asks == "more" else (y if bigger is x else x)
        return Draft([Claim(f"{winner.label[:1].upper()}{winner.label[1:]} ({both}).", checked=False)], quotes)
    if comparison.asks == "than":
        word = "Higher" if va[0] > vb[0] else "Lower"
        return Draft([Claim(f"{word} in {x.label} than in {y.label} ({both}).", checked=False)], quotes)
    way = "up" if vb[0] > va[0] else "down"
    return Draft([Claim(f"It went {way}: from {a.text} ({x.label}) {marker(sa.passage)} to {b.text} ({y.label}) "
                        f"{marker(sb.passage)}.", checked=False)], quotes)
