"""Wh-questions answered with a span: the name, number, amount, date or place the best sentences give.

Every span of the wanted kind in the passages is a candidate; a candidate scores by the best sentence
that holds it (that sentence's relevance to the question, or to the clause it answers) plus a share for
each further article that repeats it near the question's words (news tells one fact in several
articles; multi-part questions are about the entity they all share). Spans the question itself names are
not answers ("Who runs Binance?" is not answered by "Binance").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..store.keyword import STOPWORDS, stem
from . import spans
from .evidence import Sentence
from .refusal import common_words

SPREAD_SHARE = 0.15  # added per further article whose sentence holding the candidate is nearly as relevant
SPREAD_MIN = 0.6  # ...where nearly means at least this share of the candidate's best sentence
HEADLINED_SHARE, HEADLINED_MAX = 0.1, 3  # added per retrieved article whose headline names the candidate, up to 3
PERSON_SHAPE = 1.2  # "who" questions: a span shaped like a person's name ("Sam Bankman-Fried", not "Alameda Research")
PLACE_AFTER_PREPOSITION = 1.1
SUBJECT_SHARE = 0.5  # a span sharing words with the question is likely its subject ("Talon Cyber" for "who buys Talon")
NAMED_KIND = 1.3  # "which university": a span holding the noun asked for ("Kiel University")
AGENT = 1.3  # "who knocked ireland out": the one a sentence says did something to Ireland ("Ireland sent home by the All Blacks")
ROLE_ABSENT = 0.6  # "which person": a name never written near the word "person" is probably someone else
_GENERIC_PERSON = re.compile(r"(?:person|people|individual|figure|personality|celebrity|star|player|official|leader|one)s?")
OTHER_FIGURE = 0.6  # a forecast ("$12.98 billion expected") is not a reported figure, nor the reverse; a change ("by $161m") not a level
NEAR_WORDS = 15  # an answer sits near the question's words in its sentence: up to 30% less at this distance or more
NEAR_SHARE = 0.3


@dataclass
class Candidate:
    text: str
    score: float
    sentences: list[int] = field(default_factory=list)  # indices into the sentence list, best first
    also: int | None = None  # a sentence giving the name in full, when the best one gives it short


def _question_words(question: str) -> set[str]:
    """The question's words, casefolded, each also without a possessive ("alzheimer's" -> "alzheimer")."""
    words = {w.casefold() for w in re.findall(r"[\w’'-]+", question) if len(w) > 1}
    return words | {re.sub(r"[’']s?$", "", w) for w in words}


_MONEY = re.compile(r"\b(?:pay|paid|paying|pays|salary|wages?|costs?|price[sd]?|worth|fees?|fined?|revenue|income|profits?|spen[dt]"
                    r"|budget|valuation|valued|raised?|funding|settle\w*|bill|charged?|earn\w*)\b", re.I)
_CHANGE = re.compile(r"\b(?:ris\w*|rose|fall\w*|fell|increas\w*|decreas\w*|grow\w*|grew|drop\w*|jump\w*|climb\w*|slid|slump\w*"
                     r"|up|down|by|change\w*|share|stake|percent\w*|proportion|margin|rate)\b", re.I)
_NUMBERED = re.compile(r"\b(game|week|round|stage|leg|match|heat|episode|season|chapter|part|day)\s+(\d+)\b", re.I)


def _other_numbered(question_marks: list[tuple[str, str]], sentence: str, title: str = "") -> bool:
    """The question asks about "game 5" and the sentence is about another game ("Game 3") and not game 5; a
    sentence that names no game is about the one its article's title names ("World Series Game 2: ... live")."""
    for word, number in question_marks:
        said = {n for w, n in _NUMBERED.findall(sentence) if w.lower() == word.lower()}
        said = said or {n for w, n in _NUMBERED.findall(title) if w.lower() == word.lower()}
        if said and number not in said:
            return True
    return False


def _money(text: str) -> set[tuple[float, str]]:
    """The sums of money a text gives, as (number, currency)."""
    return {v for v in spans.amount_values(text) if v[1] and v[1] != "%"}


def _other_amount(stated: set[tuple[float, str]], sentence: str) -> bool:
    """The question names a sum ("who led the new $65M round") and the sentence gives only other sums ("$180
    million in 2021, a round led by Tencent"): it is about another deal."""
    given = _money(sentence) if stated else set()
    return bool(given) and not given & stated


def _names_a_part(words: list[str], pairs: set[tuple[str, str]]) -> bool:
    """The span holds two words the question says together: "Formula One Grand Prix" for "who won the las
    vegas grand prix" is what the question is about, not its answer."""
    return any(pair in pairs for pair in zip(words, words[1:]))


