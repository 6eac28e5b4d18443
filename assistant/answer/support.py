"""Checked citations: is each claim of an answer backed by the passage its marker points to?

Offline and model-free: a claim is supported by a passage when every number it states and most of its
content words (stemmed, stop words and answer-template words aside) occur in that passage, its header
(title, outlet, date) or its metadata (author, date written out). The same check attributes the
sentences of a model that wrote no markers to the passage that supports them best.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..sentences import claim_spans
from ..store.keyword import tokenize
from .citations import MARKER
from .spans import MONTH_NAMES

# words our own answer templates add around a fact ("Yes: The Verge reported ... before ..."); they are
# never evidence of anything, so a claim is not judged on them
TEMPLATE_WORDS = frozenset("""yes no both neither either reported report reports published publish article articles
story passage passages says say said wrote written according first second later earlier before after newest latest
source sources outlet outlets dated date answer found find mention mentions mentioned support supports
supported it its""".split())
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
# "Monday (December 11, 2023)": read from the article's date, not its text (spans.resolve_date writes it)
_DERIVED = re.compile(rf"\((?:\d{{4}}-\d{{2}}-\d{{2}}|(?:{'|'.join(m.capitalize() for m in MONTH_NAMES)}) \d{{1,2}}, \d{{4}})\)")


@dataclass
class ClaimCheck:
    """One sentence of an answer and what the check found."""

    text: str
    markers: list[int]
    supported: bool
    score: float  # share of the claim's content words found in its best cited passage
    missing: list[str] = field(default_factory=list)  # numbers or words no cited passage holds


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[.,]0+$", "", n.replace(",", "")) for n in _NUMBER.findall(text)}


def _words(text: str) -> set[str]:
    """Content words; tokens that start with a digit are left to the number check ("€9.99pm" holds the
    number 9.99, which "€9.99" claims, though the tokenizer makes "99pm" of one and "99" of the other)."""
    tokens = tokenize([text])
    inverse = {i: t for t, i in tokens.vocab.items()}
    return {inverse[i] for i in tokens.ids[0] if inverse.get(i) and not inverse[i][0].isdigit()} - TEMPLATE_WORDS


def written_date(iso: str | None) -> str:
    """'2023-11-02' -> 'November 2 2023 Nov 2 11/2' so that a claim may give the date in words."""
    try:
        d = date.fromisoformat((iso or "")[:10])
    except ValueError:
        return ""
    return f"{d:%B} {d.day} {d.year} {d:%b} {d:%A}"


class SupportText:
    """A passage's text prepared for claim checks: its words and numbers, with its metadata."""

    def __init__(self, text: str, author: str | None = None, published_at: str | None = None) -> None:
        full = " ".join(x for x in (text, author or "", written_date(published_at)) if x)
        self.words = _words(full)
        self.numbers = _numbers(full)


def score_claim(claim: str, evidence: list[SupportText]) -> tuple[float, list[str]]:
    """(share of the claim's content words found in the evidence, what is missing). A number the
    evidence lacks makes the share 0: numbers are where a wrong answer hides."""
    claim = _DERIVED.sub(" ", MARKER.sub(" ", claim))
    words, numbers = _words(claim), _numbers(claim)
    have_words = set().union(*(e.words for e in evidence)) if evidence else set()
    have_numbers = set().union(*(e.numbers for e in evidence)) if evidence else set()
    missing_numbers = sorted(numbers - have_numbers)
    missing_words = sorted(words - have_words)
    if missing_numbers:
        return 0.0, missing_numbers + missing_words
    if not words:
        return 1.0, []
    return 1 - len(missing_words) / len(words), missing_words


def split_claims(answer: str) -> list[str]:
    """The sentences and list items of an answer that state something (headings and blank lines aside)."""
    out = []
    for line in answer.splitlines():
        line = line.strip().lstrip("-•*> ").strip()
        if not line or line.endswith(":"):
            continue
        out.extend(line[a:b] for a, b in claim_spans(line) if b - a > 2)
    return out


def check_claims(answer: str, evidence: list[SupportText], min_share: float) -> list[ClaimCheck]:
    """Checks every claim of an answer whose markers [n] point into `evidence` (1-based)."""
    checks = []
    for claim in split_claims(answer):
        markers = [int(m) for m in MARKER.findall(claim)]
        cited = [evidence[m - 1] for m in markers if 1 <= m <= len(evidence)]
        if not cited:
            checks.append(ClaimCheck(claim, markers, False, 0.0, ["(no valid marker)"]))
            continue
        share, missing = score_claim(claim, cited)
        checks.append(ClaimCheck(claim, markers, share >= min_share, round(share, 3), missing))
    return checks


def best_support(claim: str, evidence: list[SupportText]) -> tuple[int | None, float]:
    """The 1-based number of the passage that supports `claim` best, and its share (None if none has words of it)."""
    best, best_share = None, 0.0
    for n, e in enumerate(evidence, start=1):
        share, _ = score_claim(claim, [e])
        if share > best_share:
            best, best_share = n, share
    return best, best_share
