"""Who won: "did India win the final?" read from a sentence that says who won or lost that contest.

A yes/no question about the world is otherwise answered "Yes" when one sentence holds nearly all its words,
which a sentence about the other side's win also does ("the final ... won by Australia beating India" holds
"india", "win", "final"), and so does a preview ("England ... face South Africa in the semi-final"). So a
question asking whether a side won a contest is answered only from a sentence that says it: the side is the
subject of a verb of winning ("Michigan (12-0) beat Ohio State", "Michigan tops Ohio State", "won by
Australia"), or the object of one of defeat ("beating India") or the subject of one of losing ("India lost",
"were beaten", "fell to"; not "lost three wickets"), in a sentence that holds the contest's last word itself
("final") and whose passage holds all its words. A result on the way to the contest ("beat the All Blacks to
reach the final"), in another round ("the semi-final"), in one game of it ("Game 3 of the World Series", unless
that game is asked about) or one only expected ("could beat", "looking to beat") does not count. With no such
sentence the question is refused (yesno.py).
"""
from __future__ import annotations

import re

from .evidence import Sentence

# "did india win the final", "cricket world cup 2023: did india win the final", "did australia beat india in ..."
_WIN_ASKED = re.compile(r"\b(?:did|does|do|has|have|had|will)\s+(?:the\s+)?(?P<side>[a-z][\w.&'’-]*(?:\s+[a-z][\w.&'’-]*){0,2}?)"
                        r"\s+(?:win|won|beat|defeat|prevail)\b(?P<contest>[^?]*)", re.I)
_WHEN_WORDS = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|monday|tuesday|wednesday|thursday"
                         r"|friday|saturday|sunday|today|yesterday|week|weekend|month|year|season|night", re.I)
_DEFEAT_VERBS = (r"beat|beating|defeated|defeating|overcame|overcoming|edged|edging|thrashed|thrashing|downed|downing"
                 r"|routed|routing|stunned|stunning|eliminated|eliminating|knocked\s+out|dumped|dumping|outclassed")
# "lost" on its own, to someone, in or by something, by a score or a game; not "lost three wickets", "lost the toss"
_LOSS_VERBS = (r"lost(?=\s+(?:to|in|on|at|by|against|out|\d)\b|\s*[,.;:!]|\s*$"
               r"|\s+(?:the\s+|this\s+|that\s+)?(?:game|match|leg|round|final|semi-final|series|title|cup|tie|race|bout|fight"
               r"|election|vote|contest|showdown|decider)\b)"
               r"|(?:was|were|got)\s+(?:beaten|defeated|eliminated|knocked\s+out|edged)|fell\s+to|succumbed\s+to")
_NOT_DONE = re.compile(r"\b(?:will|would|could|can|might|may|must|should|to|if|unless|hope|hoping|looking|bid)\s+(?:\w+\s+)?$", re.I)
_ON_THE_WAY = r"(?:reach|reached|reaching|into|make|made|book|booked|advance|advanced|set\s+up|secure|secured)"


# headlines write the present ("Arizona dominates Utah"); an award is a win too ("named Person of the Year")
_WIN_VERBS = (r"beat|beats|defeated|defeats|overcame|overcomes|edged|edges|thrashed|thrashes|downed|downs|routed|routs"
              r"|stunned|stuns|won|wins|prevailed|prevails|triumphed|triumphs|clinched|clinches|claimed|lifted|sealed"
              r"|dominated|dominates|crushed|crushes|topped|tops|sank|sinks|named|crowned|awarded|voted")


def asks_result(question: str, keyword) -> bool:
    """Whether the question asks if a side won a contest it names ("did india win the final?")."""
    asked = _WIN_ASKED.search(question)
    return bool(asked and keyword.terms(asked.group("contest")))


def outcome(question: str, sentences: list[Sentence], keyword) -> tuple[Sentence, str, bool] | None:
    """The sentence saying the side the question asks about won (True) or lost (False) the contest it names,
    with that side as the sentence writes it; None when no sentence says either."""
    asked = _WIN_ASKED.search(question)
    if not asked:
        return None
    contest = [t for t in keyword.terms(asked.group("contest")) if (not t.isdigit() or re.fullmatch(r"(?:19|20)\d\d", t))
               and not _WHEN_WORDS.fullmatch(t)]
    if not contest:
        return None  # "did india win?": which game is not said
    head = contest[-1]  # "the rugby world cup final" -> "final"
    round_ = re.search(r"\b(semi|quarter)[- ]?finals?\b", asked.group("contest"), re.I)
    round_ = rf"\b{round_.group(1)}[- ]?finals?\b" if round_ else None
    side = r"\s+".join(re.escape(w) for w in asked.group("side").split())
    lost = re.compile(rf"\b(?:{_DEFEAT_VERBS})\s+(?:the\s+)?(?P<side>{side})\b|\b(?P<subject>{side})\s+(?:{_LOSS_VERBS})\b", re.I)
    won = re.compile(rf"\b(?P<subject>{side})\s+(?:\([^)]*\)\s+)?(?:(?:has|have|had|was|were|been|officially|again|once)\s+){{0,3}}"
                     rf"(?:{_WIN_VERBS})\b"
                     rf"|\bwon\s+by\s+(?:the\s+)?(?P<agent>{side})\b|\b(?P<owner>{side})(?:'s|’s)\s+(?:win|victory|triumph|title)\b"
                     rf"|\b(?P<who>{side})\s+who\s+(?:\w+\s+){{0,3}}?(?:{_WIN_VERBS})\b", re.I)
    for s in sorted(sentences, key=lambda s: -s.relevance):
        if not s.answers or head not in s.terms or not set(contest) <= s.context:
            continue
        if not re.search(round_ or rf"(?<![\w-]){re.escape(head)}", s.text, re.I):
            continue  # "final" only inside "semi-final" or "quarter-final": another game (and the other way round)
        if re.search(rf"\b{_ON_THE_WAY}\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}?{re.escape(head)}", s.text, re.I):
            continue  # "beat the All Blacks 19-7 to reach the final": a result before the final, not in it
        part = re.search(rf"\b(game|match|leg|round|stage)\s+(\w+)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}?{re.escape(head)}", s.text, re.I)
        if part and not re.search(rf"\b{part.group(1)}\s+{re.escape(part.group(2))}\b", question, re.I):
            continue  # "defeating the Diamondbacks in Game 3 of the World Series": one game of it, not the series
        found = sorted([(m.start(), False, m) for m in lost.finditer(s.text)] + [(m.start(), True, m) for m in won.finditer(s.text)],
                       key=lambda f: f[0])
        for _, victory, m in found:
            if not _NOT_DONE.search(s.text[:m.start()]):
                return s, next(g for g in m.groups() if g), victory
    return None