def _headlined(name: str, titles: list[str], passage_article: list[str] | None) -> int:
    """How many of the retrieved articles name the candidate (or its surname) in their headline: the person
    or company the stories are about."""
    short = re.escape(name.split()[-1] if spans.looks_like_person(name) else name)  # "Bankman-Fried" in a headline
    pattern = re.compile(rf"(?<![\w-])(?:{re.escape(name)}|{short})(?![\w-])")
    owners = passage_article or list(range(len(titles)))
    return len({owner for owner, title in zip(owners, titles) if pattern.search(title)})


def _other_month(asked: set[int], sentence: str) -> bool:
    """The question names a month ("the SEC lawsuit filed in November") and the sentence names only other
    months ("in February, Kraken ... agreed to pay $30 million"): it tells of another event."""
    said = spans.months(sentence) if asked else set()
    return bool(said) and not said & asked


def _other_people(sentences: list[Sentence], people: set[str], common: set[str]) -> set[str]:
    """Surnames of the people the passages name in full ("Mel Tucker" -> "Tucker"), those asked about aside:
    a surname is also written alone ("Tucker was suspended"), never after "the" ("the Dodgers" is a team, and
    "Tour" of "Eras Tour" never stands alone)."""
    raw = " ".join(s.text for s in sentences)
    surnames = {name.split()[-1] for s in sentences for name in spans.names(s.text, common)
                if spans.looks_like_person(name) and not any(w.casefold() in people for w in name.split())}
    return {name for name in surnames if not spans.is_team(name, raw) and _alone(name, raw)}


def _alone(word: str, raw: str) -> bool:
    """The text writes `word` on its own somewhere: no capitalised word just before or after it."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", raw):
        before = re.search(r"([\w’'.-]+)\s+$", raw[max(0, m.start() - 40):m.start()])
        if (before is None or not before.group(1)[:1].isupper()) and not re.match(r"\s+[A-Z]", raw[m.end():]):
            return True
    return False


def _someone_elses(sentence: str, people: set[str], others: set[str]) -> bool:
    """The sentence names another person and none of the people asked about: "how much will Jonathan Smith be
    paid" is not answered by Tucker's contract, "... earned him a 10-year contract worth $95 million"."""
    if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", sentence, re.I) for w in people):
        return False
    return any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence) for name in others)


_CAPITALISED_RUN = re.compile(r"[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*)+")


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper()).casefold()


def _shortens(short: str, word: str) -> bool:
    """"man" shortens "Manchester" (its start), "utd" shortens "United" (its letters in order, the first one first)."""
    word = word.casefold()
    if len(short) < 2 or short == word or short[0] != word[0]:
        return short == word
    rest = iter(word[1:])
    return word.startswith(short) or all(c in rest for c in short[1:])


def _capitalised_runs(sentences: list[Sentence]) -> list[list[str]]:
    """The words of every run of capitalised words in the sentences ("The Harbour Rowing League (HRL)")."""
    return [run.split() for s in sentences for run in _CAPITALISED_RUN.findall(s.text)]


def _shortened(question: str, runs: list[list[str]]) -> set[str]:
    """Words of the names the question writes shortened ("man utd" -> Manchester United, Man United): two or more
    of its words in a row, each the start or the letters of a capitalised word in a row of `runs`."""
    said = [w.casefold() for w in re.findall(r"[A-Za-z]+", question)]
    pairs = [said[i:i + 2] for i in range(len(said) - 1)]
    words = set()
    for run in runs:
        run = [w.strip(".,;:’'") for w in run]
        for i in range(len(run) - 1):
            for a, b in pairs:
                if _shortens(a, run[i]) and _shortens(b, run[i + 1]):
                    words |= {run[i].casefold(), run[i + 1].casefold()}
    return words


_SIDE_WORD = r"\b(?!(?:score|scores|final|result|game|match|in|on|at|of|the|and|for|what|was|when|how|did|is|\d+)\b)[a-z][\w'’.-]*"
_VERSUS = re.compile(rf"(?P<a>(?:{_SIDE_WORD}\s+){{0,2}}{_SIDE_WORD})\s+(?:vs\.?|v\.?|versus|against|beat|beats|beating|defeated"
                     rf"|lost\s+to|played|plays)\s+(?:the\s+)?(?P<b>{_SIDE_WORD}(?:\s+{_SIDE_WORD}){{0,2}})", re.I)


def _side_stems(name: str) -> frozenset[str]:
    """The stems of a side's words, as the question types it ("man utd") or a sentence names it ("Hawks.")."""
    return frozenset(stem(w.casefold().strip(".’'")) for w in name.split())


def _sides(question: str) -> list[frozenset[str]]:
    """The two sides a score question names around "vs", "beat", "against" ("man utd vs galatasaray in istanbul"):
    the stems of each side's words, or [] when it names no two sides."""
    m = _VERSUS.search(question)
    if not m:
        return []
    return [_side_stems(m.group(g)) for g in ("a", "b")]


