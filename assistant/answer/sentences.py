"""Sentence splitting for news prose (keeps common abbreviations and initials together)."""
from __future__ import annotations

import re

_ABBREV = r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bNo)(?<!\bvs)(?<!\bGov)(?<!\bSen)(?<!\bRep)(?<!\bGen)(?<!\bInc)(?<!\bCo)(?<!\b[A-Z])"
_SPLIT = re.compile(_ABBREV + r"(?<=[.!?])([\"”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    for block in re.split(r"\n+", text):
        block = block.strip()
        if not block:
            continue
        start = 0
        for m in _SPLIT.finditer(block):
            end = m.start() + len(m.group(1))
            out.append(block[start:end].strip())
            start = m.end()
        out.append(block[start:].strip())
    return [s for s in out if s]
