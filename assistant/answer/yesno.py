"""Yes/no questions, answered "Yes" or "No" with the reason and the passages behind it.

- "Did A report X before B reported Y?": the two reports are found (each side searched within the
  outlet it names) and their publication dates compared.
- Otherwise the question states claims ("Does A suggest X, while B says Y?", "Did both A and B report
  X?"): each claim must be supported by a sentence of the outlet it names (MiniLM cosine and the share of
  its words, with no polarity clash: "rose" against "fell", "not" against its absence); "Yes" when every
  claim is supported, "No" naming the one that is not.
- "Is there a change / an inconsistency between A and B?" asks whether the two reports differ: both are
  found, and they differ only where one's closest sentence negates or reverses the other's, or gives
  another amount in the same unit ("€48 million" against "€52 million"); otherwise
  the answer says no difference was found ("Was there no change ...?" is answered the other way round).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..core import Passage
from ..outlets import outlet_mentions, outlets_named
from ..store.keyword import KeywordIndex
from . import outcomes, spans
from .compose import Claim, Draft, Quote, marker
from .evidence import Sentence, coverage

SUPPORTED = 0.55  # a claim's best sentence must reach this (0.5 cosine + 0.5 share of its words)
SAME_POINT = 0.5  # two reports' sentences are on the same point when this share of the shorter one's words are in the other
WORLD_COVERAGE = 0.9  # a question about the world (not about what a report says) needs nearly all its words in one sentence
WORLD_COVERAGE_WITH_SUM = 0.8  # ...or most of them and the very sum it states
AMOUNT_NEIGHBOURS = 4  # words each side of an amount that tell what it is of ("€9.99/month on web")...
AFTER_WEIGHT = 2  # ...those after it counting twice
_ABOUT_REPORTS = re.compile(r"\b(?:articles?|reports?|reported|reporting|suggest\w*|indicat\w*|impl(?:y|ies|ied)|portray\w*|coverage"
                            r"|covered|according|mention\w*|describ\w*|narrative|stories|story|outlets?)\b", re.I)
_SIDES = re.compile(r",?\s+(?:while|whereas|but|and(?=\s+(?:the|a|an|that|if|whether|does|did|do|is|was|are|were|also)\b)"
                    r"|compared\s+(?:with|to)|in\s+contrast\s+to|as\s+well\s+as)\s+", re.I)
# a question that states claims ("Does A suggest X, while B ...", "Does A suggest a different reason than B")
# asks whether the articles say them, not whether two reports differ
_CLAIMS = re.compile(r"\b(?:while|whereas|unlike|in\s+contrast|suggest\w*|claim\w*|impl(?:y|ies|ied)|indicat\w*|argu\w*)\b", re.I)
_ORDER = re.compile(r"\b(before|after|earlier\s+than|later\s+than|prior\s+to|preceded|followed|subsequent(?:ly)?)\b", re.I)
_DIFFERENCE = re.compile(r"\b(?:inconsisten\w*|change[sd]?|shift\w*|differ\w*|different|contradict\w*|disagree\w*|discrepanc\w*)\b", re.I)
_NEGATED_DIFFERENCE = re.compile(r"\b(?:no|not|never|without)\s+(?:\w+\s+){0,2}?(?:inconsisten\w*|change[sd]?|shift\w*|differ\w*"
                                 r"|different|contradict\w*|disagree\w*|discrepanc\w*)\b", re.I)
_NEGATED_REPORT = re.compile(r"\b(?:fail(?:s|ed)?\s+to|not|never|n't)\b", re.I)  # "did A fail to report X before B ...?"
_SAMENESS = re.compile(r"\b(?:consisten\w*|agree\w*|align\w*|same|similar\w*)\b", re.I)
_BOTH = re.compile(r"\bboth\s+(.+?)\s+and\s+(.+?)\s+(?:report|say|cover|mention|write|describe|note|claim|state|confirm)\w*"
                   r"\s+(?:that\s+|on\s+|about\s+)?(.+)$", re.I)
_BETWEEN = re.compile(r"\bbetween\s+(.+?)\s+and\s+(?:the\s+)?(.+?)(?:,|\?|$)", re.I)
_FILLER = re.compile(r"^(?:did|does|do|is|was|are|were|has|have|had)\s+|\b(?:the|an?)\s+(?:article|report|piece|story)s?\s+(?:from|by|in|on)\s+"
                     r"|\b(?:article|report|piece|story)s?\b"
                     r"|\b(?:suggest|indicate|imply|report|state|say|claim|mention|describe)s?\s+(?:that\s+)?", re.I)
_NEGATION = re.compile(r"\b(?:not|no|never|without|neither|nor|none|cannot|can't|won't|didn't|doesn't|isn't|wasn't"
                       r"|aren't|weren't|fail\w*|lack\w*)\b", re.I)
_UP = re.compile(r"\b(?:ris\w*|rose|increas\w*|higher|more|grow\w*|grew|gain\w*|up|boost\w*|surg\w*|jump\w*|expand\w*|improv\w*|strong\w*)\b", re.I)
_DOWN = re.compile(r"\b(?:fall\w*|fell|decreas\w*|lower|less|declin\w*|drop\w*|down|reduc\w*|cut\w*|shrink\w*|shrank|los\w*|weak\w*|slow\w*)\b", re.I)


@dataclass
class Side:
    text: str
    sources: tuple[str, ...]  # the outlet it names (its sections), or () for any
    vector: np.ndarray | None = None
    best: Sentence | None = None
    score: float = 0.0
    covered: float = 0.0  # share of its words (by idf) the best sentence holds


def _sides(question: str, outlets: tuple[str, ...], order: re.Match | None) -> list[Side]:
    both = _BOTH.search(question)
    if both and not order:  # "Did both A and B report X?": the same claim, once per outlet
        sides = []
        for who in (both.group(1), both.group(2)):
            sources = tuple(s for _, _, group in outlet_mentions(who, outlets) for s in group)
            if sources:
                sides.append(Side(both.group(3).strip(" ?"), sources))
        if len(sides) == 2:
            return sides
    between = None if order else _BETWEEN.search(question)
    if order:
        parts = [question[: order.start()], question[order.end():]]
    else:
        parts = [between.group(1), between.group(2)] if between else _SIDES.split(question)
    # "Has the ferry coverage changed between the report of 1 March and the report of 1 June?": what the
    # two reports are about stands outside the between-clause, and each side is matched with it
    topic = _clean(question[: between.start()] + " " + question[between.end():], outlets)[0] if between else ""
    sides = []
    for part in parts:
        text, sources = _clean(part, outlets)
        if len(text.split()) >= 2 or sources:
            sides.append(Side(f"{text or part} {topic}".strip(), sources))
    return sides


def _clean(part: str, outlets: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """A part of the question without its outlet names and filler words, and the outlets it named."""
    named = outlet_mentions(part, outlets)
    text = part
    for start, end, _ in reversed(named):
        text = text[:start] + text[end:]
    text = re.sub(r"\s+", " ", _FILLER.sub(" ", text)).strip(" ,?'\"")
    return text, tuple(s for _, _, group in named for s in group)


def _polarity_clash(claim: str, sentence: str) -> bool:
    """The claim and the sentence point opposite ways: one negates and the other does not, or one says
    up where the other says down."""
    neg = bool(_NEGATION.search(claim)) != bool(_NEGATION.search(sentence))
    up_c, down_c = bool(_UP.search(claim)), bool(_DOWN.search(claim))
    up_s, down_s = bool(_UP.search(sentence)), bool(_DOWN.search(sentence))
    direction = (up_c and not down_c and down_s and not up_s) or (down_c and not up_c and up_s and not down_s)
    return neg or direction


def _same_point(a: str, b: str, keyword: KeywordIndex) -> bool:
    """Two sentences speak of the same thing: most of the shorter one's words are in the other. Only then
    can one contradict the other; a negation in one of two sentences on different points says nothing."""
    ta, tb = set(keyword.terms(a)), set(keyword.terms(b))
    return bool(ta and tb) and len(ta & tb) / min(len(ta), len(tb)) >= SAME_POINT


def _amounts_differ(a: str, b: str) -> bool:
    """Both sentences give amounts in the same unit ("€48 million", "€52 million") and share none of them."""
    va, vb = spans.amount_values(a), spans.amount_values(b)
    units = {u for _, u in va} & {u for _, u in vb}
    return bool(units) and not va & vb


# "from $21 million in 2015 to $290 million", "$24.97, down from its regular price of $39.99": two sums of one
# quantity, whose words stand beside either
_CHANGE_OF_ONE = re.compile(r"\bfrom\s+\S*\d[^;]*?\bto\s+\S*\d|\bto\s+\S*\d[^;]*?\bfrom\s+\S*\d|\b(?:down|up)\s+from\b", re.I)


_CONVERSION = re.compile(r"\s*(?:\(|,?\s*or)\s*(?:about|around|roughly|approximately|some|nearly)?\s*", re.I)
_CURRENCIES = frozenset("$€£¥")


def _amounts_beside(claim: str, sentence: str, keyword: KeywordIndex) -> list[str]:
    """Of the sentence's amounts, those the claim's words stand beside ("€9.99/month on web or €12.99/month on
    iOS": "a month on the web" stands beside "€9.99")."""
    words, counts = set(keyword.terms(claim)), {}
    found, at = [], 0
    for amount in spans.amounts(sentence):
        at = sentence.find(amount, at)
        found.append((amount, at, at + len(amount)))
        at += len(amount)
    for i, (amount, start, end) in enumerate(found):  # its words reach no further than the amounts beside it
        before = sentence[found[i - 1][2] if i else 0:start]
        after = sentence[end:found[i + 1][1] if i + 1 < len(found) else len(sentence)]
        ahead = words & set(keyword.terms(" ".join(re.findall(r"\S+", before)[-AMOUNT_NEIGHBOURS:])))
        behind = words & set(keyword.terms(" ".join(re.findall(r"\S+", after)[:AMOUNT_NEIGHBOURS])))
        # what an amount is of mostly follows it ("€9.99/month on web", "$5 for adults")
        counts[amount] = max(counts.get(amount, 0), len(ahead) + AFTER_WEIGHT * len(behind))
    for (one, _, end), (other, start, _) in zip(found, found[1:]):  # "$69bn (£56bn)": one sum in two currencies
        if _CONVERSION.fullmatch(sentence[end:start]):
            counts[one] = counts[other] = max(counts[one], counts[other])
    most = max(counts.values(), default=0)
    return [amount for amount, n in counts.items() if n == most]


def _amount_agrees(claim: str, sentence: str, keyword: KeywordIndex) -> bool | None:
    """True when the sentence gives the one amount the claim states beside the claim's words, False when it
    gives it elsewhere ("€12.99 a month on the web" against "€9.99/month on web or €12.99/month on iOS"),
    None when the sentence does not give it."""
    stated, given = spans.amount_values(claim), spans.amount_values(sentence)
    if len(stated) != 1 or _CHANGE_OF_ONE.search(sentence):
        return None
    if not stated <= given:
        (number, unit), = stated  # "4.3 billion euros" against "$4.3 billion": the sum, in another currency
        return False if unit in _CURRENCIES and any(n == number and u in _CURRENCIES for n, u in given) else None
    return any(spans.value(a) in stated for a in _amounts_beside(claim, sentence, keyword))


def _other_amounts(side: Side, keyword: KeywordIndex) -> list[str] | None:
    """The amounts the side's sentence gives instead of the one its claim states, or None when it does not give
    another: all of them when it shares none with the claim, else those the claim's words stand beside."""
    if _amounts_differ(side.text, side.best.text):
        return spans.amounts(side.best.text)
    if _amount_agrees(side.text, side.best.text, keyword) is False:
        return _amounts_beside(side.text, side.best.text, keyword)
    return None


_MONTHS = tuple(name[:3] for name in spans.MONTH_NAMES)  # "jan" ... "dec"
_MONTH = "|".join(_MONTHS)
_DAY = re.compile(rf"\b(?:(?P<m1>{_MONTH})[a-z]*\.?\s+(?P<d1>\d{{1,2}})\b|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})[a-z]*)", re.I)


def _published_on(text: str) -> str | None:
    """"the report of October 7" -> "-10-07": the month and day a side names, to match publication dates."""
    m = _DAY.search(text)
    if not m:
        return None
    month, day = (m.group("m1") or m.group("m2")).lower(), int(m.group("d1") or m.group("d2"))
    return f"-{_MONTHS.index(month) + 1:02d}-{day:02d}"


def _match(side: Side, sentences: list[Sentence], passages: list[Passage], keyword: KeywordIndex,
           taken: Sentence | None = None) -> None:
    """The side's best sentence; a side named by a date ("the report of October 7") takes one from an
    article published that day when there is one, and a second side never takes the first side's sentence."""
    terms = keyword.terms(side.text)
    idf = keyword.idf(terms)
    day = _published_on(side.text)
    dated = day is not None and any(day in (p.published_at or "")[4:10] for p in passages)
    for s in sentences:
        passage = passages[s.passage - 1]
        if side.sources and passage.source not in side.sources:
            continue
        if s is taken or s.headline or (dated and day not in (passage.published_at or "")[4:10]):
            continue  # a headline is no report's own words: "... to stop for winter" is not what it says of the ferry
        dense = float(s.vector @ side.vector) if side.vector is not None else 0.0
        covered = coverage(s.context, terms, idf)
        score = 0.5 * dense + 0.5 * covered
        if score > side.score:
            side.best, side.score, side.covered = s, score, covered


def _who(side: Side, passages: list[Passage]) -> str:
    return _who_said(side.best, passages)


def _who_said(sentence: Sentence, passages: list[Passage]) -> str:
    p = passages[sentence.passage - 1]
    return f"{p.source or 'an article'} ({(p.published_at or 'undated')[:10]})"


_DATE_AFTER = re.compile(rf"\s+(?:\d|(?:the\s+)?(?:{_MONTH})[a-z]*\b|(?:last|this|next)\s)", re.I)


def _report_order(question: str) -> re.Match | None:
    """"Did A report X before B reported Y?" / "Did X happen before Y?" ask for an order, read from the
    reports' dates; "... by The Age before October 22" (a date), "... returned after an ankle injury" (an
    event inside one report) and "has the reporting before X remained consistent" (an order that only
    says which reports) do not."""
    if _DIFFERENCE.search(question) or _SAMENESS.search(question):
        return None
    for m in _ORDER.finditer(question):
        rest = question[m.end():]
        if not _DATE_AFTER.match(rest) and not re.match(r"\s+(?:an?|or)\s", rest, re.I):
            return m
    return None


def _none_found(question: str, sides: list[Side], sentences: list[Sentence]) -> Draft | None:
    """No article of the outlets the question names is among those found: a question about what they
    reported is answered "No", with the closest sentence; a question about the world is left unanswered."""
    if not (any(s.sources for s in sides) or _ABOUT_REPORTS.search(question)):
        return None
    closest = max((s for s in sentences if s.answers), key=lambda s: s.relevance, default=None)
    if closest is None:
        return None
    named = ", ".join(dict.fromkeys(side.sources[0] for side in sides if side.sources))
    where = f" from {named}" if named else ""
    return Draft([Claim(f"No: none of the articles found{where} says so; the closest is {marker(closest.passage)}.",
                        checked=False)], [Quote(closest.text, closest.passage)])


def answer(question: str, order_word: str | None, sentences: list[Sentence], passages: list[Passage],
           outlets: tuple[str, ...], keyword: KeywordIndex, embedder) -> Draft | None:
    order = _report_order(question) if order_word else None
    sides = _sides(question, outlets, order)
    if not sides:
        return None
    named = tuple(src for group in outlets_named(question, outlets) for src in group)
    if len(sides) == 2 and not any(side.sources for side in sides) and named:
        for side in sides:  # "the coverage by TechCrunch ... between October 2 and October 7": both are TechCrunch's
            side.sources = named
    vectors = np.asarray(embedder.encode([s.text for s in sides]), np.float32)
    taken = None
    for side, v in zip(sides, vectors):
        side.vector = v / max(float(np.linalg.norm(v)), 1e-9)
        _match(side, sentences, passages, keyword, taken if len(sides) == 2 else None)
        taken = side.best
    found = [s for s in sides if s.best is not None]
    if not found:
        return _none_found(question, sides, sentences)
    quotes = [Quote(s.best.text, s.best.passage) for s in found]
    cites = marker(*(s.best.passage for s in found))
    if order and len(found) == 2:
        a, b = (passages[s.best.passage - 1].published_at or "" for s in found)
        if a and b:
            later = order.group(1).lower().startswith(("after", "later", "subsequent", "followed"))
            yes = (a > b) if later else (a < b)
            if _NEGATED_REPORT.search(question[:order.start()]):  # "did A fail to report it before B?": A did report
                yes = not yes
            verb = "after" if a > b else ("before" if a < b else "on the same day as")
            return Draft([Claim(f"{'Yes' if yes else 'No'}: {_who(found[0], passages)} reported it {verb} "
                                f"{_who(found[1], passages)} {cites}.", checked=False)], quotes)  # from the dates
    difference, sameness = _DIFFERENCE.search(question), _SAMENESS.search(question)
    if (difference or sameness) and not _BOTH.search(question) and len(found) >= 2 and not _CLAIMS.search(question):
        # A difference is claimed only where one is found (one report negates or reverses what the other
        # says); how similar the two closest sentences are does not tell (on MultiHop-RAG dev their cosine
        # separates agreeing from differing reports no better than chance: AUC 0.50, a one-off measurement)
        a_text, b_text = found[0].best.text, found[1].best.text
        says_same = not (_same_point(a_text, b_text, keyword)
                         and (_polarity_clash(a_text, b_text) or _amounts_differ(a_text, b_text)))
        yes = not says_same if difference else says_same
        if difference and _NEGATED_DIFFERENCE.search(question):  # "Was there no change ...?"
            yes = not yes
        how = "agree: no difference was found between them" if says_same else "differ"
        return Draft([Claim(f"{'Yes' if yes else 'No'}: the two reports {how} {cites}.", checked=False)], quotes)
    contradicted, given = next(((s, other) for s in found if s.score >= SUPPORTED
                                and (other := _other_amounts(s, keyword))), (None, None))
    if contradicted is not None:  # "is it €20 a month?" against "€9.99/month": the articles give another amount
        given = ", ".join(dict.fromkeys(given))
        return Draft([Claim(f"No: {_who(contradicted, passages)} gives {given} {marker(contradicted.best.passage)}.",
                            checked=False)], [Quote(contradicted.best.text, contradicted.best.passage)])
    weak = next((s for s in sides if s.best is None or s.score < SUPPORTED or _polarity_clash(s.text, s.best.text)), None)
    about_reports = any(s.sources for s in sides) or _ABOUT_REPORTS.search(question)
    if not about_reports and (result := outcomes.outcome(question, sentences, passages, keyword)):  # "did india win the final?"
        said, side, won = result
        answer = "Yes" if won != outcomes.asks_loss(question) else "No"  # "did india lose the final?"
        verdict = f"{answer}: {_who_said(said, passages)} says {side} {'won' if won else 'lost'}"
        return Draft([Claim(f"{verdict} {marker(said.passage)}.", checked=False)], [Quote(said.text, said.passage)])
    if not about_reports:  # a question about the world: "No" needs a source saying no, so unsupported means unknown
        if outcomes.asks_result(question, keyword):  # no sentence says who won: the words alone ("England ... face
            weak = sides[0]  # South Africa in the semi-final") do not tell
        else:  # ...and "Yes" nearly all its words in one sentence, or the very sum it states ("is it €9.99 a month?")
            weak = weak or next((s for s in sides if s.covered < WORLD_COVERAGE and not (
                s.covered >= WORLD_COVERAGE_WITH_SUM and _amount_agrees(s.text, s.best.text, keyword))), None)
        if weak is not None:
            return Draft([], quotes[:1], refused=True, reason=f"None of them says whether {weak.text.rstrip('?')}.")
    if weak is None:
        who = " and ".join(f"{_who(s, passages)} {marker(s.best.passage)}" for s in found)
        verb = "both say so" if len(found) == 2 else "say so" if len(found) > 2 else "says so"
        return Draft([Claim(f"Yes: {who} {verb}.")], quotes)
    if _BOTH.search(question) and len(sides) == 2 and all(s.sources for s in sides):
        did = [s for s in sides if s is not weak and s.best is not None]
        told = "; ".join(f"{_who(s, passages)} did {marker(s.best.passage)}" for s in did)
        return Draft([Claim(f"No: {told + '; ' if told else ''}nothing from {weak.sources[0]} says so.", checked=False)], quotes)
    where = " in " + ", ".join(dict.fromkeys(weak.sources)) if weak.sources else ""
    # the claim is not repeated: cut out of the question, it reads badly and its quote marks split the answer
    return Draft([Claim(f"No: nothing{where} among the articles found supports that part of the question; "
                        f"the closest is {cites}.", checked=False)], quotes)