_TEAM_NAME = r"(?P<x>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
_WIN_VERB = r"(?:beat|beats|beating|defeated|defeating|edged|downed|thrashed|routed|outclassed|pulveri[sz]ed|hammered|stunned|crushed|upset)"
# the parties a sentence gives a game: "... win over Sydney", "lost to the Bears", "against Bayern" (the opponent);
# "Internazionale defeated ...", "West Ham's 3-1 victory" (the winner: a name owning the score, see _another_game)
_OPPONENT = re.compile(rf"\b(?:{_WIN_VERB}|against|vs\.?|v\.?|versus|lost\s+to"
                       rf"|(?:win|victory|triumph|loss|defeat)\s+(?:over|to|against|at))\s+(?:the\s+)?{_TEAM_NAME}")
_WINNER = re.compile(rf"{_TEAM_NAME}\s+{_WIN_VERB}\b")
_OWNER = re.compile(rf"{_TEAM_NAME}['’]s?\s+(?:[\w-]+\s+){{0,3}}$")  # "West Ham's ... " right before the score


def _another_game(span: str, sentence: str, sides: list[frozenset[str]], paragraph: frozenset[str]) -> bool:
    """The question names two sides; the sentence's paragraph leaves one of them out and the sentence names a
    party to its game that is neither ("... 87-80 win over Sydney" for "when the hawks beat the taipans";
    "Internazionale defeated lowly visitors Udinese 4-0" for "frankfurt vs udinese"). A sentence naming one side
    alone ("Port Alder won 30-24") is not taken for another game."""
    if all(side & paragraph for side in sides):
        return False
    at = sentence.find(span)
    owner = _OWNER.search(sentence[:at]) if at > 0 else None
    names = [m.group("x") for m in (*_OPPONENT.finditer(sentence), *_WINNER.finditer(sentence), *([owner] if owner else []),
                                    *re.finditer(_TEAM_NAME, span))]  # a score line names both: "Bears 12, Vikings 10"
    parties = [_side_stems(name) for name in names]
    return any(not any(p & side for side in sides) for p in parties)


def _paragraph(sentences: list[Sentence], i: int) -> frozenset[str]:
    """The terms of sentence `i` and of its neighbours in its passage (not its article's headline or outlet: a
    round-up's headline names other games)."""
    near = [j for j in (i - 1, i + 1) if 0 <= j < len(sentences) and sentences[j].passage == sentences[i].passage]
    return sentences[i].terms.union(*(sentences[j].terms for j in near))


def _aliases(question: str, sentences: list[Sentence]) -> set[str]:
    """Words of the names the question gives by their initials ("ipl" -> Indian Premier League, "cz" ->
    Changpeng Zhao) or shortened ("man utd"): the question's subject, not its answer. An initialism counts when it
    is not an ordinary word ("us", "it")."""
    runs = _capitalised_runs(sentences)
    shortened = _shortened(question, runs)
    ordinary = common_words()
    short = {w.casefold() for w in re.findall(r"\b[A-Za-z]{2,5}\b", question)
             if w.isupper() or w.casefold() not in ordinary}
    if not short:
        return shortened
    words = shortened
    for run in runs:  # "The Harbour Rowing League (HRL)": "Harbour Rowing League"
        for size in {len(w) for w in short}:
            for i in range(len(run) - size + 1):
                if _initials(" ".join(run[i:i + size])) in short:
                    words |= {w.casefold().strip("’'") for w in run[i:i + size] if len(w) > 1}
    return words


def _spans(kind: str, units: tuple[str, ...], text: str, common: set[str], money: bool = False) -> list[str]:
    if kind == "date":  # "on what day": a date that names its day ("December 8", "Friday"), not "until 2026"
        found = spans.dates(text)
        return [d for d in found if spans.names_a_day(d)] if units[:1] in (("day",), ("date",)) else found
    if kind == "count":
        if not units:
            return spans.counts(text)
        return (spans.counts(text, units[:1]) or (spans.counts(text, units[1:]) if units[1:] else [])
                or spans.counts(text, units[:1], bare=True))
    if kind == "age":
        return spans.ages(text)
    if kind == "amount":  # "how much is he paid" is answered by a sum of money, never by "49.9%", "30 years" or a score
        if money:
            return [a for a in spans.amounts(text) if spans.is_money(a)]
        return spans.amounts(text) or spans.scores(text)  # "how much did they win by": "3-1"
    if kind == "score":
        return spans.scores(text)
    if kind == "rank":
        return spans.ranks(text)
    if kind == "place":  # "One Portland, Maine-based startup": the city with its state, as written
        based = re.findall(r"\b([A-Z][\w’'.]+(?:\s+[A-Z][\w’'.]+)*,\s+[A-Z][\w.]+)-based\b", text)
        return spans.names(text, common) + [_without_common_start(b, common) for b in based]
    if kind == "name" and units:  # "which drug": a coined name given beside the noun ("the drug lecanemab")
        return spans.names(text, common) + spans.coined_names(text, units[0], common_words())
    return spans.names(text, common)


