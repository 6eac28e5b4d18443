"""Source cards for the chat: one collapsible card per cited passage (title, outlet, date, author, a link
to the original, the passage with the cited sentences marked), and the hover card of a [n] marker.

Everything from an article is untrusted: it goes through `esc`, which escapes HTML and also the
characters Markdown, autolinks and LaTeX react to, drops bidi controls and isolates names in <bdi>.
The cards are kept on one line with no blank line, so the chat's Markdown renderer passes the block
through as HTML (and its sanitizer still runs on it).
"""
from __future__ import annotations

import html
import re

from .answer.citations import MARKER, Citation
from .answer.support import SupportText, score_claim, split_claims
from .core import split_header
from .safe_text import without_bidi_controls
from .sentences import sentence_spans
from .ui_render import safe_url

PEEK_CHARS = 220  # of the cited sentence shown in a marker's hover card
# HTML's specials and those of Markdown, autolinks and LaTeX, each written as a numeric character reference
_INERT = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+-.!|~$:@="}
_QUOTED = re.compile(r"[\"“]([^\"”]{4,})[\"”]")


def esc(text: str | None) -> str:
    """Untrusted text as inert HTML text: no tag, no entity trick, no Markdown, link or math syntax left.
    Newlines become <br> so that the HTML block never holds a blank line."""
    out = without_bidi_controls(text or "").translate(_INERT)
    return out.replace("\r", "").replace("\n", "<br>")


def card_id(turn_id: str, n: int) -> str:
    return f"src-{turn_id}-{n}"


def body_of(citation: Citation) -> str:
    return split_header(citation.text)[1]


def _claims_citing(answer: str) -> dict[int, list[str]]:
    """Marker number -> the claims (sentences, list items) of the answer that carry it."""
    out: dict[int, list[str]] = {}
    for claim in split_claims(answer):
        for m in dict.fromkeys(MARKER.findall(claim)):
            out.setdefault(int(m), []).append(MARKER.sub("", claim).strip())
    return out


def _quote_span(body: str, claim: str) -> tuple[int, int] | None:
    """Where a quotation in the claim stands in the passage (its longest piece between ellipses)."""
    m = _QUOTED.search(claim)
    if not m:
        return None
    pieces = [p.strip(" .,;:") for p in re.split(r"…|\.\.\.", m.group(1))]
    piece = max(pieces, key=len, default="")
    words = piece.split()
    if len(words) < 2:
        return None
    found = re.search(r"\s+".join(re.escape(w) for w in words), body)
    return (found.start(), found.end()) if found else None


def cited_sentences(body: str, claims: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the passage that the claims rest on: the sentence holding a quoted
    piece, else the sentence that holds most of the claim's words (none when no word is shared)."""
    spans = sentence_spans(body)
    chosen: set[tuple[int, int]] = set()
    for claim in claims:
        hit = _quote_span(body, claim)
        if hit:
            chosen.update(s for s in spans if s[0] < hit[1] and hit[0] < s[1])
            continue
        scored = [(score_claim(claim, [SupportText(body[a:b])])[0], -a, (a, b)) for a, b in spans]
        best = max(scored, default=None)
        if best and best[0] > 0:
            chosen.add(best[2])
    return sorted(chosen)


def _marked(body: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for a, b in spans:
        out.append(esc(body[at:a]) + f'<mark class="cited">{esc(body[a:b])}</mark>')
        at = b
    return "".join(out) + esc(body[at:])


def _meta(c: Citation) -> str:
    bits = [f"<bdi>{esc(c.source or 'unknown outlet')}</bdi>", esc((c.published_at or "undated")[:10])]
    return " · ".join(bits)


def card(turn_id: str, c: Citation, spans: list[tuple[int, int]], numbered: bool = True) -> str:
    """One passage as a <details> card: the summary is the reference line, the body the passage."""
    body = body_of(c)
    number = f'<span class="num">[{c.n}]</span> ' if numbered else ""
    link = safe_url(c.url)
    original = (f' · <a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener noreferrer nofollow">'
                "Open the original ↗</a>") if link else ""
    byline = f"By <bdi>{esc(c.author)}</bdi>" if c.author else "No author given"
    ident = f' id="{card_id(turn_id, c.n)}"' if numbered else ""
    return (f'<details class="card"{ident}><summary>{number}<bdi class="title">{esc(c.title)}</bdi>'
            f'<span class="meta"> — {_meta(c)}</span></summary>'
            f'<div class="card-body"><p class="byline">{byline}{original}</p>'
            f'<blockquote class="passage">{_marked(body, spans)}</blockquote></div></details>')


def marker_link(turn_id: str, c: Citation, spans: list[tuple[int, int]]) -> str:
    """[n] as a link to its card, with a hover (and focus) card: title, outlet, date, the cited sentence."""
    body = body_of(c)
    sentence = body[spans[0][0]:spans[0][1]] if spans else ""
    if len(sentence) > PEEK_CHARS:
        sentence = sentence[:PEEK_CHARS].rsplit(" ", 1)[0] + "…"
    said = f'<span class="peek-quote">“{esc(sentence)}”</span>' if sentence else ""
    return (f'<a class="cite" href="#{card_id(turn_id, c.n)}">[{c.n}]<span class="peek">'
            f'<bdi class="title">{esc(c.title)}</bdi><span class="meta">{_meta(c)}</span>{said}</span></a>')


def cards_and_links(turn_id: str, answer: str, citations: list[Citation]) -> tuple[str, dict[int, str]]:
    """The answer's source cards (HTML) and the link for each of its markers."""
    claims = _claims_citing(answer)
    cards, links = [], {}
    for c in citations:
        spans = cited_sentences(body_of(c), claims.get(c.n, []))
        cards.append(card(turn_id, c, spans))
        links[c.n] = marker_link(turn_id, c, spans)
    return "".join(cards), links
