"""Who won: "did India win the final?" read from a sentence that says who won or lost that contest.

A yes/no question about the world is otherwise answered "Yes" when one sentence holds nearly all its words,
which a sentence about the other side's win also does ("the final ... won by Australia beating India" holds
"india", "win", "final"), and so does a preview ("England ... face South Africa in the semi-final"). So a
question asking whether a side won a contest is answered only from a sentence that says it: the side is the
subject of a verb of winning ("Michigan (12-0) beat Ohio State", "Michigan tops Ohio State", "won by
Australia"), or the object of one of defeat ("beating India") or the subject of one of losing ("India lost",
"were beaten", "fell to"; not "lost three wickets"), in a sentence that holds the contest's last word itself
("final") and whose passage holds all its words. A result on the way to the contest ("beat the All Blacks to
reach the final"), in another round ("the semi-final", "the round-robin"), in one game of it ("Game 3 of the
World Series", unless that game is asked about), in another year ("The 2017 Eagles won a Super Bowl"), only
expected or supposed ("could beat", "if", "claims", a picks article) does not count, nor a win of something
else ("won praise": what was won must be named within 80 characters). With no such sentence the question is
refused (yesno.py). A live page's "Final: Rangers 11, Diamondbacks 7" line gives the result of one game: for a
side beating another, or for the game the question names when the page's title names it too.
"""
from __future__ import annotations

import re

from ..core import Passage
from . import spans
from .evidence import Sentence

# "did india win the final", "cricket world cup 2023: did india win the final", "did australia beat india in ..."
_WIN_ASKED = re.compile(r"\b(?:did|does|do|has|have|had|will)\s+(?:the\s+)?(?P<side>[a-z0-9][\w.&'’-]*(?:\s+[a-z0-9][\w.&'’-]*){0,2}?)"
                        r"\s+(?P<verb>win|won|beat|defeat|prevail|lose|lost)\b(?P<contest>[^?]*)", re.I)
# "did michigan beat ohio state at home": the side beaten is the words after "beat", up to a preposition
_OPPONENT = re.compile(r"^\s*(?:the\s+)?(?P<name>.+?)(?=\s+(?:in|at|on|during|for|to|with|by|from|this|last|after|before)\b|\s*$)",
                       re.I)
_WHEN_WORDS = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|monday|tuesday|wednesday|thursday"
                         r"|friday|saturday|sunday|today|yesterday|week|weekend|month|year|season|night", re.I)
_DEFEAT_VERBS = (r"beat|beating|defeated|defeating|overcame|overcoming|edged|edging|thrashed|thrashing|downed|downing"
                 r"|routed|routing|stunned|stunning|eliminated|eliminating|knocked\s+out|dumped|dumping|outclassed")
# "lost" on its own, to someone, in or by something, by a score or a game; not "lost three wickets", "lost the toss";
# "fell to" a side ("fell to Australia"), not "fell to the canvas"
_LOSS_VERBS = (r"lost(?=\s+(?:to|in|on|at|by|against|out|\d)\b|\s*[,.;:!]|\s*$"
               r"|\s+(?:the\s+|this\s+|that\s+)?(?:game|match|leg|round|final|semi-final|series|title|cup|tie|race|bout|fight"
               r"|election|vote|contest|showdown|decider)\b)"
               r"|(?:was|were|got)\s+(?:beaten|defeated|eliminated|knocked\s+out|edged)(?!\s+to\b)"
               r"|(?:fell|succumbed)\s+to\s+(?:the\s+)?(?-i:[A-Z])")
# headlines write the present ("Arizona dominates Utah"); an award is a win too ("named Person of the Year");
# "won't" is no win
_WIN_VERBS = (r"(?:beat|beats|defeated|defeats|overcame|overcomes|edged|edges|thrashed|thrashes|downed|downs|routed|routs"
              r"|stunned|stuns|won|wins|prevailed|prevails|triumphed|triumphs|clinched|clinches|lifted"
              r"|dominated|dominates|crushed|crushes|topped|tops|sank|sinks|named|crowned|awarded)(?!['’]t)")
_NOT_DONE = re.compile(r"\b(?:will|would|could|can|might|may|must|should|to|if|unless|hope|hoping|looking|bid)\s+(?:\w+\s+)?$", re.I)
_ON_THE_WAY = r"(?:reach|reached|reaching|into|make|made|book|booked|advance|advanced|set\s+up|secure|secured|earn|earned)"
# a what-if, a claim, a pick or a preview states no result ("Iowa beats Michigan in Big Ten championship" as a
# playoff scenario's heading; "Gemini claims incorrectly that Gleeson won")
_HEDGED = re.compile(r"\b(?:claims?|claimed|claiming|scenarios?|if|would|could|might|predict\w*|projected|projection"
                     r"|picks?|hypothetical|odds|preview|bracket)\b|\bthat\s+year\b|\bago\b", re.I)