def _without_common_start(span: str, common: set[str]) -> str:
    words = span.split(" ")
    while len(words) > 2 and (words[0].casefold() in common or words[0] in ("One", "A", "An", "The")):
        words = words[1:]
    return " ".join(words)


VAGUE_DATE = 0.8  # "Monday" is a weaker answer to "when" than "November 6"


_SPEECH = r"(?:said|says|notes|noted|told|tells|added|adds|explained|explains|wrote|writes|according\s+to)"


def _place_prior(kind: str, span: str, sentence: str) -> float:
    if kind == "date" and spans.is_vague_date(span):
        return VAGUE_DATE
    if kind != "place":
        return 1.0
    name = re.escape(span)
    if re.search(rf"\b{_SPEECH}\s+{name}\b|\b{name}\s+{_SPEECH}\b", sentence):
        return 0.0  # "..., notes Bagdasarian.": who speaks is a person, not a place
    if re.search(rf"\b(?:in|at|to|from|into|near|across|based in)\s+(?:the\s+)?{name}", sentence) \
            or re.search(rf"\b{name}(?:,\s+[A-Z][\w.]*)?-based\b", sentence):  # "a Portland, Maine-based startup"
        return PLACE_AFTER_PREPOSITION
    return 1.0


def _nearness(span: str, sentence: str, stems: list[str]) -> float:
    """1.0 when the span stands next to one of the question's words in the sentence, down to
    1 - NEAR_SHARE when it is NEAR_WORDS words away or more (or the sentence holds none of them)."""
    # "binance’s": binanc; "Maine-based": maine, base
    words = [stem(re.sub(r"[’']s?$", "", w)) for w in re.findall(r"[\w’']+", sentence.casefold())]
    at = sentence.find(span)
    if at < 0 or not stems:
        return 1.0
    start = len(re.findall(r"[\w’']+", sentence[:at].casefold()))
    end = start + len(re.findall(r"[\w’']+", span))
    spots = [i for i, w in enumerate(words) if (i < start or i >= end) and w in stems]
    if not spots:
        return 1 - NEAR_SHARE
    distance = min(start - i if i < start else i - end + 1 for i in spots)
    return 1 - NEAR_SHARE * min(distance, NEAR_WORDS) / NEAR_WORDS


def _introduced(span: str, sentence: str) -> bool:
    """The sentence gives the span as a name: "the materials are called MXenes", "known as MBenes"."""
    return bool(re.search(rf"\b(?:called|named|known\s+as|dubbed)\s+{re.escape(span)}\b", sentence))


# the words articles use for the attribute a question names ("the monthly price" -> "the fee ... is €9.99/month")
_ANCHOR_SAME = {"price": ("price", "cost", "fee", "charge", "subscription"), "revenue": ("revenue", "turnover"),
                "salary": ("salary", "wage", "pay", "contract"), "rent": ("rent", "lease")}


def _around(span: str, sentence: str, before: int, after: int) -> tuple[str, str] | None:
    """The `before` words ahead of the span's first place in the sentence and the `after` words behind it."""
    at = sentence.find(span)
    if at < 0:
        return None
    return " ".join(sentence[:at].split()[-before:]), " ".join(sentence[at + len(span):].split()[:after])


def _near_unit(span: str, sentence: str, unit: str, window: int = 6) -> bool:
    """The role noun of the question ("soldier", "judge") stands within a few words of the name."""
    words = _around(span, sentence, window, window)
    return bool(words) and bool(re.search(rf"\b{re.escape(spans.noun_stem(unit))}", " ".join(words), re.I))


_EXPECTATION = re.compile(r"\b(?:expect\w*|estimat\w*|forecast\w*|predict\w*|project(?:ed|ions?)|anticipat\w*|consensus"
                          r"|guidance|outlook)\b", re.I)


def _expected(span: str, sentence: str) -> bool:
    """"Investors had expected Uber to report revenues of around $9.5 billion", "$12.98 billion expected": the
    sum is a forecast, written within a few words after an expectation or right before one."""
    words = _around(span, sentence, 8, 2)
    return bool(words) and any(_EXPECTATION.search(w) for w in words)


_ONE_MONTH = re.compile(r"\b(?:that|this|last|the\s+same|in\s+a|one)\s+month\b", re.I)
_LONGER_PERIOD = re.compile(r"\b(?:(?:all|this|last|over\s+the|past)\s+year|(?:first|past|last)\s+\w+\s+months"
                            r"|year[- ]to[- ]date|since\s+(?:january|the\s+start)|(?:19|20)\d\d)\b", re.I)


def _other_period(span: str, sentence: str) -> bool:
    """"climbing more than 250% in the first 11 months", "2022, when Coinbase lost 86%": a figure for a year or
    several months, where the question asks about one month."""
    words = _around(span, sentence, 6, 6)
    return bool(words) and bool(_LONGER_PERIOD.search(f"{words[0]} {span} {words[1]}"))  # "the first 11 months" itself


