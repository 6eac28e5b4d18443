"""Outlets named in a question ("as reported by The Verge and TechCrunch"), found among the index's
own sources, never a hard-coded list. Sections of one outlet ("FOX News - Health") form one group."""
from __future__ import annotations

import re
from functools import lru_cache

_SECTION = re.compile(r"\s+(?:-|\||:|–)\s+")


def outlet_key(source: str) -> str:
    main = _SECTION.split(source.strip(), maxsplit=1)[0]
    main = re.sub(r"^the\s+", "", main.strip(), flags=re.I)
    return main.casefold()


@lru_cache(maxsize=8)
def _groups(sources: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for s in sources:
        key = outlet_key(s)
        if len(key) >= 3:
            groups.setdefault(key, []).append(s)
    return {k: tuple(v) for k, v in groups.items()}


def outlet_mentions(question: str, sources: tuple[str, ...]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, sources of the group) for each outlet named in the question, in order of mention."""
    text = question.casefold()
    found = []
    for key, members in _groups(sources).items():
        m = re.search(rf"(?<!\w){re.escape(key)}(?!\w)", text)
        if m:
            found.append((m.start(), m.end(), members))
    return sorted(found)


def outlets_named(question: str, sources: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Groups of sources whose outlet name appears in the question, in order of mention."""
    return [members for _, _, members in outlet_mentions(question, sources)]
