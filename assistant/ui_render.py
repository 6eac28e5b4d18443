"""Turns answers and sources into safe HTML/Markdown for the chat UI. Article text is untrusted:
everything from an article is escaped, bidi controls are dropped and each title and outlet is isolated
in <bdi> (an RLO in one title cannot reorder the next), and only http(s) links are made clickable."""
from __future__ import annotations

import html
import re
from urllib.parse import urlparse

from .answer.citations import Citation
from .core import Passage
from .safe_text import without_bidi_controls

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&\"'$=:])")


def escape_markdown(text: str) -> str:
    """Renders as literal text in a Markdown component: no links, images, HTML or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", without_bidi_controls(text)).replace("\n", "  \n")


def _html(text: str) -> str:
    return html.escape(without_bidi_controls(text))


def safe_url(url: str | None) -> str | None:
    if not url:
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def _source_line(n: int | None, title: str, source: str | None, published_at: str | None, url: str | None) -> str:
    label = f"<b>[{n}]</b> " if n is not None else ""
    link = safe_url(url)
    title_html = f"<bdi>{_html(title)}</bdi>"
    if link:
        title_html = f'<a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener noreferrer nofollow">{title_html}</a>'
    meta = " · ".join(f"<bdi>{_html(x)}</bdi>" for x in (source or "unknown outlet", (published_at or "undated")[:10]))
    return f"{label}{title_html}<br><small>{meta}</small>"


def sources_html(citations: list[Citation], passages: list[Passage], refused: bool) -> str:
    if citations:
        items = [f'<div class="src">{_source_line(c.n, c.title, c.source, c.published_at, c.url)}'
                 f'<blockquote>{_html(c.text.split(chr(10) * 2, 1)[-1])}</blockquote></div>' for c in citations]
        return "<h3>Sources</h3>" + "".join(items)
    if passages:
        head = "<h3>Closest passages (not enough to answer)</h3>" if refused else "<h3>Retrieved passages</h3>"
        items = [f'<div class="src">{_source_line(None, p.title, p.source, p.published_at, p.url)}'
                 f'<blockquote>{_html(p.body[:400])}…</blockquote></div>' for p in passages[:3]]
        return head + "".join(items)
    return "<h3>Sources</h3><p>No passages matched.</p>"


def status_markdown(info: dict, llm: str | None) -> str:
    rng = info.get("date_range") or ["-", "-"]
    mode = f"LLM: {escape_markdown(llm)}" if llm else "offline: answers quote the articles (no LLM configured)"
    return (f"**{info['articles']}** articles · **{info['chunks']}** passages · **{len(info['sources'])}** outlets · "
            f"{escape_markdown((rng[0] or '-')[:10])} to {escape_markdown((rng[1] or '-')[:10])} · {mode}")