def _difference(span: str, sentence: str) -> bool:
    """"revenue was negatively impacted ... by $161 million": a sum after "by" is how much something changed."""
    at = sentence.find(span)
    return at >= 0 and bool(re.search(r"\bby\s+(?:about|around|roughly|nearly|almost|some|over|more\s+than|less\s+than)?\s*$",
                                      sentence[:at], re.I))


_IN_PLAY = re.compile(r"\b(?:lead|leads|led|leading|up|ahead|down|behind|deficit|trail\w*|half-?time|at\s+the\s+break|interval)\b", re.I)


# "with 6:08 left in the third quarter", "early in the second half", "after the first period": a moment of the game
_GAME_CLOCK = re.compile(r"\b(?:with\s+(?:\d+:\d+|\d+\s+(?:minutes?|seconds?))\s+(?:left|remaining|to\s+(?:go|play))"
                        r"|(?:(?:early|late|midway)\s+)?(?:in|into|after|through|of)\s+the\s+"
                        r"(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|half|period|inning)\b"
                        r"(?!\s+(?:of|comeback|rally|collapse|surge|drive|stall\w*)\b))", re.I)


_RECORD_ASKED = re.compile(r"\b(?:records?|standings?|season|win-loss|unbeaten|undefeated)\b", re.I)
# "finished 4-8", "improved to 9-3", "a record of 10-2", "stay on top at 7-1", "the Dolphins are 9-3": a record
# follows these ("tied at 2-2", "the score is 2-1" are the game's); "a 5-7 season", "a 1-5 start",
# "now 2-2 to start the season" precede their noun;
# "No. 3 Michigan (12-0)": a record stands in brackets after the team's name
_RECORD_BEFORE = re.compile(r"\b(?:(?<!match\s)(?<!game\s)(?<!it\s)finish(?:ed|es)?|went|go(?:ing)?|(?:improv|mov|regress|lift|push)(?:ed|es|ing|s)?"
                            r"\s+(?:\S+\s+){0,4}?to"
                            r"|(?:fell|falls|dropped|drops)\s+to|record\s+(?:of|at|to)"
                            r"|(?<!tied\s)(?<!level\s)(?<!locked\s)(?<!score\s)(?<!scoreline\s)(?<!result\s)\b(?:at|are|is)(?:\s+now)?)\s*$", re.I)
_RECORD_AFTER = re.compile(r"\s*(?:(?:regular\s+)?(?:season|record|campaign|mark|start)"
                           r"|(?:to\s+(?:start|open|begin)|on|for)\s+the\s+season)\b(?!-)", re.I)
_NAME_BRACKET = re.compile(r"\b[A-Z][\w.&'’-]*\s*\($")
_RECORDS = re.compile(r"\d+-\d+(?:-\d+)?(?:\s+[\w-]+){0,2}(?:,\s*\d+-\d+(?:-\d+)?(?:\s+[\w-]+){0,2})*")


def _record(span: str, sentence: str) -> bool:
    """A team's win-loss record, not a game's score."""
    at = sentence.find(span)
    if at < 0:
        return False
    before, after = sentence[:at], sentence[at + len(span):]
    opened, closed = before.rfind("("), after.find(")")
    bracket = opened >= 0 and closed >= 0 and ")" not in before[opened:] and "(" not in after[:closed]
    return bool(_RECORD_BEFORE.search(before) or _RECORD_AFTER.match(after)
                or (bracket and _NAME_BRACKET.search(before[:opened + 1])  # "Arizona (8-3, 6-2 Pac-12)"
                    and _RECORDS.fullmatch(before[opened + 1:] + span + after[:closed])))


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# "back in 2019, Port Alder beat ...", "since 1997 – when the program beat ...", "the 2019 final ...": a year the score
# is of; not "for the first time since 1997, Michigan beat ..." nor "former 2019 Heisman winner Joe Burrow led ..."
_YEAR_BEFORE = re.compile(r"\b(?:in|during)\s+(?:(?-i:[A-Z][a-z]+)\.?\s+(?:\d{1,2},?\s+)?)?((?:19|20)\d\d)\b"
                          r"|\b((?:19|20)\d\d)\W+(?:when|where)\b"  # "since 1997 – when", "the spirit of 2019, when"
                          r"|\b((?:19|20)\d\d)\s+(?:[\w’'-]+\s+){0,4}?(?:finals?|games?|match(?:es)?|season|series|cup|championships?"
                          r"|tournament|semi-?finals?|edition|meeting)\b", re.I)  # "The 2019 Rugby World Cup final ... 32-12"
_YEAR_AFTER = re.compile(r"\W*(?:\w+\W+){0,2}?in\s+(?:(?-i:[A-Z][a-z]+)\.?\s+)?((?:19|20)\d\d)\b")  # "a 1-0 win in May 2013"


