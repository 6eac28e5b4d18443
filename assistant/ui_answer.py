"""One chat turn as safe HTML: the answer formatted (its first line, then the evidence as a list), each
[n] a link to the answer's own source cards, a refusal said once with the closest passages folded
away, the filters and as-of date it was asked within, and a copy button holding the answer with its
references as text. The HTML lives in the chat message itself, so every answer keeps its sources.

Also the steps that reveal an offline answer progressively (answer line, then each quote) and the
plain rendering of a model's answer while it streams.
"""
from __future__ import annotations

import re

from .answer.citations import MARKER, Citation
from .answer.spelling import read_as_line
from .core import Passage
from .pipeline import REFUSAL, AnswerResult
from .ui_cards import card, cards_and_links, esc
from .ui_export import Turn, answer_text

_LIST_ITEM = re.compile(r"^\s*(?:[-•*]|(\d+)[.)])\s+")
_OFFLINE_QUOTE = re.compile(r'^[“"](?P<quote>.+)[”"](?:\s+\((?P<where>[^()]*)\))?\s*(?P<markers>(?:\[\d+\])+)\.?$')
_BOLD = re.compile(r"&#42;&#42;(?! )(.+?)(?<! )&#42;&#42;")  # **bold** as esc() leaves it
CLOSEST_SHOWN = 3  # passages shown under a refusal


def status_html(text: str) -> str:
    return f'<p class="turn-status">{esc(text)}</p>'


def _inline(text: str, links: dict[int, str] | None) -> str:
    """Escaped text with **bold**, "(unsupported)" flagged and markers turned into links when known."""
    out, at = [], 0
    for m in MARKER.finditer(text):
        out.append(_BOLD.sub(r"<strong>\1</strong>", esc(text[at:m.start()])))
        n = int(m.group(1))
        out.append(links[n] if links and n in links else esc(m.group(0)))
        at = m.end()
    out.append(_BOLD.sub(r"<strong>\1</strong>", esc(text[at:])))
    html = "".join(out)
    return html.replace(esc("(unsupported)"), f'<span class="unsupported">{esc("(unsupported)")}</span>')


def _item(text: str, links: dict[int, str] | None, seen_where: set[str]) -> str:
    """A list item; an offline quote line ("…" (Outlet, date) [n]) shows its outlet and date only the
    first time (the marker's hover card and the card give them anyway)."""
    m = _OFFLINE_QUOTE.match(text.strip())
    if not m:
        return _inline(text, links)
    where = m.group("where") or ""
    label = f' <span class="where">{esc(where)}</span>' if where and where not in seen_where else ""
    seen_where.add(where)
    return f'<q>{_inline(m.group("quote"), None)}</q>{label} {_inline(m.group("markers"), links)}'


def format_answer(text: str, links: dict[int, str] | None = None, lines: int | None = None) -> str:
    """Paragraphs and lists of the answer (its first `lines` non-empty lines when given), as safe HTML."""
    rows = [r for r in text.strip().splitlines() if r.strip()]
    rows = rows[:lines] if lines is not None else rows
    out, kind, seen = [], None, set()
    for row in rows:
        item = _LIST_ITEM.match(row)
        want = ("ol" if item.group(1) else "ul") if item else "p"
        if want != kind:
            if kind in ("ul", "ol"):
                out.append(f"</{kind}>")
            if want in ("ul", "ol"):
                out.append(f'<{want} class="evidence">')
            kind = want
        if item:
            out.append(f"<li>{_item(row[item.end():], links, seen)}</li>")
        else:
            out.append(f'<p class="answer-line">{_inline(row, links)}</p>')
    if kind in ("ul", "ol"):
        out.append(f"</{kind}>")
    return "".join(out)


def _meta_line(result: AnswerResult, notes: list[str]) -> str:
    bits = list(notes)
    if result.read_as:
        bits.append(read_as_line(result.read_as))
    if result.mode == "extractive" and not result.refused:
        bits.append("quoted from the articles, no language model")
    return f'<p class="turn-meta">{esc(" · ".join(bits))}</p>' if bits else ""


def _passage_citation(p: Passage, n: int) -> Citation:
    return Citation(n, p.title, p.source, p.published_at, p.url, p.text, p.score, p.article_id, p.chunk_id, p.author)


def _refusal(turn_id: str, result: AnswerResult) -> str:
    reason = result.answer[len(REFUSAL):].strip() if result.answer.startswith(REFUSAL) else result.answer
    closest = [card(turn_id, _passage_citation(p, n), [], numbered=False)
               for n, p in enumerate(result.passages[:CLOSEST_SHOWN], start=1)]
    folded = (f'<details class="closest"><summary>Closest passages ({len(closest)})</summary>{"".join(closest)}</details>'
              if closest else "")
    return (f'<div class="refusal"><p class="answer-line"><strong>{esc(REFUSAL)}</strong> {esc(reason)}</p>'
            f"{folded}</div>")


def _tools(turn: Turn) -> str:
    text = esc(answer_text(turn)).replace("<br>", "&#10;")
    return (f'<div class="turn-tools"><button type="button" class="copy-answer">Copy answer with sources</button>'
            f'<pre class="copy-text" hidden>{text}</pre></div>')


def turn_steps(turn_id: str, result: AnswerResult, turn: Turn, notes: list[str]) -> list[str]:
    """The turn's HTML as it is revealed: for an offline answer the answer line, then one more line of
    evidence each step; the last step is the whole turn with its sources. A refusal is one step."""
    head = (f'<p class="notice">{esc(result.notice)}</p>' if result.notice else "") + _meta_line(result, notes)
    if result.refused:
        return [f'<div class="turn">{head}{_refusal(turn_id, result)}</div>']
    cards, links = cards_and_links(turn_id, result.answer, result.citations)
    rows = len([r for r in result.answer.splitlines() if r.strip()])
    partial = [] if result.mode == "llm" else [
        f'<div class="turn">{head}<div class="answer">{format_answer(result.answer, links, k)}</div></div>'
        for k in range(1, rows)]
    sources = f'<div class="sources"><p class="sources-head">Sources</p>{cards}</div>' if cards else ""
    whole = f'<div class="turn">{head}<div class="answer">{format_answer(result.answer, links)}</div>{sources}{_tools(turn)}</div>'
    return partial + [whole]


def streaming_html(text: str) -> str:
    """A model's answer while it streams: formatted, markers as plain text until the sources are known."""
    return f'<div class="turn"><div class="answer">{format_answer(text)}</div></div>'
