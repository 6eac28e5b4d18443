"""The cite stage: every claim of an answer gets a marker, and each marker is checked against its passage.

A model's sentences that carry no marker are attributed to the passage that supports them best (small
local models often write the right answer and no marker). Then markers are renumbered in order of use
(citations.py) and every claim is checked against the passages it cites (support.py): an offline claim
that fails is dropped; a model's claim that fails is kept, marked "(unsupported)", and counted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core import Passage
from ..sentences import claim_spans
from .citations import MARKER, Citation, finalize
from .support import ClaimCheck, SupportText, best_support, check_claims, split_claims

UNSUPPORTED = "(unsupported)"
_MIN_CLAIM_WORDS = 3  # shorter pieces ("Yes.", "In short:") are not attributed on their own


@dataclass
class Verified:
    answer: str
    citations: list[Citation]
    removed_markers: int
    checks: list[ClaimCheck] = field(default_factory=list)

    @property
    def unsupported(self) -> int:
        return sum(not c.supported for c in self.checks)


def evidence_of(passages: list[Passage]) -> list[SupportText]:
    return [SupportText(p.text, p.author, p.published_at) for p in passages]


def attribute(text: str, evidence: list[SupportText], min_share: float) -> str:
    """Adds the marker of its best-supporting passage to each sentence that has none."""
    lines = []
    for line in text.splitlines():
        prefix = re.match(r"^\s*(?:[-•*]\s+|\d+[.)]\s+)?", line).group(0)
        body, out, at = line[len(prefix):], [], 0
        for start, end in claim_spans(body):
            piece = body[start:end]
            if not MARKER.search(piece) and len(piece.split()) >= _MIN_CLAIM_WORDS:
                n, share = best_support(piece, evidence)
                if n is not None and share >= min_share:
                    cut = re.search(r"[.!?]*[\"”’)]*\s*$", piece).start()
                    piece = f"{piece[:cut]} [{n}]{piece[cut:]}"
            out.append(body[at:start] + piece)
            at = end
        lines.append(prefix + "".join(out) + body[at:])
    return "\n".join(lines)


def _drop_invalid(text: str, count: int) -> tuple[str, int]:
    dropped = [m for m in MARKER.finditer(text) if not 1 <= int(m.group(1)) <= count]
    return MARKER.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= count else "", text), len(dropped)


def _without(answer: str, claims: list[str]) -> str:
    for claim in claims:
        answer = answer.replace(claim, "", 1)
    lines = [line for line in answer.splitlines() if line.strip(" -•*\t")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def verify(raw: str, passages: list[Passage], from_model: bool, min_share: float,
           unchecked: list[str] = ()) -> Verified:
    """Markers added (model answers), renumbered, and every claim checked against what it cites."""
    evidence = evidence_of(passages)
    invalid = 0
    if from_model:  # markers that point at no passage go first, so that their sentences can be attributed
        raw, invalid = _drop_invalid(strip_scaffold(raw), len(passages))
        raw = attribute(raw, evidence, min_share)
    answer, citations, removed = finalize(raw, passages)
    removed += invalid
    cited = evidence_of([_passage_of(c, passages) for c in citations])
    skip = {MARKER.sub("", u).strip() for u in unchecked}
    checks = [c for c in check_claims(answer, cited, min_share) if MARKER.sub("", c.text).strip() not in skip]
    failed = [c.text for c in checks if not c.supported]
    if failed and not from_model:
        answer, citations, removed = finalize(_without(answer, failed), passages_in_order(citations, passages))
    elif failed:
        answer = _mark(answer, failed)
    return Verified(answer, citations, removed, checks)


def _mark(answer: str, failed: list[str]) -> str:
    """Each failed claim marked where it stands (a claim repeated word for word is marked at each place)."""
    out, at = [], 0
    for claim in failed:
        found = answer.find(claim, at)
        if found < 0:
            continue
        end = found + len(claim)
        out.append(answer[at:end] + f" {UNSUPPORTED}")
        at = end
    return "".join(out) + answer[at:]


_SCAFFOLD = re.compile(r"^\s*(?:</?passages?\b.*|\[\d+\][^.!?]*\(.*·.*\)\s*|Question \(asked on.*)$", re.I)


def strip_scaffold(text: str) -> str:
    """Lines where a model echoed the prompt's own scaffolding (fence tags, passage headers) removed, and
    lines it repeated word for word kept once."""
    seen: set[str] = set()
    kept = []
    for line in text.splitlines():
        key = line.strip()
        if _SCAFFOLD.match(line) or (key and key in seen):
            continue
        seen.add(key)
        kept.append(line)
    return "\n".join(kept).strip()


def _passage_of(citation: Citation, passages: list[Passage]) -> Passage:
    return next(p for p in passages if p.chunk_id == citation.chunk_id)


def passages_in_order(citations: list[Citation], passages: list[Passage]) -> list[Passage]:
    """After renumbering, marker n points at citations[n-1]: the passages in that order."""
    return [_passage_of(c, passages) for c in citations]


__all__ = ["UNSUPPORTED", "Verified", "attribute", "split_claims", "verify"]
