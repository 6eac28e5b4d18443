"""Removes site boilerplate that survives scraping, by general rules rather than per-site strings.

Rules, in order: cut the tail at footer headings ("About the writer", "Related articles"...); drop
lines repeated within the article (promo blocks); drop lines that recur across many articles of the
same outlet; drop photo captions with agency credits and the alt text above them; drop call-to-action
lines ("Click here", "Read more"); trim orphan headings left at the end.

Which lines recur across an outlet's articles is counted over the whole index (ingest/indexing.py
keeps every article's short lines in the manifest), so an article is cleaned the same whichever run
brought it; when a line later becomes boilerplate, the articles already indexed with it are cleaned
again from their text as read.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict

from .article import Article

MAX_BOILERPLATE_LINE = 300  # longer lines are prose paragraphs, never treated as boilerplate
SHORT_LINE = 80
RECURRING_MIN_ARTICLES = 3

_FOOTER_HEADING = re.compile(
    r"^(about the (writer|author|reporter)s?|more (from|by) (this|the) (author|writer|reporter|section)|related( articles| stories| coverage| content| reading)?"
    r"|recommended( for you| reading)?|you (might|may) also like|most (popular|read)|trending( now)?|read next"
    r"|more (stories|news|on this( story)?)|latest (news|stories)|share this (article|story))\W*$",
    re.I,
)
_NOISE_LINE = re.compile(
    r"^(advertisement|advertising|sponsored( content)?|story continues below|skip advert(isement)?"
    r"|scroll to continue|continue reading|listen to (this|the) (article|story).*"
    r"|(sign up|subscribe|register)( now| today| here)? (for|to) .{0,60})\W*$",
    re.I,
)
_CALL_TO_ACTION = re.compile(r"(click here|read more|sign up (here|now|today)|subscribe (now|today|here))\W*$", re.I)
_AGENCIES = r"(Getty Images|Getty|AFP|Reuters|AP|Associated Press|Shutterstock|EPA|Bloomberg|AAP|PA( Images| Wire)?|Alamy|NurPhoto|SOPA Images|Sipa|Xinhua|Anadolu)"
_CAPTION_CREDIT = re.compile(
    r"(\b[\w.'-]+(?: [\w.'-]+){0,3}\s?/\s?" + _AGENCIES + r"( via [\w ]+)?\W*$)"
    r"|(\(([\w ]{0,20} )?(photo|image|picture)s?\b[^)]{0,80}\)\W*$)"
    r"|(^(photo|image|picture|credit|photograph)s?( by|:| credit:)\s.{0,120}$)",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]\s*$")


def _norm(line: str) -> str:
    return re.sub(r"[\W_]+", " ", line).strip().casefold()


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]


def article_lines(text: str) -> set[str]:
    """The article's distinct short lines, normalised: what the boilerplate rule counts."""
    keys = (_norm(l) for l in _lines(text) if l and len(l) <= MAX_BOILERPLATE_LINE)
    return {k for k in keys if k}


def boilerplate_mark(found: set[str]) -> str:
    """A short mark of which outlet boilerplate lines an article holds ("" for none): when it changes,
    the article's cleaning changes."""
    return hashlib.sha1("\n".join(sorted(found)).encode()).hexdigest()[:12] if found else ""


def recurring_lines(articles: list[Article]) -> dict[str | None, set[str]]:
    """Per outlet, the short lines found in at least RECURRING_MIN_ARTICLES of these articles."""
    counts: dict[str | None, Counter] = defaultdict(Counter)
    for article in articles:
        counts[article.source].update(article_lines(article.body))
    return {src: {line for line, n in c.items() if n >= RECURRING_MIN_ARTICLES} for src, c in counts.items()}


def clean_body(text: str, recurring: set[str] | frozenset = frozenset()) -> str:
    lines = _lines(text)
    content_idx = [i for i, l in enumerate(lines) if l]

    # 1. footer heading in the second half: it and everything after it go
    for i in content_idx:
        if i > len(lines) / 2 and len(lines[i]) <= SHORT_LINE and _FOOTER_HEADING.match(lines[i]):
            lines = lines[:i]
            break

    # 2. repeated lines: short ones, or ones repeated only in the tail, go entirely
    keys = [_norm(l) if l and len(l) <= MAX_BOILERPLATE_LINE else "" for l in lines]
    positions: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if k:
            positions[k].append(i)
    drop: set[int] = set()
    for k, where in positions.items():
        if len(where) > 1:
            if len(lines[where[0]]) <= SHORT_LINE or where[0] >= len(lines) / 2:
                drop.update(where)
            else:
                drop.update(where[1:])

    for i, line in enumerate(lines):
        if not line or i in drop:
            continue
        if keys[i] in recurring or _NOISE_LINE.match(line) or _CALL_TO_ACTION.search(line):
            drop.add(i)
        elif len(line) <= MAX_BOILERPLATE_LINE and _CAPTION_CREDIT.search(line):
            drop.add(i)
            prev = next((j for j in range(i - 1, -1, -1) if lines[j]), None)  # alt text just above a caption
            if prev is not None and len(lines[prev]) <= SHORT_LINE and not _SENTENCE_END.search(lines[prev]):
                drop.add(prev)
    kept = [l for i, l in enumerate(lines) if i not in drop]

    # 3. orphan headings left at the end
    while kept and (not kept[-1] or (len(kept[-1]) <= SHORT_LINE and not _SENTENCE_END.search(kept[-1]))):
        kept.pop()

    text = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def clean_article(article: Article, recurring: set[str] | frozenset) -> None:
    """Cleans the body in place, `recurring` being its outlet's boilerplate lines."""
    body = clean_body(article.body, recurring)
    first, _, rest = body.partition("\n")
    if rest.strip() and _norm(first) == _norm(article.title):  # the headline repeated as the first line
        body = rest.strip()
    article.body = body


def clean_articles(articles: list[Article]) -> list[Article]:
    """Cleans bodies in place, boilerplate counted over these articles alone (the index counts over all
    it holds); articles left with no text are returned."""
    recurring = recurring_lines(articles)
    for article in articles:
        clean_article(article, recurring.get(article.source, frozenset()))
    return [a for a in articles if not a.body]
