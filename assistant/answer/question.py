"""Reads a question the way the offline answerer needs: its clauses, and what kind of answer each wants.

General rules only: wh-words and "which <noun>" give the answer type; "or", "compared with" and
"between A and B" split comparisons into one clause per side; words like "latest" ask for recent news.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SPLIT = re.compile(
    r"\?\s+|;\s+|,?\s+and\s+(?=(?:what|where|when|who|whom|whose|which|why|how|did|does|do|is|was|are|were)\b)"
    r"|\s+or\s+|\s+(?:compared|compare)\s+(?:with|to)\s+|\s+(?:versus|vs\.?)\s+", re.I)
_BETWEEN = re.compile(r"\bbetween\s+(.+?)\s+and\s+(.+)$", re.I)
_PLACE = re.compile(r"^(?:in\s+)?(?:which|what)\s+(country|city|town|state|place|region|nation|village|port|area)\b", re.I)
_TIME = re.compile(r"^(?:in\s+)?(?:which|what)\s+(year|month|day|date|time)\b|^when\b", re.I)
_WHICH = re.compile(r"^(?:which|what)\s+(?!is\b|was\b|are\b|were\b|did\b|does\b|do\b|has\b|have\b|cost\b)([a-z][\w-]*)", re.I)
_RECENT = re.compile(r"\b(latest|now|current|currently|recent|recently|most recent|still|since|as of|new|newest|updated)\b", re.I)
_COUNT_UNIT = re.compile(r"^how\s+many\s+([a-z][\w-]*)", re.I)

PATTERNS = {
    "where": re.compile(r"\b(?:in|at|to|from|near|into)\s+(?:the\s+)?([A-Z][\w\u00C0-\u024F'-]+)"),
    "when": re.compile(r"\b(\d{4}|January|February|March|April|May|June|July|August|September|October|November|December"
                       r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|last (?:week|month|year))\b"),
    "how many": re.compile(r"\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion)\b", re.I),
    "how much": re.compile(r"([$€£¥]\s?\d[\d,.]*(?:\s?(?:million|billion|m|bn))?|\b\d[\d,.]*\s?(?:%|percent|million|billion|dollars|euros|pounds|metres|meters|km/h|gigawatt-hours|kWh))", re.I),
    "who": re.compile(r"\b([A-Z][\w\u00C0-\u024F'’-]+(?:\s+(?:&\s+)?[A-Z][\w\u00C0-\u024F'’-]+)+)"),
    "why": re.compile(r"\b(because|since|due to|as a result|so that|against|concerns?|worried|fears?|argu\w+|reasons?)\b", re.I),
}


@dataclass
class Clause:
    text: str
    kind: str | None  # "where", "when", "how many", "how much", "who", "why" or None
    unit: str | None = None  # for "how many X": X


def answer_kind(clause: str) -> tuple[str | None, str | None]:
    low = clause.strip().lower()
    unit = _COUNT_UNIT.match(low)
    if unit:
        return "how many", unit.group(1)
    if low.startswith("how much"):
        return "how much", None
    if _PLACE.match(low) or low.startswith("where"):
        return "where", None
    if _TIME.match(low):
        return "when", None
    which = _WHICH.match(low)
    if which:  # "which judge" wants a name next to the word "judge"
        return "who", which.group(1)
    if low.startswith(("who", "whom", "whose")):
        return "who", None
    if low.startswith("why"):
        return "why", None
    return None, None


def clauses(question: str) -> list[Clause]:
    parts: list[str] = []
    for part in _SPLIT.split(question):
        part = (part or "").strip(" ,?:")
        if not part:
            continue
        between = _BETWEEN.search(part)
        if between:  # "change between its Series A and October" -> one clause per side
            parts += [part[: between.start(1)].strip() + " " + between.group(1), between.group(2)]
        else:
            parts.append(part)
    parts = [p for p in parts if p] or [question]
    first_kind = answer_kind(parts[0])
    out = []
    for p in parts:
        kind, unit = answer_kind(p)
        if kind is None and len(parts) > 1:
            kind, unit = first_kind  # the other side of a comparison wants the same kind of answer
        out.append(Clause(p, kind, unit))
    return out


def wants_recent(question: str) -> bool:
    return bool(_RECENT.search(question))


def gives_new_answer(clause: Clause, sentence: str, known: str) -> bool:
    """Whether the sentence holds an answer of the expected kind that the question and the sentences
    already chosen do not contain (an answer tells something new)."""
    if not clause.kind:
        return False
    known = known.casefold()
    if clause.unit:
        stem = re.escape(clause.unit[: max(4, len(clause.unit) - 2)])
        if clause.kind == "how many":  # "how many books" wants a number next to "books"
            return bool(re.search(rf"\b\d[\d,.]*\s+(?:\w+\s+){{0,2}}{stem}", sentence, re.I))
        for m in PATTERNS["who"].finditer(sentence):  # "which judge" wants a new name next to "judge"
            near = sentence[max(0, m.start() - 40): m.end() + 40]
            if re.search(rf"\b{stem}", near, re.I) and any(w.casefold() not in known for w in m.group(1).split()):
                return True
        return False
    for m in PATTERNS[clause.kind].finditer(sentence):
        words = (m.group(1) if m.groups() else m.group(0)).split()
        if clause.kind == "why" or any(w.casefold().strip("'’") not in known for w in words):
            return True
    return False
