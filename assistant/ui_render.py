"""Safe Markdown for the chat UI's own lines (the user's question, the status line, the welcome) and
safe links. Article text is untrusted: escaped here for Markdown, in ui_cards.esc for HTML; bidi
controls are dropped, and only http(s) links are made clickable."""
from __future__ import annotations

import re
from urllib.parse import urlparse

from .safe_text import without_bidi_controls

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&\"'$=:])")


def escape_markdown(text: str) -> str:
    """Renders as literal text in a Markdown component: no links, images, HTML or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", without_bidi_controls(text)).replace("\n", "  \n")


def safe_url(url: str | None) -> str | None:
    if not url:
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def status_markdown(summary, llm: str | None) -> str:
    """The index status line (a corpus.Summary), read afresh for every page load, upload and delete."""
    mode = f"LLM: {escape_markdown(llm)}" if llm else "offline: answers quote the articles (no LLM configured)"
    if summary.empty:
        return f"**The index is empty.** Add articles in the **Articles** tab to start · {mode}"
    span = f"{escape_markdown((summary.first or '-')[:10])} to {escape_markdown((summary.last or '-')[:10])}"
    return (f"**{summary.articles}** articles · **{summary.chunks}** passages · **{len(summary.outlets)}** outlets · "
            f"{span} · {mode}")


def welcome_markdown(summary) -> str:
    """What the empty chat says: what to ask, how citations work, or how to add the first articles."""
    if summary.empty:
        return ("### Welcome\nThe index holds no articles yet. Open the **Articles** tab and upload news files "
                "(text, Markdown, HTML, JSON/JSONL, RSS/Atom), or run `assistant ingest PATH` in a terminal. "
                "Then come back here and ask.")
    return (f"### Ask the archive\nQuestions are answered from **{summary.articles}** articles of "
            f"**{len(summary.outlets)}** outlets. Each claim carries a marker such as **[1]**: click it to open the "
            "passage it comes from, with the cited sentence highlighted. Narrow the search under "
            "**Filters and as-of date**.")