def _earlier_game(span: str, sentence: str, years_asked: set[str], published: str) -> bool:
    """The sentence dates the score to a year ("since 1997 – when the program beat Ohio State 20-14", "a 1-0 win in
    May 2013") that is neither the article's (`published`) nor one the question asks about."""
    at = sentence.find(span)
    year = (published or "")[:4]
    after = _YEAR_AFTER.match(sentence[at + len(span):]) if at >= 0 else None
    dated = [m.group(m.lastindex) for m in _YEAR_BEFORE.finditer(sentence[:at])
             if not (m.lastindex == 3 and (_NOT_THE_GAME.search(sentence[max(0, m.start() - 40):m.start()])
                                           or _TITLE_HOLDERS.match(sentence[m.end():])))]
    dated += [after.group(1)] if after else []
    # a later year than the article's is another game's ("a 2026 World Cup qualifier on Tuesday"): never this one's past
    return at >= 0 and year.isdigit() and any(y < year and y not in years_asked for y in dated)


# "reigning 2022 World Cup champions", "who won the 2019 final", "a rematch of the 2022 game": the year is the
# team's or an earlier meeting's, not this score's
_TITLE = r"champions?|winners?|holders|qualif\w*"
_TITLE_HOLDERS = re.compile(rf"\s*(?:{_TITLE})", re.I)
_NOT_THE_GAME = re.compile(rf"(?:{_TITLE}|rematch\s+of|(?:who|which)\b[^,]*)\s*(?:the\s+)?$", re.I)


_SUBJECT_WHO = re.compile(r"^(?:[^:?]{1,60}:\s*)?who\s+(?!(?:did|does|do|is|was|are|were|has|have|had|will|would|can|could"
                          r"|should|'s|got|get|gets|getting|became|become)\b)"
                          r"[a-z]+\s+(.+)$", re.I)


def _done_to(question: str) -> set[str]:
    """"who knocked ireland out?" -> {"ireland"}: the words of what a who-did-it question says was done to."""
    m = _SUBJECT_WHO.match(question.strip(" ?"))
    return {w.casefold() for w in re.findall(r"[\w’'-]{3,}", m.group(1))} - set(STOPWORDS) if m else set()


def _agent_of(span: str, sentence: str, done_to: set[str]) -> bool:
    """The sentence says `span` did something to what the question names: "with Ireland sent home by the All
    Blacks", "the title was won by Ada Brink"."""
    at = sentence.find(span)
    m = re.search(r"(\w+)\s+by\s+(?:the\s+)?$", sentence[:at]) if at >= 0 else None
    if not m or _NO_DEED.fullmatch(m.group(1)) or _NO_DOER.match(span):
        return False
    clause = re.split(r"[,;:]", sentence[:m.start()])[-1]  # "... slur on Tom Curry, replaced by Deon Fourie": another deed
    return any(w.casefold() in done_to for w in re.findall(r"[\w’'-]+", clause)[-6:])


# "supported by TuneCore", "owned by Microsoft", "followed by Charles Leclerc": who stands in a relation, not who did it
_NO_DEED = re.compile(r"supported|sponsored|backed|powered|owned|followed|replaced|joined|succeeded|preceded|seen|viewed"
                      r"|obtained|photo|report|according|presented|brought|hosted|funded|accompanied|chased|trailed", re.I)
_NO_DOER = re.compile(rf"\d|(?:{'|'.join(spans.WEEKDAY_NAMES + spans.MONTH_NAMES)})\b", re.I)


def _in_play(span: str, sentence: str) -> bool:
    """"take a 10-0 lead", "put Tottenham 2-0 up", "led 2-1 at half-time", "tied the score at 17-17 with 6:08 left
    in the third quarter": a score during the game."""
    words = _around(span, sentence, 4, 8)
    return bool(words) and bool(re.search(r"\b(?:led|leading|trailing|trailed|(?:tied|level(?:l?ed)?)\s+(?:the\s+(?:score|game)"
                                          r"|it|things|matters)(?:\s+(?:at|up))?)\s*$", words[0], re.I)
                                or _IN_PLAY.match(words[1])
                                or _GAME_CLOCK.match(words[1]))