_OTHER_STAGE = re.compile(r"\b(?:round[- ]robin|group\s+stage|group\s+match|pool\s+(?:stage|match|game))\b", re.I)
_ROUND = re.compile(r"\b(?:semi|quarter)[- ]?finals?\b|\bround\s+of\s+\d+\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
NEAR = 80  # characters either side of "X won", "won by X", "X lost" that must name what was won or lost


def asks_result(question: str, keyword) -> bool:
    """Whether the question asks if a side won (or lost) a contest it names ("did india win the final?")."""
    asked = _WIN_ASKED.search(question)
    return bool(asked and keyword.terms(asked.group("contest")))


def asks_loss(question: str) -> bool:
    """"did india lose the final?": a Yes is a loss."""
    asked = _WIN_ASKED.search(question)
    return bool(asked and asked.group("verb").lower() in ("lose", "lost"))


def _states_a_result(s: Sentence, question: str, passage: Passage, head: str, round_: str | None) -> bool:
    """Whether the sentence can state the result of the contest asked about, whatever it says of it."""
    if round_ and not re.search(round_, s.text, re.I):
        return False  # a semi-final asked: "the final" is another game
    if re.search(rf"\b{_ON_THE_WAY}\s+(?:a\s+date\s+with\s+\S+\s+in\s+)?(?:the\s+)?(?:[\w-]+\s+){{0,3}}?{re.escape(head)}",
                 s.text, re.I):
        return False  # "beat the All Blacks 19-7 to reach the final": a result before the final, not in it
    part = re.search(rf"\b(game|match|leg|round|stage)\s+(\w+)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}?{re.escape(head)}", s.text, re.I)
    if part and not re.search(rf"\b{part.group(1)}\s+{re.escape(part.group(2))}\b", question, re.I):
        return False  # "defeating the Diamondbacks in Game 3 of the World Series": one game of it, not the series
    if _OTHER_STAGE.search(s.text) and not _OTHER_STAGE.search(question):
        return False  # "Canada defeated Italy in the Davis Cup round-robin": not the cup
    if not round_ and _ROUND.search(s.text):
        return False  # "revenge for the 2011 quarterfinals ... defeated India", "in the semi-final": not the game asked
    if _HEDGED.search(s.text) or _HEDGED.search(passage.title or ""):
        return False
    asked_years = set(_YEAR.findall(question)) or {(passage.published_at or "")[:4]}
    return set(_YEAR.findall(s.text)) <= asked_years  # "The 2017 Eagles won a Super Bowl": another year's


def _line_result(s: Sentence, question: str, passage: Passage, side: str, contest: list[str], one_game: bool) -> tuple[str, bool] | None:
    """"Final: Rangers 11, Diamondbacks 7", a live page's result line: the side's result when the line names it,
    the page is about the contest asked (its words in the passage: the line holds none) and the question asks
    about one game: a side beating another, or a game it names ("game 4", which the page's title must name);
    one game is not a series or a cup."""
    line = spans.final_result(s.text)
    if not line or line[1] == line[3] or not set(contest) <= s.context:
        return None
    games = re.findall(r"\b(game|match|leg|round)\s+(\d+)\b", question, re.I)
    if not (one_game or games) or any(not re.search(rf"\b{kind}\s+{n}\b", passage.title or "", re.I) for kind, n in games):
        return None
    a, x, b, y = line
    for name, mine, theirs in ((a, x, y), (b, y, x)):
        if re.fullmatch(rf"(?:the\s+)?(?:\S+\s+)*?{side}", name, re.I):
            return name, mine > theirs
    return None


def outcome(question: str, sentences: list[Sentence], passages: list[Passage], keyword) -> tuple[Sentence, str, bool] | None:
    """The sentence saying the side the question asks about won (True) or lost (False) the contest it names,
    with that side as the sentence writes it; None when no sentence says either."""
    asked = _WIN_ASKED.search(question)
    if not asked:
        return None
    contest = [t for t in keyword.terms(asked.group("contest")) if (not t.isdigit() or _YEAR.fullmatch(t))
               and not _WHEN_WORDS.fullmatch(t)]
    if not contest:
        return None  # "did india win?": which game is not said
    head = contest[-1]  # "the rugby world cup final" -> "final"
    round_ = re.search(r"\b(semi|quarter)[- ]?finals?\b", asked.group("contest"), re.I)
    round_ = rf"\b{round_.group(1)}[- ]?finals?\b" if round_ else None
    beaten = _OPPONENT.match(asked.group("contest")) if asked.group("verb").lower() in ("beat", "defeat") else None
    # what the win must be over: the side beaten ("did michigan beat ohio state"), else the contest ("the final")
    over = beaten.group("name").split()[-1] if beaten else head
    side = r"\s+".join(re.escape(w) for w in asked.group("side").split())
    lost = re.compile(rf"\b(?:{_DEFEAT_VERBS})\s+(?:the\s+)?(?P<side>{side})\b|\b(?P<subject>{side})\s+(?:{_LOSS_VERBS})", re.I)
    won = re.compile(rf"\b(?P<subject>{side})(?:,?\s+who)?\s+(?:\([^)]*\)\s+)?(?:(?:has|have|had|was|were|been|officially|again|once"
                     rf"|came\s+from\s+behind\s+to)\s+){{0,3}}{_WIN_VERBS}\b|\bwon\s+by\s+(?:the\s+)?(?P<agent>{side})\b", re.I)
    for s in sorted(sentences, key=lambda s: -s.relevance):
        if not s.answers:
            continue
        if line := _line_result(s, question, passages[s.passage - 1], side, contest, beaten is not None):
            return s, *line
        if head not in s.terms or not set(contest) <= s.context:
            continue
        if not _states_a_result(s, question, passages[s.passage - 1], head, round_):
            continue
        found = [(m, False, m.group("side") or m.group("subject")) for m in lost.finditer(s.text)]
        found += [(m, True, m.group("subject") or m.group("agent")) for m in won.finditer(s.text)]
        for m, victory, named in sorted(found, key=lambda f: f[0].start()):
            near = s.text[max(0, m.start() - NEAR):m.end() + NEAR]  # "Salah beat David Raya": a save, not Arsenal
            if re.search(rf"\b{re.escape(over)}", near, re.I) and not _NOT_DONE.search(s.text[:m.start()]):
                return s, named, victory
    return None
