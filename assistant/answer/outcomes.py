"""Who lost: "did India win the final?" read against a sentence that says India was beaten in it.

A yes/no question about the world is answered "Yes" when one sentence holds nearly all its words, which a
sentence about the other side's win also does ("the final ... won by Australia beating India" holds "india",
"win", "final"). So before that, the passages are read for a sentence saying that the side asked about lost
the very contest the question names: the side is the object of a verb of defeat ("beating India", "edged the
All Blacks") or the subject of one of losing ("India lost", "were beaten", "fell to"), in a sentence that holds
the contest's last word itself ("final") and whose passage holds all its words. A loss on the way to the
contest ("beat the All Blacks to reach the final"), in another round ("the semi-final"), in one game of it
("Game 3 of the World Series", unless that game is asked about) or one only expected ("could beat", "looking
to beat") does not count.
"""
from __future__ import annotations

import re

from .evidence import Sentence

# "did india win the final", "cricket world cup 2023: did india win the final", "did australia beat india in ..."
_WIN_ASKED = re.compile(r"\b(?:did|does|do|has|have|had|will)\s+(?:the\s+)?(?P<side>[a-z][\w.&'’-]*(?:\s+[a-z][\w.&'’-]*){0,2}?)"
                        r"\s+(?:win|won|beat|defeat|prevail)\b(?P<contest>[^?]*)", re.I)
_DEFEAT_VERBS = (r"beat|beating|defeated|defeating|overcame|overcoming|edged|edging|thrashed|thrashing|downed|downing"
                 r"|routed|routing|stunned|stunning|eliminated|eliminating|knocked\s+out|dumped|dumping|outclassed")
_LOSS_VERBS = r"lost|(?:was|were|got)\s+(?:beaten|defeated|eliminated|knocked\s+out|edged)|fell\s+to|succumbed\s+to"
_NOT_DONE = re.compile(r"\b(?:will|would|could|can|might|may|must|should|to|if|unless|hope|hoping|looking|bid)\s+(?:\w+\s+)?$", re.I)
_ON_THE_WAY = r"(?:reach|reached|reaching|into|make|made|book|booked|advance|advanced|set\s+up|secure|secured)"


def loss(question: str, sentences: list[Sentence], keyword) -> tuple[Sentence, str] | None:
    """The sentence saying the side the question asks about lost the contest it names, with that side as
    the sentence writes it; None when no sentence says so."""
    asked = _WIN_ASKED.search(question)
    if not asked:
        return None
    contest = [t for t in keyword.terms(asked.group("contest")) if not t.isdigit()]
    if not contest:
        return None  # "did india win?": which game is not said
    head = contest[-1]  # "the rugby world cup final" -> "final"
    side = r"\s+".join(re.escape(w) for w in asked.group("side").split())
    lost = re.compile(rf"\b(?:{_DEFEAT_VERBS})\s+(?:the\s+)?(?P<side>{side})\b|\b(?P<subject>{side})\s+(?:{_LOSS_VERBS})\b", re.I)
    for s in sorted(sentences, key=lambda s: -s.relevance):
        if not s.answers or head not in s.terms or not set(contest) <= s.context:
            continue
        if not re.search(rf"(?<![\w-]){re.escape(head)}", s.text, re.I):
            continue  # "final" only inside "semi-final" or "quarter-final": another game
        if re.search(rf"\b{_ON_THE_WAY}\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}?{re.escape(head)}", s.text, re.I):
            continue  # "beat the All Blacks 19-7 to reach the final": a loss before the final, not in it
        part = re.search(rf"\b(game|match|leg|round|stage)\s+(\w+)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}?{re.escape(head)}", s.text, re.I)
        if part and not re.search(rf"\b{part.group(1)}\s+{re.escape(part.group(2))}\b", question, re.I):
            continue  # "defeating the Diamondbacks in Game 3 of the World Series": one game of it, not the series
        for m in lost.finditer(s.text):
            if not _NOT_DONE.search(s.text[:m.start()]):
                return s, m.group("side") or m.group("subject")
    return None