def _merge(found: dict[str, list], shown: dict[str, str]) -> None:
    """"Bankman-Fried" and "Sam Bankman-Fried" are one candidate, shown in the longer form."""
    for key in sorted(found, key=len):
        longer = [k for k in found if k != key and len(k) > len(key) and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", k)]
        if len(longer) == 1:
            found[longer[0]].extend(found.pop(key))
            shown.pop(key, None)


def candidates(kind: str, units: tuple[str, ...], question: str, sentences: list[Sentence], relevance: list[float],
               common: set[str], exclude: set[str] = frozenset(), passage_article: list[str] | None = None,
               titles: list[str] = (), stems: list[str] = (), anchor: str | None = None,
               about: set[str] | None = None, anchor_required: bool = True,
               shares: set[str] = frozenset(), people: set[str] = frozenset(),
               published: list[str] = ()) -> list[Candidate]:
    """Candidates of `kind` for a question (or clause) whose sentence scores are `relevance`, best first.
    `exclude` holds casefolded spans that cannot be the answer (outlet names, for a non-outlet question);
    `about`, the stems of the names the question is about: a sentence whose context holds none of them
    does not answer. An amount must be written near the `anchor` ("price"), or, unless `anchor_required`,
    is kept only when no amount is. A sentence holding none of the terms `shares` (the whole question's) does not answer,
    nor, for an attribute of `people` (casefolded words of the names of the persons asked about), one that names
    only someone else. `published` holds each passage's publication date."""
    asked = _question_words(question) | _aliases(question, sentences)
    said = [w.casefold() for w in re.findall(r"[\w’'-]+", question)]
    pairs = set(zip(said, said[1:]))
    change = bool(_CHANGE.search(question))
    money = bool(_MONEY.search(question)) and not change
    numbered = _NUMBERED.findall(question)
    stated = _money(question)
    when = spans.months(question, questioned=True) if kind != "date" else set()  # "when, after March, ...": another month
    one_month = bool(when or _ONE_MONTH.search(question))
    # "the name of the soldier who spoke" asks for the one the story calls a soldier; "which music artist" only
    # sorts the answer into a kind, which the story need not write beside it
    definite_role = bool(kind == "person" and units and not _GENERIC_PERSON.fullmatch(units[0])
                         and not spans.KIN.fullmatch(units[0]) and not re.search(
                             rf"\b(?:which|what)\s+(?:(?!name\b)[\w'’-]+\s+){{0,3}}{re.escape(units[0])}", question, re.I))
    in_play_asked = bool(_IN_PLAY.search(question) or _GAME_CLOCK.search(question))
    record_asked = bool(_RECORD_ASKED.search(question))
    years_asked = set(_YEAR.findall(question))
    asks_name = bool(re.search(r"\bnamed?\b", question, re.I))
    sides = _sides(question) if kind == "score" else []
    done_to = _done_to(question) if kind == "person" else set()
    asks_forecast = bool(_EXPECTATION.search(question))
    # "how much will it pay" (no forecast word): what is expected may be all there is, so neither kind is weighed
    weigh_forecasts = asks_forecast or not re.search(r"\bwill\b", question, re.I)
    others = _other_people(sentences, people, common) if people else set()
    found: dict[str, list[tuple[float, int]]] = {}
    shown: dict[str, str] = {}
    for i, s in enumerate(sentences):
        if about and not about & s.context:
            continue  # a sentence whose story never names what the question is about ("the company ... 285 employees")
        if not s.answers:
            continue  # a question or heading in an article ("When will it ship?") does not answer
        if shares and not shares & s.terms:
            continue  # it shares no word with the question: its story's words made it relevant, not its own
        if others and _someone_elses(s.text, people, others):
            continue
        if numbered and _other_numbered(numbered, s.text, titles[s.passage - 1] if len(titles) >= s.passage else ""):
            continue
        if _other_amount(stated, s.text) or _other_month(when, s.text):
            continue
        for span in _spans(kind, units, s.text, common, money):
            key = span.casefold()
            words = [w for w in re.findall(r"[\w’'-]+", key) if len(w) > 1]
            if not words or key in exclude or (kind not in ("count", "amount", "date")
                                               and (all(w in asked for w in words) or _names_a_part(words, pairs))):
                continue
            if kind == "score" and not in_play_asked and _in_play(span, s.text):
                continue  # the final score is asked for, not the score while the game was on
            if kind == "score" and not record_asked and _record(span, s.text):
                continue  # ...nor a team's record ("Michigan (12-0) beat Ohio State (11-1)")
            if kind == "score" and sides and _another_game(span, s.text, sides, _paragraph(sentences, i)):
                continue  # "man utd vs galatasaray": not "... beat Copenhagen ... a 1-0 win", another game's
            if kind == "score" and len(published) >= s.passage and _earlier_game(span, s.text, years_asked, published[s.passage - 1]):
                continue  # ...nor another season's ("since 1997, when the program beat Ohio State 20-14")
            if kind in ("count", "amount") and re.sub(r"\D", "", key) and re.sub(r"\D", "", key) in re.sub(r"\D", " ", question).split():
                continue  # a number the question itself gives
            if len(span) > len(shown.get(key, "")):
                shown[key] = span
            weight = _place_prior(kind, span, s.text) * _nearness(span, s.text, list(stems))
            if done_to and _agent_of(span, s.text, done_to):
                weight *= AGENT
            if kind in ("amount", "count") and weigh_forecasts and _expected(span, s.text) != asks_forecast:
                weight *= OTHER_FIGURE  # a forecast for a question about what happened, or the reverse
            if kind == "amount" and not change and _difference(span, s.text):
                weight *= OTHER_FIGURE  # the question asks for a level, not a change
            if one_month and kind in ("amount", "count") and _other_period(span, s.text):
                weight *= OTHER_FIGURE  # "how much did it climb that month": not what it did all year
            found.setdefault(key, []).append((relevance[i] * weight, i))
    _merge(found, shown)
    out, unanchored = [], []
    for key, hits in found.items():
        hits.sort(reverse=True)
        best = hits[0][0]
        articles = {}
        for score, i in hits:
            if i != hits[0][1] and sentences[i].headline:
                continue  # another story's headline names the topic more than it repeats the fact
            owner = passage_article[sentences[i].passage - 1] if passage_article else sentences[i].passage
            articles.setdefault(owner, score)
        spread = sum(1 for score in list(articles.values())[1:] if score >= SPREAD_MIN * best)
        shape = PERSON_SHAPE if kind == "person" and spans.looks_like_person(shown[key]) else 1.0
        words = [w for w in re.findall(r"[\w’'-]+", key) if len(w) > 1]
        # the noun the question asks for is not its subject: "which university" is answered by "Kiel University"
        subject = [w for w in words if w in asked and not (kind in ("name", "person", "place")
                                                          and any(w.startswith(spans.noun_stem(u)) for u in units))]
        shape *= 1 - SUBJECT_SHARE * len(subject) / max(1, len(words))
        if kind == "person" and units and not any(_near_unit(shown[key], sentences[i].text, units[0]) for _, i in hits[:3]):
            if definite_role:
                continue  # "the name of the soldier who spoke": a name never written near "soldier" is someone else
            shape *= ROLE_ABSENT
        if kind == "person" and asks_name and spans.is_demonym(shown[key]):
            continue  # "what's the name of the soldier": "Russians" is a people, not a name
        if anchor and not any(_near_unit(shown[key], sentences[i].text, noun, window=8)
                              for noun in _ANCHOR_SAME.get(anchor, (anchor,)) for _, i in hits[:3]):
            unanchored.append(key)  # "what is the share price": an amount never written near "price" is some other amount
        if kind == "place" and spans.is_organisation(shown[key]):
            continue  # "BBC News" is not a place
        title = spans.title_before(shown[key], sentences[hits[0][1]].text) if kind == "person" and units else None
        if title and not spans.KIN.fullmatch(units[0]) and not title.casefold().startswith(spans.noun_stem(units[0])):
            continue  # "which soldier": "Russian President Vladimir Putin" is introduced as someone else
        if kind == "person" and spans.is_title(shown[key]):
            continue  # "(When) We Were Young" is a festival's title, not who did something
        if kind == "place" and units and any(_near_unit(shown[key], sentences[i].text, units[0]) for _, i in hits[:3]):
            shape *= NAMED_KIND  # "which city": "the capital city of Vilnius"
        if kind == "name" and units and (any(re.search(rf"\b{re.escape(spans.noun_stem(u))}", key) for u in units)
                                         or any(_introduced(shown[key], sentences[i].text) for _, i in hits[:3])):
            shape *= NAMED_KIND  # "Kiel University" for "which university"; "are called MXenes" for "what are they called"
        headlined = (min(HEADLINED_MAX, _headlined(shown[key], titles, passage_article))  # not the question's own subject
                     if (kind == "name" or (kind == "person" and not shown[key].isupper()))  # "EU" is no one
                     and not any(w in asked for w in words) else 0)
        out.append(Candidate(shown[key], shape * best * (1 + SPREAD_SHARE * spread + HEADLINED_SHARE * headlined),
                             [i for _, i in hits]))
    if unanchored and (anchor_required or len(unanchored) < len(out)):
        out = [c for c in out if c.text.casefold() not in unanchored]
    out.sort(key=lambda c: -c.score)
    texts = [s.text for s in sentences]
    while out and kind in ("person", "name"):  # the fullest form the passages give, citing a sentence that gives it
        full = full_name(out[0].text, texts, common, person=kind == "person")
        if kind == "person" and (spans.is_venue(full_name(out[0].text, texts, common)) or spans.is_title_only(full)):
            out.pop(0)  # "Coca-Cola" in full is "Coca-Cola Arena"; "CEO" in full is "FTX CEO": not a person's name
            continue
        out[0].text = full
        if full not in texts[out[0].sentences[0]]:  # merged or completed: cite a sentence that gives it in full too
            out[0].also = next((i for i, s in enumerate(sentences) if full in s.text), None)
        break
    return out


def full_name(name: str, texts: list[str], common: set[str], person: bool = False) -> str:
    """The fullest form of a name the texts use ("Bankman-Fried" -> "Sam Bankman-Fried"): articles give a
    full name once and the surname after. A person's short name ends the full one: "European" (in "European
    neobroker") is not short for "European Central Bank"."""
    pattern = re.compile(rf"(?<!\w){re.escape(name)}" + ("$" if person else r"(?!\w)"))
    longer = [n for t in texts if name in t for n in spans.names(t, common) if n != name and pattern.search(n)
              and len(n.split()) <= len(name.split()) + 2]
    return max(longer, key=lambda n: (sum(n == m for m in longer), len(n))) if longer else name
