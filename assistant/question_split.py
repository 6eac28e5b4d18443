"""The one place a question is cut into pieces, at two grains.

- `search_parts`: the facts a multi-part question asks about, for retrieval ("Who ..., as reported by The
  Verge, and is accused of ... while the Fortune article says ..." asks about several facts, usually each
  in a different article). Cut at commas, semicolons, "while"/"whereas"/"but", "and" before a new
  clause, relative clauses ("who is", "which").
- `answer_clauses`: the separate questions an answer must answer ("Where did X open its factory, and how
  many jobs did it create?"): cut only between questions (a new wh-word after "and", a second "?") and
  between the two sides of a short comparison ("... compared with Yamamoto").
"""
from __future__ import annotations

import re

_NAMED_PART = r"(?:the\s+)?(?:names?|score|date|number|price|cost|age|value|amount)\s+(?:of|for)\b"
_SEARCH_BREAK = re.compile(
    r"\s*,(?!\s*\d{4}\b)\s*|\s*[;:]\s*|\s+(?:while|whereas|but|yet|although|though|after|before)\s+"
    rf"|\s+and\s+(?={_NAMED_PART})"  # "score vs ohio state and name of the staffer": two facts
    r"|\s+and\s+(?=(?:the|a|an|is|was|are|were|has|had|have|does|did|do|also|then|later|its|his|her|their)\b)"
    r"|\s+(?=(?:who|which|that)\s+(?:is|was|are|were|has|had|have)\b)", re.I)
_BREAKS = (r"\?\s+|;\s+|,?\s+and\s+(?=(?:what|where|when|who|whom|whose|which|why|how)\b)"
           rf"|,?\s+and\s+(?={_NAMED_PART})"  # "... and name of the staffer"
           r"|\s+(?:compared|compare)\s+(?:with|to)\s+(?=(?:\S+\s+){0,3}\S+\?*$)"
           r"|,\s+and\s+(?=(?:\S+\s+){0,2}(?:for|in|at)\s+\S+\?*$)"
           r"|\s+and\s+(?=\S+\s+(?:for|in|at)\s+\S+\?*$)")  # "... for its fiscal q1 and uber for q3?"
_VERSUS = r"|\s+(?:versus|vs\.?)\s+(?=(?:\S+\s+){0,3}\S+\?*$)"  # "ohtani's deal vs yamamoto": the same question of each
_ANSWER_BREAK = re.compile(_BREAKS + _VERSUS, re.I)
_GAME_BREAK = re.compile(_BREAKS, re.I)
# ...but "michigan score vs ohio state" names the two sides of one game ("how many grammys did swift win vs
# beyonce" still asks the same of each)
_GAME = re.compile(r"^(?!.*\bhow\s+(?:many|much)\b).*\b(?:scores?|result|match|fixture)\b", re.I)


_TOPIC = re.compile(r"^\s*[^:?!.]{1,60}:\s+(?=\S)")  # "Binance: how big was the fine?"


def search_parts(question: str, min_words: int = 3) -> list[str]:
    """The question's parts with at least `min_words` words, in order; [] when it has only one part.

    A leading "Topic:" is what the question is about, not a fact it asks for: it stays in the whole
    question's search but is not searched as a part of its own."""
    topic = _TOPIC.match(question)
    if topic and len(topic.group(0).split()) <= 5:
        question = question[topic.end():]
    parts = [p.strip(" ?.!\"'") for p in _SEARCH_BREAK.split(question)]
    parts = [p for p in parts if len(p.split()) >= min_words]
    return parts if len(parts) > 1 else []


# "who did michigan state and the minnesota wild hire?": one verb, two subjects, two answers
_TWO_SUBJECTS = re.compile(r"^(?P<head>.*?\b(?:who|whom|what|which\s+\w+)\s+(?:did|does|do|has|have|had|will|would)\s+)"
                           r"(?P<a>(?:\S+\s+){0,3}?\S+)\s+and\s+(?P<b>(?:the\s+)?(?:(?!(?:in|at|on|for|to|with|from|by)\b)\S+\s+){0,3}?"
                           r"(?!(?:in|at|on|for|to|with|from|by)\b)\S+)\s+(?P<verb>[a-z]+)\s*\??$", re.I)


# "what revenue did nike report for q1" + "uber for q3": the short side borrows the first question's frame
_FRAME = re.compile(r"^(?:.*?:\s+)?(?P<head>(?:what|which|how\s+\w+)\b(?:\s+\S+){0,3}?\s+(?:did|does|do|will|would)\s+)"
                    r"(?P<subject>\S+)\s+(?P<verb>[a-z]+)\b", re.I)
_ELLIPSIS = re.compile(r"^(?P<subject>\S+)\s+(?P<rest>(?:for|in|at)\s+\S+)$", re.I)


def answer_clauses(question: str) -> list[str]:
    """The separate questions within a question, in order (at least the question itself)."""
    breaks = _GAME_BREAK if _GAME.search(question) else _ANSWER_BREAK
    parts = [p.strip(" ,?:") for p in breaks.split(question) if p and p.strip(" ,?:")]
    if len(parts) == 1 and (two := _TWO_SUBJECTS.match(parts[0])):
        head, verb = two.group("head"), two.group("verb")
        wh = re.sub(r"^.*?\b(?=(?:who|whom|what|which)\b)", "", head, flags=re.I)  # without a "Topic:" opening
        return [f"{head}{two.group('a')} {verb}", f"{wh}{two.group('b')} {verb}"]
    frame = _FRAME.match(parts[0]) if len(parts) > 1 else None
    if frame:
        for i, part in enumerate(parts[1:], start=1):
            if short := _ELLIPSIS.match(part):
                parts[i] = f"{frame.group('head')}{short.group('subject')} {frame.group('verb')} {short.group('rest')}"
    topic = _TOPIC.match(question)
    if topic and len(topic.group(0).split()) <= 5 and len(parts) > 1:  # "michigan: score ... and name of the staffer"
        parts[1:] = [f"{topic.group(0)}{p}" for p in parts[1:]]  # the topic is what every part asks about
    return parts or [question]
