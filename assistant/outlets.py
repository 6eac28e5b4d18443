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


def _short_names(key: str, source: str) -> list[str]:
    """How people type an outlet's name short: its initials ("The New York Times" -> "nyt") when the name has
    three words or more, and its leading initialism ("BBC News" -> "bbc")."""
    words = [w for w in re.findall(r"[\w'’]+", key) if w not in ("of", "and", "the")]
    short = ["".join(w[0] for w in words)] if len(words) >= 3 else []
    first = re.sub(r"^the\s+", "", source.strip(), flags=re.I).split()[0]
    if len(words) >= 2 and len(first) >= 3 and first.isupper() and first.isalpha():
        short.append(first.casefold())
    return short


@lru_cache(maxsize=8)
def _names(sources: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name as typed, sources of its group): each group's full name, then the short names no other group has."""
    groups = _groups(sources)
    names = list(groups.items())
    short: dict[str, list[str]] = {}
    for key, members in groups.items():
        for alias in _short_names(key, members[0]):
            if alias not in groups:
                short.setdefault(alias, []).append(key)
    names += [(alias, groups[keys[0]]) for alias, keys in short.items() if len(set(keys)) == 1]
    return tuple(names)


def outlet_mentions(question: str, sources: tuple[str, ...]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, sources of the group) for each outlet named in the question, in order of mention."""
    text = question.casefold()
    found, seen = [], set()
    for name, members in _names(sources):
        m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
        if m and members not in seen:
            seen.add(members)
            found.append((m.start(), m.end(), members))
    return sorted(found)


def outlets_named(question: str, sources: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Groups of sources whose outlet name appears in the question, in order of mention."""
    return [members for _, _, members in outlet_mentions(question, sources)]
