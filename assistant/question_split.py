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

_SEARCH_BREAK = re.compile(
    r"\s*,(?!\s*\d{4}\b)\s*|\s*[;:]\s*|\s+(?:while|whereas|but|yet|although|though|after|before)\s+"
    r"|\s+and\s+(?=(?:the|a|an|is|was|are|were|has|had|have|does|did|do|also|then|later|its|his|her|their)\b)"
    r"|\s+(?=(?:who|which|that)\s+(?:is|was|are|were|has|had|have)\b)", re.I)
_ANSWER_BREAK = re.compile(
    r"\?\s+|;\s+|,?\s+and\s+(?=(?:what|where|when|who|whom|whose|which|why|how)\b)"
    r"|\s+(?:compared|compare)\s+(?:with|to)\s+(?=(?:\S+\s+){0,3}\S+\?*$)|\s+(?:versus|vs\.?)\s+(?=(?:\S+\s+){0,3}\S+\?*$)"
    r"|,\s+and\s+(?=(?:\S+\s+){0,2}(?:for|in|at)\s+\S+\?*$)", re.I)


def search_parts(question: str, min_words: int = 3) -> list[str]:
    """The question's parts with at least `min_words` words, in order; [] when it has only one part."""
    parts = [p.strip(" ?.!\"'") for p in _SEARCH_BREAK.split(question)]
    parts = [p for p in parts if len(p.split()) >= min_words]
    return parts if len(parts) > 1 else []


def answer_clauses(question: str) -> list[str]:
    """The separate questions within a question, in order (at least the question itself)."""
    parts = [p.strip(" ,?:") for p in _ANSWER_BREAK.split(question) if p and p.strip(" ,?:")]
    return parts or [question]
