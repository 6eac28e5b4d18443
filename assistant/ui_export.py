"""A conversation kept for export and copy: each turn's question, answer (with its [n] markers) and the
references its markers point to. `answer_text` is one answer with its references as plain text (the
copy button); `conversation_markdown` the whole conversation as a Markdown file, its markers
renumbered into one reference list (one entry per article), article text escaped so that no link,
image or HTML in an article comes alive where the file is rendered."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .answer.citations import MARKER, Citation
from .safe_text import without_bidi_controls
from .ui_render import safe_url

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~$#])")


@dataclass
class Turn:
    question: str
    answer: str  # with [n] markers
    references: list[dict] = field(default_factory=list)  # n, title, source, published_at, author, url, article_id
    refused: bool = False
    notes: list[str] = field(default_factory=list)  # filters and as-of date it was asked within

    @classmethod
    def of(cls, question: str, answer: str, citations: list[Citation], refused: bool, notes: list[str]) -> "Turn":
        refs = [{"n": c.n, "title": c.title, "source": c.source, "published_at": c.published_at, "author": c.author,
                 "url": c.url, "article_id": c.article_id} for c in citations]
        return cls(question, answer, refs, refused, list(notes))


def reference_line(ref: dict) -> str:
    bits = [ref.get("source") or "unknown outlet", (ref.get("published_at") or "undated")[:10]]
    if ref.get("author"):
        bits.append(f"by {ref['author']}")
    url = safe_url(ref.get("url"))
    return f"{ref.get('title') or '(untitled)'} — {', '.join(bits)}" + (f". {url}" if url else "")


def answer_text(turn: Turn) -> str:
    """The answer and its numbered sources, as text to paste elsewhere."""
    refs = "\n".join(f"[{r['n']}] {reference_line(r)}" for r in turn.references)
    text = turn.answer + (f"\n\nSources:\n{refs}" if refs else "")
    return without_bidi_controls(text)


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", without_bidi_controls(text))


def _answer_md(answer: str, numbers: dict[int, int]) -> str:
    """Answer lines escaped (list dashes kept), markers renumbered to the conversation's references."""
    lines = []
    for line in answer.splitlines():
        item = re.match(r"^\s*[-•*]\s+", line)
        body = line[item.end():] if item else line
        pieces, at = [], 0
        for m in MARKER.finditer(body):
            n = numbers.get(int(m.group(1)))
            pieces.append(_md(body[at:m.start()]) + (f"[{n}]" if n else ""))
            at = m.end()
        pieces.append(_md(body[at:]))
        lines.append(("- " if item else "") + "".join(pieces))
    return "\n".join(lines)


def conversation_markdown(turns: list[Turn], exported: date | None = None) -> str:
    """The conversation as Markdown: each question and answer, then one numbered reference list."""
    keys: dict[str, int] = {}
    refs: list[dict] = []
    out = [f"# Conversation with the news archive assistant ({(exported or date.today()).isoformat()})", ""]
    for k, turn in enumerate(turns, start=1):
        numbers = {}
        for r in turn.references:
            key = r.get("article_id") or r.get("url") or r.get("title")
            if key not in keys:
                refs.append(r)
                keys[key] = len(refs)
            numbers[r["n"]] = keys[key]
        out += [f"## {k}. {_md(turn.question)}", ""]
        if turn.notes:
            out += [f"*{_md('; '.join(turn.notes))}*", ""]
        out += [_answer_md(turn.answer, numbers), ""]
    if refs:
        out += ["## References", ""] + [f"{n}. {_md(reference_line(r))}" for n, r in enumerate(refs, start=1)]
    return "\n".join(out).rstrip() + "\n"
