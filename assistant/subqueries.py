"""Splits a multi-part question into the parts a search can match one at a time ("facets").

"Who ..., as reported by The Verge, and is accused of ... while the Fortune article says ..." asks
about several facts, usually each in a different article; a search for the whole question favours
whichever fact has the rarest words. General rules only: commas, semicolons, "while", "whereas",
"but", "and" before a new clause, relative clauses ("who is", "which").
"""
from __future__ import annotations

import re

_BREAK = re.compile(
    r"\s*,(?!\s*\d{4}\b)\s*|\s*[;:]\s*|\s+(?:while|whereas|but|yet|although|though|after|before)\s+"
    r"|\s+and\s+(?=(?:the|a|an|is|was|are|were|has|had|have|does|did|do|also|then|later|its|his|her|their)\b)"
    r"|\s+(?=(?:who|which|that)\s+(?:is|was|are|were|has|had|have)\b)", re.I)


def facets(question: str, min_words: int = 3) -> list[str]:
    """The question's parts with at least `min_words` words, in order; [] when it has only one part."""
    parts = [p.strip(" ?.!\"'") for p in _BREAK.split(question)]
    parts = [p for p in parts if len(p.split()) >= min_words]
    return parts if len(parts) > 1 else []
